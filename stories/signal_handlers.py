"""Signal receivers of the stories app, connected in StoriesConfig.ready()."""

from django.db.models.signals import post_save

from home.search.reindex import reindex_on_commit
from site_project.page_cache import purge_on_change
from stories.models import Column, HonourCategory, StoryPage, Town, Video


def reindex_profiles_after_rename(sender, instance, **kwargs):
    """A profile's index holds its town's and honour's names."""
    reindex_on_commit(instance.profiles.all())


def reindex_stories_after_rename(sender, instance, **kwargs):
    reindex_on_commit(StoryPage.objects.filter(column=instance))


def register_signal_handlers():
    post_save.connect(reindex_profiles_after_rename, sender=Town)
    post_save.connect(reindex_profiles_after_rename, sender=HonourCategory)
    post_save.connect(reindex_stories_after_rename, sender=Column)
    purge_on_change(Town, HonourCategory, Column, Video)
