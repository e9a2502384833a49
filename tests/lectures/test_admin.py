import datetime
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from lectures.models import LectureTeamPage, Session, SessionState, Speaker, TeamGroup, VenueKind
from lectures.permissions import grant_team_permissions, team_ids
from lectures.reference_data import grant_team_image_permission
from stories.models import Town
from tests.factories import SessionFactory, TourPageFactory


def url(name, *args):
    return reverse(Session.snippet_viewset.get_url_name(name), args=args)


def bulk_url(action, sessions):
    query = urlencode([("next", url("list")), *(("id", session.pk) for session in sessions)])
    return reverse("wagtail_bulk_action", args=("lectures", "session", action)) + "?" + query


def form_data(session, **changes):
    """What the session editor posts for `session`, with `changes`."""
    data = nested_form_data(
        {
            "tour": session.tour_id,
            "number": session.number,
            "date": f"{session.date:%Y-%m-%d}",
            "start": f"{session.start:%H:%M}",
            "end": f"{session.end:%H:%M}",
            "team": session.team_id,
            "topic": session.topic,
            "town": session.town_id,
            "venue": session.venue,
            "venue_kind": session.venue_kind,
            "notes": session.notes,
            "state": session.state,
            "audience": "",
            "cancel_reason": session.cancel_reason,
            "report": session.report,
            "photos": inline_formset([]),
        }
    )
    data["speakers"] = [speaker.pk for speaker in session.speakers.all()]
    data.update(changes)
    return data


def listed_topics(response):
    return [session.topic for session in response.context["object_list"]]


@pytest.fixture
def sessions(tour, teams, speaker):
    """Two sessions of 铜都先锋 in December, one of 理论 in November at another town."""
    return [
        SessionFactory(tour=tour, team=teams[0], speakers=[speaker], number=1, topic="学党章守规矩"),
        SessionFactory(
            tour=tour, team=teams[0], number=2, date=datetime.date(2026, 12, 10), topic="弘扬铜都精神"
        ),
        SessionFactory(
            tour=tour,
            team=teams[1],
            number=3,
            date=datetime.date(2026, 11, 20),
            topic="四讲四有",
            town=Town.objects.get(name="金湖街道"),
            venue="金湖街道办事处",
            venue_kind=VenueKind.OFFICE,
        ),
    ]


@pytest.fixture
def team_user(django_user_model, teams, tour):
    """A member of the 铜都先锋 team's group, set up as the demo sets it up."""
    user = django_user_model.objects.create_user(username="tongdu", password="secret")
    user.groups.add(grant_team_permissions(teams[0]))
    return user


@pytest.mark.django_db
def test_lists_sessions_by_date_with_their_columns_and_filters(admin_client, sessions):
    response = admin_client.get(url("list") + "?ordering=date")
    assert response.status_code == 200
    assert listed_topics(response) == ["四讲四有", "学党章守规矩", "弘扬铜都精神"]
    html = response.content.decode()
    assert "2026年12月3日 周四 09:00–10:30" in html
    assert f'href="{url("edit", sessions[0].pk)}"' in html
    assert "待举办" in html and "学校" in html and "金湖街道" in html
    # The month filter offers the months that have sessions.
    assert "2026年11月" in html and "2026年12月" in html


def test_lists_the_next_sessions_first_then_the_past_from_the_latest_back(admin_client, tour, teams):
    today = timezone.localdate()
    for days, topic in ((-30, "上月"), (7, "下周"), (-1, "昨天"), (0, "今天"), (30, "下月")):
        SessionFactory(tour=tour, team=teams[0], date=today + datetime.timedelta(days=days), topic=topic)

    response = admin_client.get(url("list"))

    assert listed_topics(response) == ["今天", "下周", "下月", "昨天", "上月"]


