"""宣讲 pages: the section, the lecture teams, and the tours whose sessions they give."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from home.api_fields import AbsoluteUrlField, PageLinksField
from home.filters import ChoiceFacet, Facet, ListingFilters, MonthFacet
from home.forms import PageForm
from home.models import BasePage, IndexPage
from home.pagination import paginate
from home.privacy import SitePageQuerySet
from lectures import calendars
from lectures.schedule import month_calendars
from lectures.serializers import SpeakersField, TourProgressField
from site_project.fragments import remembered
from site_project.page_cache import pages_version
from stories.models import Town

from .sessions import Session, SessionPhoto, SessionState, Speaker, VenueKind
from .teams import TeamGroup

MAX_SESSION_NUMBER = 2**31 - 1
REPORTS_IN_FULL = 10  # a tour page shows the latest reports with photos, the older ones as a list


def today():
    return timezone.localdate()


def photos_with_images():
    """Session photos with their images, so a page's photos cost fixed queries (the renditions come
    from the renditions cache)."""
    return Prefetch("photos", queryset=SessionPhoto.objects.select_related("image"))


class LectureTeamPageForm(PageForm):
    """The team page's form, with the user group that manages the team on its 设置 tab (for those
    who may choose it, see settings_panels). The group is not a page field (see TeamGroup): the
    choice is linked when the page is saved, whatever the action, and no revision holds it."""

    group = forms.ModelChoiceField(
        Group.objects.order_by("name"),
        required=False,
        label="管理本团的用户组",
        help_text="这个用户组的成员只能管理本团的宣讲场次。保存即生效，不经审核，也不随页面的版本变化。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "group" in self.fields:
            group = self.instance.group
            self.initial["group"] = group.pk if group else None

    def clean_group(self):
        group = self.cleaned_data["group"]
        other = group and TeamGroup.objects.filter(group=group).exclude(team_id=self.instance.pk).first()
        if other:
            raise ValidationError(f"这个用户组已在管理{other.team}，一个用户组只管理一个宣讲团。")
        return group

    def save(self, commit=True):
        if "group" in self.fields:
            # A new page has no id until Wagtail adds it to the tree: LectureTeamPage.save links it.
            self.instance.chosen_group = self.cleaned_data["group"]
        return super().save(commit=commit)


def members_with_photos():
    """A team's speakers by name, with their photos (and renditions) and profiles."""
    speakers = Speaker.objects.select_related("photo", "profile").prefetch_related("photo__renditions")
    return speakers.order_by("name")


class TeamQuerySet(SitePageQuerySet):
    def for_api(self):
        """What the API gives of each, in a fixed number of queries however many there are."""
        return self.prefetch_related(Prefetch("speakers", queryset=members_with_photos()))


class LectureTeamPage(calendars.CalendarRoutesMixin, RoutablePageMixin, BasePage):
    """宣讲团 at /xuanjiang/<team>/: what the team does, its members and its coming sessions."""

    intro = RichTextField("简介", blank=True, features=["bold", "italic", "link"])

    objects = PageManager.from_queryset(TeamQuerySet)()

    base_form_class = LectureTeamPageForm
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("group", permission="lectures.manage_all_sessions"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("members", serializer=SpeakersField(members=True, source="speakers")),
        APIField("calendar_url", serializer=AbsoluteUrlField(source="feed_url")),
    ]
    parent_page_types = ["lectures.LectureIndexPage"]
    subpage_types = []

    upcoming_shown = 20

    class Meta:
        verbose_name = "宣讲团"
        verbose_name_plural = "宣讲团"

    @property
    def group(self):
        """The user group whose members manage this team's sessions, or None (see TeamGroup)."""
        link = getattr(self, "team_group", None)  # no link: Django's RelatedObjectDoesNotExist
        return link.group if link else None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if "chosen_group" in self.__dict__:  # chosen in the editor (LectureTeamPageForm)
            from lectures.permissions import set_team_group  # which imports this module

            set_team_group(self, self.__dict__.pop("chosen_group"))

    def visible_sessions(self):
        return Session.objects.visible().filter(team=self)

    @path("")
    def team(self, request):
        if self.pk is None:  # a new team, previewed before it is first saved, has nothing yet
            return self.render(request, context_overrides={"members": [], "sessions": [], "tours": []})
        upcoming = self.visible_sessions().upcoming().for_listing().in_order()
        members = members_with_photos().filter(team=self)
        return self.render(
            request,
            context_overrides={
                "members": members,
                "sessions": upcoming[: self.upcoming_shown],
                "tours": TourPage.objects.live().public().filter(teams=self).order_by("-starts_on"),
                "feed_url": self.feed_url(),
            },
        )

    def feed_url(self):
        return self.url + self.reverse_subpage("calendar")

    @path("rili.ics")
    def calendar(self, request):
        return calendars.feed_response(request, self.title, self.visible_sessions(), f"{self.slug}.ics")


