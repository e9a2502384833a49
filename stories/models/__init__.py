from .columns import Column, StoryIndexPage, StoryPage, StoryProfile, StoryTag
from .episodes import EpisodePage, EpisodeProfile, SeriesIndexPage, Video
from .profiles import ProfileIndexPage, ProfilePage, ProfileTag
from .reference import HonourCategory, Town

__all__ = [
    "Column",
    "EpisodePage",
    "EpisodeProfile",
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
    "Video",
]