@pytest.mark.django_db
def test_filters_by_state_month_and_town(admin_client, sessions):
    sessions[1].mark_held(audience=60)
    assert listed_topics(admin_client.get(url("list"), {"state": "held"})) == ["弘扬铜都精神"]
    assert listed_topics(admin_client.get(url("list"), {"month": "2026-11"})) == ["四讲四有"]
    town = Town.objects.get(name="茗山乡")
    assert listed_topics(admin_client.get(url("list"), {"town": town.pk})) == ["学党章守规矩", "弘扬铜都精神"]


@pytest.mark.django_db
def test_search_finds_a_word_inside_a_topic_and_a_speaker_by_name(admin_client, sessions):
    assert listed_topics(admin_client.get(url("list"), {"q": "党章"})) == ["学党章守规矩"]
    assert listed_topics(admin_client.get(url("list"), {"q": "王明"})) == ["学党章守规矩"]
    assert listed_topics(admin_client.get(url("list"), {"q": "办事处"})) == ["四讲四有"]


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(admin_user, team_user, client, tour, teams, speaker):
    """The same number of queries for 5 and for 25 rows, for an editor and for a team's member."""

    def listing_queries(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("list"))
        assert response.status_code == 200
        return len(queries), len(response.context["object_list"])

    SessionFactory.create_batch(5, tour=tour, team=teams[0], speakers=[speaker])
    before = {user: listing_queries(user) for user in (admin_user, team_user)}
    SessionFactory.create_batch(20, tour=tour, team=teams[0], speakers=[speaker])
    for user, (queries, rows) in before.items():
        assert rows == 5
        assert listing_queries(user) == (queries, 25)


@pytest.mark.django_db
def test_mark_held_asks_first_then_marks_and_raises_the_sequence(admin_client, sessions):
    chosen = sessions[:2]
    Session.objects.filter(pk__in=[session.pk for session in chosen]).update(date=timezone.localdate())
    confirmation = admin_client.get(bulk_url("mark_held", chosen))
    assert confirmation.status_code == 200
    assert "将以下 2 场宣讲标记为已举办？" in confirmation.content.decode()

    response = admin_client.post(bulk_url("mark_held", chosen), follow=True)
    assert "已将 2 场宣讲标记为已举办。" in response.content.decode()
    for session in chosen:
        session.refresh_from_db()
        assert session.state == SessionState.HELD
        assert session.sequence == 1
    sessions[2].refresh_from_db()
    assert sessions[2].state == SessionState.PLANNED


@pytest.mark.django_db
def test_cancel_requires_a_reason_and_keeps_it(admin_client, sessions):
    response = admin_client.post(bulk_url("cancel", sessions[:1]), {"reason": "  "})
    assert response.status_code == 200
    assert "请写明取消原因。" in response.content.decode()
    sessions[0].refresh_from_db()
    assert sessions[0].state == SessionState.PLANNED

    response = admin_client.post(bulk_url("cancel", sessions[:1]), {"reason": "学校临时停课。"}, follow=True)
    assert "已取消 1 场宣讲。" in response.content.decode()
    sessions[0].refresh_from_db()
    assert sessions[0].state == SessionState.CANCELLED
    assert sessions[0].cancel_reason == "学校临时停课。"
    assert sessions[0].sequence == 1


@pytest.mark.django_db
def test_a_team_member_lists_only_their_teams_sessions(client, team_user, sessions):
    client.force_login(team_user)
    response = client.get(url("list"))
    assert response.status_code == 200
    assert listed_topics(response) == ["学党章守规矩", "弘扬铜都精神"]
    assert "2026年11月" not in response.content.decode()


