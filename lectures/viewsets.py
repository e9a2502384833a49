"""The admin's 宣讲 menu: sessions and speakers as snippets, each row belonging to a lecture team."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

import django_filters

from home.dates import chinese_date
from lectures.fields import BoundedModelChoiceFilter
from lectures.models import Session, SessionState, Speaker, VenueKind
from lectures.permissions import managed_teams, managed_tours, team_ids
from stories.models import Town


def teams_for(request):
    return managed_teams(request.user)


def tours_for(request):
    return managed_tours(request.user)


def rows_for(request, model):
    """The rows of `model` the user may see in its listing: all, or their teams' own."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        request.user, IndexView.any_permission_required
    )


class TeamScopedForm(WagtailAdminModelForm):
    """Offers a member of a team's group only their own team(s)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_ids = team_ids(self.for_user) if self.for_user else None
        if self.team_ids is not None:
            self.fields["team"].queryset = managed_teams(self.for_user)


class SessionForm(TeamScopedForm):
    """A session's form: a team's member picks among their tours and speakers; the team must be one
    of the tour's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.team_ids is not None:
            self.fields["tour"].queryset = managed_tours(self.for_user)
            self.fields["speakers"].queryset = Speaker.objects.filter(team__in=self.team_ids)

    def clean(self):
        cleaned_data = super().clean()
        tour, team = cleaned_data.get("tour"), cleaned_data.get("team")
        if tour and team and not tour.teams.filter(pk=team.pk).exists():
            self.add_error("team", f"{team}不在“{tour}”的宣讲团之列，请先在巡讲页面加上它。")
        return cleaned_data


class SessionFilterSet(WagtailFilterSet):
    tour = BoundedModelChoiceFilter(label="巡讲", queryset=tours_for, empty_label="全部")
    team = BoundedModelChoiceFilter(label="宣讲团", queryset=teams_for, empty_label="全部")
    town = BoundedModelChoiceFilter(label="乡镇（街道）", queryset=Town.objects.all(), empty_label="全部")
    venue_kind = django_filters.ChoiceFilter(
        label="类型", choices=VenueKind.choices, empty_label="全部", widget=forms.RadioSelect
    )
    state = django_filters.ChoiceFilter(
        label="状态", choices=SessionState.choices, empty_label="全部", widget=forms.RadioSelect
    )
    month = django_filters.ChoiceFilter(label="月份", method="filter_month", empty_label="全部")

    class Meta:
        model = Session
        fields = ["tour", "team", "town", "venue_kind", "state", "month"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The months that have sessions the user can see, e.g. 2026-12 "2026年12月".
        months = rows_for(self.request, Session).dates("date", "month")
        self.filters["month"].extra["choices"] = [
            (f"{month:%Y-%m}", f"{month.year}年{month.month}月") for month in months
        ]

    def filter_month(self, queryset, name, value):
        year, month = value.split("-")
        return queryset.filter(date__year=int(year), date__month=int(month))


class SpeakerFilterSet(WagtailFilterSet):
    team = BoundedModelChoiceFilter(label="宣讲团", queryset=teams_for, empty_label="全部")

    class Meta:
        model = Speaker
        fields = ["team"]


class TeamRowMixin:
    """Refuses another team's row: Wagtail's generic object views check only the model permission,
    so the row is put to the permission policy here (and a refusal is Wagtail's usual redirect)."""

    def dispatch(self, request, *args, **kwargs):
        actions = self.any_permission_required or [self.permission_required]
        if not self.permission_policy.user_has_any_permission_for_instance(
            request.user, actions, self.object
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TeamEditView(TeamRowMixin, EditView):
    pass


class TeamDeleteView(TeamRowMixin, DeleteView):
    pass


class TeamHistoryView(TeamRowMixin, HistoryView):
    pass


class TeamUsageView(TeamRowMixin, UsageView):
    pass


class TeamScopedViewSet(SnippetViewSet):
    """A snippet whose rows belong to a lecture team: a team's member lists, edits and deletes only
    their own (lectures.permissions.TeamPermissionPolicy decides)."""

    edit_view_class = TeamEditView
    delete_view_class = TeamDeleteView
    history_view_class = TeamHistoryView
    usage_view_class = TeamUsageView
    list_per_page = 50
    # Django's icontains rather than the database search backend: SQLite's FTS5 tokenizer takes a run
    # of Chinese characters for one word, so a word inside a topic would not be found.
    search_backend_name = None

    def get_queryset(self, request):
        return rows_for(request, self.model).select_related("team")


class SessionIndexView(IndexView):
    def order_queryset(self, queryset):
        # Unless a column is chosen, the next sessions lead (a schedule is read from today on).
        if self.request.GET.get("ordering") in self.get_valid_orderings():
            return super().order_queryset(queryset)
        return queryset.next_first()

    @cached_property
    def columns(self):
        # The date leads, as in a schedule; the topic stays the title column that links to the editor.
        checkbox, topic, when, *others = super().columns
        return [checkbox, when, topic, *others]

    def search_queryset(self, queryset):
        # A search by speaker's name joins the speakers: one row per matching speaker otherwise.
        queryset = super().search_queryset(queryset)
        return queryset.distinct() if self.is_searching else queryset


class SessionViewSet(TeamScopedViewSet):
    model = Session
    icon = "calendar-alt"
    menu_label = "宣讲场次"
    index_view_class = SessionIndexView
    list_display = [
        "topic",
        Column(
            "when",
            label="时间",
            accessor=lambda session: (
                f"{chinese_date(session.date)} {session.start:%H:%M}–{session.end:%H:%M}"
            ),
            sort_key="date",
        ),
        "team",
        "town",
        "venue_kind",
        StatusTagColumn(
            "state",
            label="状态",
            accessor="get_state_display",
            primary=lambda session: session.state == SessionState.PLANNED,
            sort_key="state",
        ),
        "number",
    ]
    ordering = ["date", "start", "number"]
    filterset_class = SessionFilterSet
    search_fields = ["topic", "venue", "speakers__name"]
    edit_handler = ObjectList(Session.panels, base_form_class=SessionForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("town")


class SpeakerViewSet(TeamScopedViewSet):
    model = Speaker
    icon = "user"
    menu_label = "主讲人"
    list_display = ["name", "team", "title"]
    filterset_class = SpeakerFilterSet
    search_fields = ["name", "title"]
    edit_handler = ObjectList(Speaker.panels, base_form_class=TeamScopedForm)


class LecturesAdminGroup(SnippetViewSetGroup):
    items = (SessionViewSet, SpeakerViewSet)
    menu_icon = "comment"
    menu_label = "宣讲"
    menu_name = "lectures"
    menu_order = 200
