from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.search.results import PageKind
from stories import video_notices
from stories.honouree_views import HonoureeImportViewSet
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


@hooks.register("register_admin_viewset")
def register_honouree_import():
    return HonoureeImportViewSet()


@hooks.register("register_search_kinds")
def register_search_kinds():
    return [
        PageKind("renwu", "先锋人物", 10, (ProfilePage,)),
        PageKind("zhuanlan", "专栏文章", 20, (StoryPage,)),
        PageKind("shipin", "《先锋》视频", 30, (EpisodePage,)),
    ]


@hooks.register("register_admin_urls", order=-1)
def register_video_upload_notices():
    return video_notices.urlpatterns
