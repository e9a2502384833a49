from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.search.reindex import reindex_on_commit
from home.search.results import PageKind
from stories.honouree_import_views import HonoureeImportMenuItem, urlpatterns
from stories.models import Column, EpisodePage, HonourCategory, ProfilePage, StoryPage, Town


class TownViewSet(SnippetViewSet):
    model = Town
    icon = "site"
    menu_label = "乡镇（街道）"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class HonourCategoryViewSet(SnippetViewSet):
    model = HonourCategory
    icon = "pick"
    menu_label = "荣誉类别"
    list_display = [
        "name",
        BooleanColumn(
            "honours_organisations",
            label=HonourCategory._meta.get_field("honours_organisations").verbose_name,
        ),
        "sort_order",
    ]


class ColumnViewSet(SnippetViewSet):
    model = Column
    icon = "list-ul"
    menu_label = "专栏"
    list_display = ["name", "slug", "sort_order"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (TownViewSet, HonourCategoryViewSet, ColumnViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "基础数据"
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)


@hooks.register("register_admin_urls")
def register_honouree_import_urls():
    return urlpatterns


@hooks.register("register_admin_menu_item")
def register_honouree_import_menu_item():
    return HonoureeImportMenuItem(
        "导入先锋人物",
        reverse("stories_import_honourees"),
        name="import-honourees",
        icon_name="upload",
        order=250,
    )


@hooks.register("register_search_kinds")
def register_search_kinds():
    return [
        PageKind("renwu", "先锋人物", 10, (ProfilePage,)),
        PageKind("zhuanlan", "专栏文章", 20, (StoryPage,)),
        PageKind("shipin", "《先锋》视频", 30, (EpisodePage,)),
    ]


@receiver(post_save, sender=Town)
@receiver(post_save, sender=HonourCategory)
def reindex_profiles_after_rename(sender, instance, **kwargs):
    reindex_on_commit(instance.profiles.all())


@receiver(post_save, sender=Column)
def reindex_stories_after_rename(sender, instance, **kwargs):
    reindex_on_commit(StoryPage.objects.filter(column=instance))
