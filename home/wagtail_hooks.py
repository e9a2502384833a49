from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.autosave import PageViewSet
from home.models import SearchTerm


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = "搜索词典"
    add_to_settings_menu = True
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    ordering = ["word"]


register_snippet(SearchTermViewSet)


@hooks.register("construct_reports_menu")
def name_the_search_terms_report_in_chinese(request, menu_items):
    # Wagtail's zh-hans translation lacks this label.
    for item in menu_items:
        if item.name == "search-terms":
            item.label = "热门搜索词"


@hooks.register("construct_help_menu")
def keep_only_chinese_help(request, menu_items):
    # Wagtail's release notes and editor guide are English pages abroad: only its shortcuts stay.
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in {"editor-guide"} and not item.name.startswith("whats-new")
    ]


@hooks.register("register_admin_viewset")
def register_page_viewset():
    # After Wagtail's own (order -1): this one then serves every page type.
    return PageViewSet()
