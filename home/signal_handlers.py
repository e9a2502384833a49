"""Signal receivers of the home app, connected in HomeConfig.ready()."""

from functools import partial

from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils import translation
from django.utils.translation import gettext

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import SearchTerm, SiteImage, SiteSettings, SiteTag
from home.search.dictionary import reindex_objects_containing
from home.search.segmenter import forget_dictionary_version
from home.sites import keep_default_site_at_site_url
from site_project.frontend_cache import purge_front_cache_on_change, purge_front_cache_receiver
from site_project.page_cache import purge_on_change, purge_pages

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看", "choose": "选择"}


def chinese_permission_name(permission):
    """ "Can add user" → "可以添加用户"; a name from a translation catalogue ("Publish any page")
    in its Chinese. Django writes permission names once, in English ("Can add 先锋人物")."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is not None and action in ACTIONS and model_name == model._meta.model_name:
        return f"可以{ACTIONS[action]}{model._meta.verbose_name}"
    return gettext(permission.name)


def name_permissions_in_chinese(sender, using, **kwargs):
    """The group editor lists permissions by name: after each migrate, every name is Chinese."""
    with translation.override("zh-hans"):
        permissions = Permission.objects.using(using).select_related("content_type")
        for permission in permissions.filter(name__regex=r"[A-Za-z]"):
            name = chinese_permission_name(permission)[: Permission._meta.get_field("name").max_length]
            if name != permission.name:
                Permission.objects.using(using).filter(pk=permission.pk).update(name=name)


def remember_previous_word(sender, instance, **kwargs):
    instance.previous_word = SearchTerm.objects.filter(pk=instance.pk).values_list("word", flat=True).first()


def reindex_after_dictionary_change(sender, instance, **kwargs):
    """Everything holding a word added, changed or removed is indexed again, after the commit."""
    words = sorted({word for word in (getattr(instance, "previous_word", None), instance.word) if word})
    transaction.on_commit(forget_dictionary_version)
    transaction.on_commit(partial(reindex_objects_containing.enqueue, words))


def register_signal_handlers():
    # For every app: each app's permissions are made by its own post_migrate, and renamed at the next.
    post_migrate.connect(name_permissions_in_chinese, dispatch_uid="home.name_permissions_in_chinese")
    # Once per migrate (make run, every deploy): the Site at SITE_URL's host and port.
    post_migrate.connect(keep_default_site_at_site_url, sender=apps.get_app_config("home"))
    pre_save.connect(remember_previous_word, sender=SearchTerm)
    post_save.connect(reindex_after_dictionary_change, sender=SearchTerm)
    post_delete.connect(reindex_after_dictionary_change, sender=SearchTerm)
    # Scheduled go-live and expiry publish and unpublish too; deleting a live page unpublishes it.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_pages, dispatch_uid=f"home.purge_pages.{signal}")
        signal.connect(purge_front_cache_receiver, dispatch_uid=f"home.purge_front_cache.{signal}")
    # A page made private must leave the cache; editors' 搜索推荐 shows on the search page; a Site's
    # name and address show on every page.
    purge_on_change(Site, SiteSettings, SiteImage, SiteTag, SearchTerm, PageViewRestriction, SearchPromotion)
    # The search's dictionary shows on no page a front cache keeps by its address.
    purge_front_cache_on_change(SiteSettings, SiteImage)
    purge_front_cache_on_change(SiteTag, shown_on=lambda tag: ((), {"tag": [tag.slug]}))