class LectureIndexPage(calendars.CalendarRoutesMixin, RoutablePageMixin, IndexPage):
    """宣讲 at /xuanjiang/: the coming sessions across tours, filterable; the teams and tours."""

    subpage_types = ["lectures.LectureTeamPage", "lectures.TourPage"]
    per_page = 20
    filter_facets = (
        Facet("town", "乡镇（街道）", "town", Town),
        ChoiceFacet("kind", "类型", "venue_kind", VenueKind),
        Facet("team", "宣讲团", "team", LectureTeamPage),
        MonthFacet("month", "月份", "date"),
    )

    class Meta:
        verbose_name = verbose_name_plural = "宣讲"

    def sessions(self):
        return Session.objects.visible().filter(tour__path__startswith=self.path)

    @path("")
    def upcoming(self, request):
        filters = ListingFilters(
            request.GET, self.sessions().upcoming(), self.filter_facets, key=("upcoming", self.pk, today())
        )
        sessions = filters.queryset().for_listing().in_order()
        town = filters.selected.get("town")
        tours = (
            TourPage.objects.live()
            .public()
            .child_of(self)
            .annotate(held=Count("sessions", filter=Q(sessions__state=SessionState.HELD)))
            .order_by("-starts_on")
        )
        return self.render(
            request,
            context_overrides={
                "filters": filters,
                "sessions": paginate(request, sessions, self.per_page),
                "teams": LectureTeamPage.objects.live().public().child_of(self),
                "tours": tours,
                "town": town,
                "town_feed": town and self.url + self.reverse_subpage("town_calendar", args=[town.slug]),
                "today": today(),
            },
        )

    @path("rili/<slug:town>.ics")
    def town_calendar(self, request, town):
        town = get_object_or_404(Town, slug=town)
        sessions = self.sessions().filter(town=town)
        return calendars.feed_response(request, f"{town}宣讲", sessions, f"{town.slug}.ics")


class TourQuerySet(SitePageQuerySet):
    def for_api(self):
        """What the API gives of each, its sessions counted by state, in a fixed number of queries
        however many there are."""
        counts = {
            f"{state}_count": Count("sessions", filter=Q(sessions__state=state))
            for state in SessionState.values
        }
        return self.annotate(**counts).prefetch_related("teams")


