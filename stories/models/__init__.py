from .columns import Column, StoryIndexPage, StoryPage, StoryProfile, StoryTag
from .profiles import ProfileIndexPage, ProfilePage, ProfileTag
from .reference import HonourCategory, Town
from .sections import SeriesIndexPage

__all__ = [
    "Column",
    "HonourCategory",
    "ProfileIndexPage",
    "ProfilePage",
    "ProfileTag",
    "SeriesIndexPage",
    "StoryIndexPage",
    "StoryPage",
    "StoryProfile",
    "StoryTag",
    "Town",
]
