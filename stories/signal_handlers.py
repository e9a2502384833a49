"""Signal receivers of the stories app, connected in StoriesConfig.ready()."""

from django.db.models.signals import post_save

from home.search.reindex import reindex_on_commit
from site_project.frontend_cache import purge_front_cache_on_change
from site_project.page_cache import purge_on_change
from stories.models import Column, EpisodePage, HonourCategory, ProfilePage, StoryPage, Town, Video


def reindex_profiles_after_rename(sender, instance, **kwargs):
    """A profile's index holds its town's and honour's names."""
    reindex_on_commit(instance.profiles.all())


def reindex_stories_after_rename(sender, instance, **kwargs):
    reindex_on_commit(StoryPage.objects.filter(column=instance))


def tag_slugs(page):
    return [tag.slug for tag in page.tags.all()]


def linked_profiles(page):
    """The profiles a story or an episode is about, which list it."""
    return [link.profile for link in page.profile_links.select_related("profile")]


def profile_shown_on(profile):
    """Besides the listings: the stories and episodes about the profile, its year's roll and its
    tags' pages (site_project.frontend_cache)."""
    stories = StoryPage.objects.filter(profile_links__profile=profile)
    episodes = EpisodePage.objects.filter(profile_links__profile=profile)
    return [*stories, *episodes], {"year": [profile.year], "tag": tag_slugs(profile)}


def story_shown_on(story):
    return linked_profiles(story), {"column": [story.column.slug], "tag": tag_slugs(story)}


def register_signal_handlers():
    post_save.connect(reindex_profiles_after_rename, sender=Town)
    post_save.connect(reindex_profiles_after_rename, sender=HonourCategory)
    post_save.connect(reindex_stories_after_rename, sender=Column)
    purge_on_change(Town, HonourCategory, Column, Video)
    purge_front_cache_on_change(ProfilePage, shown_on=profile_shown_on)
    purge_front_cache_on_change(StoryPage, shown_on=story_shown_on)
    purge_front_cache_on_change(EpisodePage, shown_on=lambda episode: (linked_profiles(episode), {}))
    purge_front_cache_on_change(Town, HonourCategory)
    purge_front_cache_on_change(Column, shown_on=lambda column: ((), {"column": [column.slug]}))
    purge_front_cache_on_change(Video, shown_on=lambda video: (video.episodes.all(), {}))
