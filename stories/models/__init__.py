from .profiles import ProfileIndexPage, ProfilePage, ProfileTag
from .reference import HonourCategory, Town
from .sections import SeriesIndexPage, StoryIndexPage

__all__ = [
    "HonourCategory",
    "ProfileIndexPage",
    "ProfilePage",
    "ProfileTag",
    "SeriesIndexPage",
    "StoryIndexPage",
    "Town",
]
