from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from stories.models import HonourCategory, Town


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
    list_display = ["name", "honours_organisations", "sort_order"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (TownViewSet, HonourCategoryViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "基础数据"
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)