@pytest.mark.django_db
def test_a_team_member_edits_their_own_session(client, team_user, sessions):
    client.force_login(team_user)
    own = sessions[0]
    assert client.get(url("edit", own.pk)).status_code == 200
    response = client.post(url("edit", own.pk), form_data(own, topic="学党章、守规矩"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.topic == "学党章、守规矩"
    assert own.sequence == 1


@pytest.mark.django_db
def test_another_teams_session_is_refused_and_unchanged(client, team_user, sessions):
    client.force_login(team_user)
    other = sessions[2]
    home = reverse("wagtailadmin_home")
    for response in (
        client.get(url("edit", other.pk)),
        client.post(url("edit", other.pk), form_data(other, topic="改掉")),
        client.get(url("delete", other.pk)),
        client.post(url("delete", other.pk)),
        client.get(url("history", other.pk)),
    ):
        assert response.status_code == 302
        assert response["Location"] == home
    other.refresh_from_db()
    assert other.topic == "四讲四有"
    assert other.sequence == 0


@pytest.mark.django_db
def test_a_team_member_cannot_move_their_session_to_another_team(client, team_user, sessions, teams):
    client.force_login(team_user)
    own = sessions[0]
    response = client.post(url("edit", own.pk), form_data(own, team=teams[1].pk))
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    own.refresh_from_db()
    assert own.team == teams[0]


@pytest.mark.django_db
def test_a_session_team_must_be_one_of_its_tours(admin_client, sessions, teams, lecture_index):
    other_tour = TourPageFactory(
        parent=lecture_index, teams=[teams[1]], title="理论巡讲", slug="lilun-xunjiang"
    )
    session = sessions[0]
    response = admin_client.post(url("edit", session.pk), form_data(session, tour=other_tour.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["team"] == [
        "“铜都先锋”宣讲团不在“理论巡讲”的宣讲团之列，请先在巡讲页面加上它。"
    ]
    session.refresh_from_db()
    assert session.tour_id != other_tour.pk


@pytest.mark.django_db
def test_a_team_member_creates_sessions_for_their_team_only(client, team_user, tour, teams, speaker):
    client.force_login(team_user)
    form = client.get(url("add")).context["form"]
    assert list(form.fields["team"].queryset) == [teams[0]]
    assert list(form.fields["tour"].queryset) == [tour]

    new = Session(
        tour=tour,
        number=9,
        date=datetime.date(2026, 12, 8),
        start=datetime.time(14),
        end=datetime.time(15),
        team=teams[1],
        topic="新的一场",
        town=Town.objects.get(name="茗山乡"),
        venue="杨桥村",
        venue_kind=VenueKind.VILLAGE,
    )
    data = form_data(new)
    data["speakers"] = []
    assert client.post(url("add"), data).status_code == 200
    assert not Session.objects.filter(topic="新的一场").exists()

    data["team"] = teams[0].pk
    assert client.post(url("add"), data).status_code == 302
    assert Session.objects.get(topic="新的一场").team == teams[0]


@pytest.mark.django_db
def test_a_team_member_cannot_bulk_act_on_another_teams_session(client, team_user, sessions):
    Session.objects.update(date=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(team_user)
    confirmation = client.get(bulk_url("mark_held", sessions[1:]))
    assert "你没有权限修改以下场次" in confirmation.content.decode()

    client.post(bulk_url("mark_held", sessions[1:]))
    client.post(bulk_url("cancel", sessions[2:]), {"reason": "不办了。"})
    sessions[1].refresh_from_db()
    sessions[2].refresh_from_db()
    assert sessions[1].state == SessionState.HELD
    assert sessions[2].state == SessionState.PLANNED
    assert sessions[2].sequence == 0


@pytest.mark.django_db
def test_a_team_member_edits_their_tours_and_team_page_only(client, team_user, tour, teams, lecture_index):
    other_tour = TourPageFactory(
        parent=lecture_index, teams=[teams[1]], title="理论巡讲", slug="lilun-xunjiang"
    )
    client.force_login(team_user)

    def edit_status(page):
        return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code

    assert edit_status(tour) == 200
    assert edit_status(teams[0]) == 200
    assert edit_status(other_tour) == 302
    assert edit_status(teams[1]) == 302


@pytest.mark.django_db
def test_makes_the_group_once_and_follows_the_tours_teams(tour, teams):
    teams[0].save_revision()
    group = grant_team_permissions(teams[0])
    teams[0].refresh_from_db()
    assert teams[0].group == group
    # The link is no page content: no revision holds it, and publishing one keeps it.
    assert "group" not in teams[0].latest_revision.content
    teams[0].latest_revision.publish()
    assert LectureTeamPage.objects.get(pk=teams[0].pk).group == group
    assert group.name == "“铜都先锋”宣讲团"
    assert {"access_admin", "add_session", "change_session", "delete_session"} <= set(
        group.permissions.values_list("codename", flat=True)
    )
    # Not publish: it would let a team unpublish or delete a tour other teams share.
    assert set(group.page_permissions.filter(page=tour).values_list("permission__codename", flat=True)) == {
        "change_page"
    }

    tour.teams.set([teams[1]])
    tour.save()
    assert grant_team_permissions(teams[0]) == group
    assert not group.page_permissions.filter(page=tour).exists()
    assert group.page_permissions.filter(page=teams[0]).exists()


@pytest.mark.django_db
def test_the_speaker_listing_finds_a_speaker_by_name(admin_client, speaker, teams):
    speakers_url = reverse(Speaker.snippet_viewset.get_url_name("list"))
    response = admin_client.get(speakers_url, {"q": "明", "team": teams[0].pk})
    assert [listed.name for listed in response.context["object_list"]] == ["王明"]


@pytest.mark.django_db
def test_mark_held_offers_only_sessions_that_took_place(admin_client, sessions):
    past = timezone.localdate() - datetime.timedelta(days=1)
    Session.objects.filter(pk=sessions[0].pk).update(date=past)
    Session.objects.filter(pk=sessions[2].pk).update(date=past)
    Session.objects.get(pk=sessions[2].pk).cancel("下雨。")

    confirmation = admin_client.get(bulk_url("mark_held", sessions)).content.decode()
    assert "将以下 1 场宣讲标记为已举办？" in confirmation
    assert "以下 2 场还没到日期、已取消或已标记过，不能标记为已举办" in confirmation
    assert confirmation.index("弘扬铜都精神") > confirmation.index("不能标记为已举办")

    response = admin_client.post(bulk_url("mark_held", sessions), follow=True)

    assert "已将 1 场宣讲标记为已举办。" in response.content.decode()
    states = dict(Session.objects.values_list("pk", "state"))
    assert [states[session.pk] for session in sessions] == ["held", "planned", "cancelled"]


@pytest.mark.django_db
def test_a_team_member_can_neither_delete_nor_unpublish_a_shared_tour(client, team_user, tour, sessions):
    client.force_login(team_user)

    client.post(reverse("wagtailadmin_pages:delete", args=[tour.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[tour.pk]))

    tour.refresh_from_db()
    assert tour.live
    assert Session.objects.count() == 3


@pytest.mark.django_db
def test_a_group_no_longer_linked_to_a_team_manages_no_session(client, team_user, teams, sessions):
    TeamGroup.objects.filter(team=teams[0]).delete()
    client.force_login(team_user)

    assert "学党章守规矩" not in client.get(url("list")).content.decode()
    assert client.get(url("edit", sessions[0].pk)).status_code == 302


@pytest.mark.django_db
def test_a_department_editor_with_manage_all_manages_every_team(client, django_user_model, sessions):
    editors = Group.objects.create(name="宣传部编辑")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="lectures", codename__in=["change_session", "manage_all_sessions"]
        ),
    )
    editor = django_user_model.objects.create_user(username="bianji", password="secret")
    editor.groups.add(editors)
    client.force_login(editor)

    html = client.get(url("list")).content.decode()
    assert "学党章守规矩" in html and "四讲四有" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["tour=99999999999999999999", "team=-1", "town=abc", "month=2026-13", "state=nope"]
)
def test_bad_filter_values_in_the_admin_listing_are_not_a_server_error(admin_client, sessions, query):
    assert admin_client.get(url("list") + "?" + query).status_code == 200


def test_a_team_member_may_upload_the_photos_of_a_held_session(client, team_user):
    client.force_login(team_user)
    assert client.get("/admin/images/add/").status_code == 200


@pytest.mark.django_db
def test_a_team_group_from_before_gets_the_image_permission_wagtail_asks_for(team_user, teams):
    group = teams[0].group
    GroupCollectionPermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(content_type__app_label="home", codename="add_siteimage"),
    )

    grant_team_image_permission(apps)

    assert list(
        GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True)
    ) == ["add_image"]


def team_page_data(team, **changes):
    """What the team page's editor posts for `team`, with `changes`."""
    return nested_form_data(
        {"title": team.title, "slug": team.slug, "intro": rich_text(team.intro), **changes}
    )


def edit_team(client, team, publish=False, **changes):
    data = team_page_data(team, **changes)
    if publish:
        data["action-publish"] = "publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[team.pk]), data)


@pytest.mark.django_db
def test_an_editor_chooses_a_teams_group_in_its_settings_and_it_holds_at_once(
    admin_client, admin_user, tour, teams, speaker
):
    group = Group.objects.create(name="理论组")
    teams[1].save_revision().publish()  # an older revision, published again below
    response = edit_team(admin_client, teams[1], group=group.pk)  # a draft, not published

    assert response.status_code == 302
    assert LectureTeamPage.objects.get(pk=teams[1].pk).group == group
    assert "group" not in LectureTeamPage.objects.get(pk=teams[1].pk).latest_revision.content
    member = group.user_set.create(username="lilun")
    assert team_ids(member) == {teams[1].pk}
    assert group.permissions.filter(codename="change_session").exists()  # set up as it was chosen
    assert GroupPagePermission.objects.filter(group=group, page=teams[1]).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.create", content_type__model="teamgroup")
    assert entry.user_id == admin_user.pk

    teams[1].revisions.order_by("created_at").first().publish()  # neither publish nor revert moves it
    assert LectureTeamPage.objects.get(pk=teams[1].pk).group == group
    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=[teams[1].pk]))
    assert editor.context["form"].initial["group"] == group.pk
    assert "管理本团的用户组" in editor.content.decode()

    assert edit_team(admin_client, teams[1], publish=True, group="").status_code == 302
    assert LectureTeamPage.objects.get(pk=teams[1].pk).group is None
    assert not TeamGroup.objects.filter(group=group).exists()