class TourPage(calendars.CalendarRoutesMixin, RoutablePageMixin, BasePage):
    """巡讲 at /xuanjiang/<tour>/: its progress toward the target, its schedule and its sessions."""

    intro = RichTextField("简介", blank=True, features=["bold", "italic", "link"])
    teams = ParentalManyToManyField(LectureTeamPage, verbose_name="宣讲团", related_name="tours")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    target = models.PositiveSmallIntegerField("目标场次", default=105)

    objects = PageManager.from_queryset(TourQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "teams", widget=forms.CheckboxSelectMultiple, permission="lectures.manage_all_sessions"
                ),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("target")]),
            ],
            heading="巡讲安排",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("starts_on"),
        APIField("ends_on"),
        APIField("progress", serializer=TourProgressField()),
        APIField("teams", serializer=PageLinksField()),
        APIField("calendar_url", serializer=AbsoluteUrlField(source="feed_url")),
    ]
    parent_page_types = ["lectures.LectureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "巡讲"
        verbose_name_plural = "巡讲"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise forms.ValidationError({"ends_on": "结束日期不能早于开始日期。"})

    def all_sessions(self):
        if self.pk is None:  # a new tour, previewed before it is first saved
            return Session.objects.none()
        return self.sessions.all()

    def schedule(self):
        return self.all_sessions().for_listing().in_order()

    def feed_url(self):
        return self.url + self.reverse_subpage("calendar")

    def progress(self, held):
        """How far `held` sessions bring the tour toward its target, in percent."""
        return min(100, round(100 * held / self.target)) if self.target else 0

    def api_state_counts(self):
        """{state: count} as TourQuerySet.for_api annotated them."""
        return {state: getattr(self, f"{state}_count") for state in SessionState.values}

    def live_teams(self):
        # Filtered in Python: in a preview `teams` is an in-memory list, not a page queryset.
        return [team for team in self.teams.all() if team.live]

    @path("")
    def tour(self, request):
        """The schedule, calendars and reports are cached by the pages' version, which any change to
        a session moves on (see the template), so they are read and drawn only after a change. On
        such a miss the month calendars and the list share one schedule queryset, which reads the
        sessions once; on a hit neither is evaluated. The counts, the next session and the teams
        are remembered for the version too, but in a preview, which shows the tour as edited."""
        sessions = self.all_sessions()
        schedule = self.schedule()
        remember = self._remembered_unless_previewed(request)
        counts = remember("counts", sessions.state_counts)
        this_minute = timezone.now().replace(second=0, microsecond=0)
        held = sessions.filter(state=SessionState.HELD).for_listing().order_by("-date", "-start")
        return self.render(
            request,
            context_overrides={
                "schedule_version": f"{pages_version()}-{today()}",
                "sessions": schedule,
                "session_count": sum(counts.values()),
                "counts": counts,
                "progress": self.progress(counts[SessionState.HELD]),
                "months": lambda: month_calendars(schedule, today=today()),
                "reports": held.prefetch_related(photos_with_images())[:REPORTS_IN_FULL],
                "older_report_count": max(0, counts[SessionState.HELD] - REPORTS_IN_FULL),
                "next_session": remember(("next", this_minute), lambda: sessions.next_after(this_minute)),
                "tour_teams": remember("teams", self.live_teams),
                "feed_url": self.feed_url(),
            },
        )

    def get_sitemap_urls(self, request=None):
        """The tour and each of its sessions, which are routes of the tour rather than pages."""
        tour_url = self.get_full_url(request)
        sessions = self.sessions.order_by("number").values_list("number", "updated_at")
        return [
            *super().get_sitemap_urls(request),
            *(
                {"location": tour_url + self.reverse_subpage("session", args=[number]), "lastmod": updated_at}
                for number, updated_at in sessions
            ),
        ]

    def _remembered_unless_previewed(self, request):
        if getattr(request, "is_preview", False):
            return lambda name, compute: compute()
        return lambda name, compute: remembered(("tour", self.pk, name), compute)

    @path("<int:number>/")
    def session(self, request, number):
        session = self._remembered_unless_previewed(request)(
            ("session", number), lambda: self._session(number)
        )
        return self.render(
            request,
            template="lectures/session.html",
            context_overrides={
                "session": session,
                "feed_url": self.feed_url(),
                "ics_url": self.url + self.reverse_subpage("session_calendar", args=[number]),
            },
        )

    @path("<int:number>.ics")
    def session_calendar(self, request, number):
        session = self._session(number)
        return calendars.event_response(request, session)

    @path("rili.ics")
    def calendar(self, request):
        return calendars.feed_response(request, self.title, self.sessions.all(), f"{self.slug}.ics")

    @path("dayin/")
    def printable(self, request):
        return self.render(
            request,
            template="lectures/tour_print.html",
            context_overrides={
                "sessions": self.schedule(),
                "counts": self.sessions.state_counts(),
                "today": today(),
            },
        )

    def _session(self, number):
        if number > MAX_SESSION_NUMBER:  # beyond the column's range: no such session, not an error
            raise Http404("没有这一场宣讲。")
        try:
            return (
                self.sessions.for_listing()
                .prefetch_related(photos_with_images(), "speakers__profile")
                .get(number=number)
            )
        except Session.DoesNotExist as error:
            raise Http404("没有这一场宣讲。") from error
