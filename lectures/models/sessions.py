"""Speakers and the sessions of a tour: records the teams keep, not pages."""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Max, Q, When
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from rest_framework.fields import DateTimeField

from home.api_fields import AbsoluteUrlField, LabelledChoiceField, PageLinkField, ReferenceField
from home.models import SiteImage, optional_image
from home.privacy import site_pages
from home.structured_data import image_url
from lectures.serializers import MovedFromField, SpeakersField
from site_project.fragments import remembered
from stories.models import Town

SHANGHAI = ZoneInfo("Asia/Shanghai")


class VenueKind(models.TextChoices):
    OFFICE = "jiguan", "机关"
    SCHOOL = "xuexiao", "学校"
    COMMUNITY = "shequ", "社区"
    VILLAGE = "nongcun", "农村"
    ENTERPRISE = "qiye", "企业"


class SessionState(models.TextChoices):
    PLANNED = "planned", "待举办"
    HELD = "held", "已举办"
    MOVED = "moved", "已改期"
    CANCELLED = "cancelled", "已取消"


class Speaker(index.Indexed, models.Model):
    """主讲人: a member of a lecture team, perhaps an honouree with a profile."""

    name = models.CharField("姓名", max_length=30)
    team = models.ForeignKey(
        "lectures.LectureTeamPage", verbose_name="宣讲团", on_delete=models.PROTECT, related_name="speakers"
    )
    title = models.CharField("职务和单位", max_length=60, blank=True, help_text="如：市委党校讲师。")
    photo = optional_image("照片")
    bio = models.TextField("简介", max_length=300, blank=True)
    profile = models.ForeignKey(
        "stories.ProfilePage",
        verbose_name="先锋人物页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_roles",
        help_text="主讲人是受表彰的先锋人物时，链接到他（她）的事迹。",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("team", widget=forms.Select)]),
        FieldPanel("title"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["team__path", "name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="unique_speaker_per_team")]
        verbose_name = "主讲人"
        verbose_name_plural = "主讲人"

    def __str__(self):
        return self.name


class SessionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def for_listing(self):
        """What a schedule row shows, in a fixed number of queries however many rows."""
        return self.select_related("tour", "team", "town").prefetch_related("speakers")

    def in_order(self):
        return self.order_by("date", "start", "number")

    def next_first(self, today=None):
        """Today's and the coming sessions from the next one on, then the past from the latest back."""
        coming_date = Case(When(date__gte=today or timezone.localdate(), then=F("date")))
        return self.order_by(coming_date.asc(nulls_last=True), F("date").desc(), "start", "number")

    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).exclude(state=SessionState.HELD)

    def version(self):
        """A key that changes whenever a session of the set is added, changed or removed."""
        state = self.order_by().aggregate(count=Count("pk"), changed=Max("updated_at"))
        return f"{state['count']}-{state['changed'].timestamp() if state['changed'] else 0}"

    def next_after(self, moment):
        """The first session still to come at `moment` (an aware datetime), or None."""
        local = moment.astimezone(SHANGHAI)
        coming = self.filter(state__in=(SessionState.PLANNED, SessionState.MOVED)).filter(
            Q(date__gt=local.date()) | Q(date=local.date(), end__gte=local.time())
        )
        return coming.for_listing().in_order().first()

    def state_counts(self):
        """How many sessions are in each state: {state: count}, every state present."""
        return self.aggregate(**{state: Count("pk", filter=Q(state=state)) for state in SessionState.values})

    def visible(self):
        """Sessions of live tours without a view restriction: what the public may see."""
        return self.filter(tour__live=True, tour__in=site_pages().public().values("pk"))


class Session(index.Indexed, ClusterableModel):
    """场次: one lecture of a tour — when, where, who, and how it went."""

    tour = models.ForeignKey(
        "lectures.TourPage", verbose_name="巡讲", on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveIntegerField("序号", help_text="巡讲内的编号，导入表格时用它认出同一场。")
    date = models.DateField("日期")
    start = models.TimeField("开始时间")
    end = models.TimeField("结束时间")
    team = models.ForeignKey(
        "lectures.LectureTeamPage", verbose_name="宣讲团", on_delete=models.PROTECT, related_name="sessions"
    )
    speakers = ParentalManyToManyField(Speaker, verbose_name="主讲人", related_name="sessions", blank=True)
    topic = models.CharField("题目", max_length=100)
    town = models.ForeignKey(
        Town, verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="sessions"
    )
    venue = models.CharField("地点", max_length=100)
    venue_kind = models.CharField("类型", max_length=10, choices=VenueKind.choices)
    notes = models.TextField("备注", max_length=500, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=SessionState.choices, default=SessionState.PLANNED
    )
    previous_date = models.DateField("原定日期", null=True, blank=True)
    previous_start = models.TimeField("原定开始时间", null=True, blank=True)
    previous_end = models.TimeField("原定结束时间", null=True, blank=True)
    audience = models.PositiveIntegerField("听众人数", null=True, blank=True)
    report = models.TextField(
        "简报", max_length=1000, blank=True, help_text="举办后写几句：讲了什么、听众反响。"
    )
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    sequence = models.PositiveIntegerField("修订次数", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("tour", widget=forms.Select), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start"), FieldPanel("end")], heading="时间"),
        FieldPanel("team", widget=forms.Select),
        FieldPanel("speakers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topic"),
        FieldRowPanel(
            [FieldPanel("town", widget=forms.Select), FieldPanel("venue"), FieldPanel("venue_kind")],
            heading="地点",
        ),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("state"),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("cancel_reason")]),
                FieldPanel("report"),
                InlinePanel("photos", label="现场照片", max_num=9),
            ],
            heading="举办情况",
        ),
    ]
    search_fields = [
        index.SearchField("topic"),
        index.SearchField("venue"),
        index.AutocompleteField("topic"),
        index.RelatedFields("town", [index.SearchField("name")]),
        index.RelatedFields("speakers", [index.SearchField("name")]),
        index.FilterField("tour"),
        index.FilterField("team"),
        index.FilterField("state"),
    ]
    api_fields = [
        APIField("topic"),
        APIField("starts_at", serializer=DateTimeField(read_only=True)),  # +08:00
        APIField("ends_at", serializer=DateTimeField(read_only=True)),
        APIField("state", serializer=LabelledChoiceField(SessionState)),
        APIField("moved_from", serializer=MovedFromField()),
        APIField("tour", serializer=PageLinkField()),
        APIField("team", serializer=PageLinkField()),
        APIField("speakers", serializer=SpeakersField()),
        APIField("town", serializer=ReferenceField("name", "slug")),
        APIField("venue"),
        APIField("venue_kind", serializer=LabelledChoiceField(VenueKind)),
        APIField("notes"),
        APIField("audience"),
        APIField("report"),
        APIField("cancel_reason"),
    ]
    api_meta_fields = [
        APIField("html_url", serializer=AbsoluteUrlField(source="get_url")),
        APIField("ics_url", serializer=AbsoluteUrlField(source="calendar_url")),
    ]
    # save() indexes once the cluster has committed the speakers; modelsearch's post_save signal
    # would index before that; a receiver in signal_handlers removes a deleted one.
    search_auto_update = False

    class Meta:
        ordering = ["date", "start", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "number"], name="unique_session_number"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_ends_after_start"),
        ]
        permissions = [("manage_all_sessions", "可管理所有宣讲团的场次")]
        verbose_name = "宣讲场次"
        verbose_name_plural = "宣讲场次"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"

    @classmethod
    def from_db(cls, db, field_names, values):
        session = super().from_db(db, field_names, values)
        if {"date", "start", "end"} <= set(field_names):  # read from values: a deferred field would reload
            session._saved_time = tuple(values[field_names.index(name)] for name in ("date", "start", "end"))
        return session

    def clean_times(self):
        """The rule the constraint session_ends_after_start keeps in the database, checked first
        wherever a time is entered (the editor, the spreadsheet)."""
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "结束时间要晚于开始时间。"})

    def time_key(self):
        return (self.date, self.start, self.end)

    def clean(self):
        self.clean_times()
        if self.state == SessionState.MOVED and self.previous_date is None:
            raise ValidationError({"state": "改期请直接改日期和时间：保存时自动标为已改期，并保留原定时间。"})
        if self.state == SessionState.CANCELLED and not self.cancel_reason:
            raise ValidationError({"cancel_reason": "取消的场次请写明原因，公众会看到。"})

    def save(self, *args, **kwargs):
        """Every change raises the calendar SEQUENCE; a new time for an announced session is a move
        that keeps the time first announced."""
        saved_time = getattr(self, "_saved_time", None)
        if not self._state.adding:
            self.sequence += 1
            if (
                saved_time
                and saved_time != self.time_key()
                and self.state in (SessionState.PLANNED, SessionState.MOVED)
            ):
                if self.previous_date is None:
                    self.previous_date, self.previous_start, self.previous_end = saved_time
                self.state = SessionState.MOVED
        super().save(*args, **kwargs)
        self._saved_time = self.time_key()
        index.insert_or_update_object(self)

    def may_be_marked_held(self, today=None):
        """Held is what a session becomes once its day has come, unless it was cancelled."""
        return self.state in (SessionState.PLANNED, SessionState.MOVED) and self.date <= (
            today or timezone.localdate()
        )

    def mark_held(self, audience=None, report=""):
        self.state = SessionState.HELD
        if audience is not None:
            self.audience = audience
        self.report = report or self.report
        self.save()

    def cancel(self, reason):
        self.state = SessionState.CANCELLED
        self.cancel_reason = reason
        self.save()

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.date, self.start, SHANGHAI)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.date, self.end, SHANGHAI)

    @property
    def previously_starts_at(self):
        if self.previous_date is None:
            return None
        return datetime.datetime.combine(self.previous_date, self.previous_start, SHANGHAI)

    @property
    def previously_ends_at(self):
        if self.previous_date is None:
            return None
        return datetime.datetime.combine(self.previous_date, self.previous_end, SHANGHAI)

    @property
    def is_cancelled(self):
        return self.state == SessionState.CANCELLED

    def speaker_names(self):
        return "、".join(speaker.name for speaker in self.speakers.all())

    def get_url(self, request=None):
        return self._tour_url() + self.tour.reverse_subpage("session", args=[self.number])

    def calendar_url(self):
        """The session's own calendar (添加到日历), an .ics of one event."""
        return self._tour_url() + self.tour.reverse_subpage("session_calendar", args=[self.number])

    def _tour_url(self):
        # A listing draws many sessions of one tour: the tour's URL is asked once per version.
        return remembered(("page-url", self.tour_id), lambda: self.tour.url)

    def get_full_url(self, request=None):
        return self.tour.get_full_url(request) + self.tour.reverse_subpage("session", args=[self.number])

    def speakers_with_titles(self):
        """王明（市委党校讲师）、李华: the speakers as a line of text, each with their title."""
        return "、".join(
            f"{speaker.name}（{speaker.title}）" if speaker.title else speaker.name
            for speaker in self.speakers.all()
        )

    def structured_data(self, request):
        """schema.org Event JSON-LD for the session page."""
        status = {
            SessionState.CANCELLED: "https://schema.org/EventCancelled",
            SessionState.MOVED: "https://schema.org/EventRescheduled",
        }.get(self.state, "https://schema.org/EventScheduled")
        description = f"{self.team.title}宣讲"
        if speakers := self.speakers_with_titles():
            description += f"，主讲人：{speakers}"
        description += f"。地点：大冶市{self.town}{self.venue}。"
        if self.is_cancelled and self.cancel_reason:
            description += f"本场已取消：{self.cancel_reason}"
        image = image_url(request, self.tour.social_image, self.team.social_image)
        event = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.topic,
            "description": description,
            "startDate": self.starts_at.isoformat(),
            "endDate": self.ends_at.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": status,
            "image": [image] if image else None,
            "location": {
                "@type": "Place",
                "name": self.venue,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.venue,
                    "addressLocality": f"大冶市{self.town}",
                    "addressRegion": "湖北省",
                    "addressCountry": "CN",
                },
            },
            "performer": [
                {
                    "@type": "Person",
                    "name": speaker.name,
                    **({"jobTitle": speaker.title} if speaker.title else {}),
                }
                for speaker in self.speakers.all()
            ],
            "organizer": {
                "@type": "Organization",
                "name": self.team.title,
                "url": self.team.get_full_url(request),
            },
            "url": self.get_full_url(request),
            "inLanguage": "zh-CN",
        }
        if self.state == SessionState.MOVED and self.previously_starts_at:
            event["previousStartDate"] = self.previously_starts_at.isoformat()
        return {key: value for key, value in event.items() if value}


class SessionPhoto(Orderable):
    session = ParentalKey(Session, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey(SiteImage, verbose_name="照片", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField("说明", max_length=100, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"