@pytest.mark.django_db
def test_a_new_team_gets_the_group_chosen_as_it_is_created(admin_client, lecture_index):
    group = Group.objects.create(name="新团组")
    data = nested_form_data(
        {"title": "青年宣讲团", "slug": "qingnian", "intro": rich_text(""), "group": group.pk}
    )

    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["lectures", "lectureteampage", lecture_index.pk]), data
    )

    assert response.status_code == 302
    team = LectureTeamPage.objects.get(slug="qingnian")
    assert team.group == group
    assert GroupPagePermission.objects.filter(group=group, page=team).exists()


@pytest.mark.django_db
def test_a_group_that_manages_a_team_is_refused_for_another(admin_client, team_user, teams):
    response = edit_team(admin_client, teams[1], group=teams[0].group.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["group"] == [
        "这个用户组已在管理“铜都先锋”宣讲团，一个用户组只管理一个宣讲团。"
    ]
    assert LectureTeamPage.objects.get(pk=teams[1].pk).group is None
    assert LectureTeamPage.objects.get(pk=teams[0].pk).group == teams[0].group


@pytest.mark.django_db
def test_a_team_member_sees_no_group_and_their_edits_keep_it(client, team_user, teams):
    group = teams[0].group
    client.force_login(team_user)

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[teams[0].pk]))
    assert "group" not in editor.context["form"].fields
    assert edit_team(client, teams[0], group="", intro=rich_text("<p>新的简介。</p>")).status_code == 302

    assert LectureTeamPage.objects.get(pk=teams[0].pk).group == group


@pytest.mark.django_db
def test_a_copied_team_page_has_no_group(team_user, teams, lecture_index):
    copy = teams[0].copy(update_attrs={"title": "副本", "slug": "fuben"})

    assert copy.group is None
    assert LectureTeamPage.objects.get(pk=teams[0].pk).group.name == "“铜都先锋”宣讲团"
