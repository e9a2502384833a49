from django.utils import timezone

import pytest

from lectures.models import LectureTeamPage, SessionState, TourPage

pytestmark = pytest.mark.slow  # reads the demo, loaded once per session


def test_the_demo_tour_is_105_sessions_around_today_imported_with_reports(client, demo_site):
    tour = TourPage.objects.get(slug="bai-chang-xun-jiang")
    sessions = tour.sessions.all()
    today = timezone.localdate()
    assert sessions.count() == tour.target == 105
    assert sessions.state_counts() == {"planned": 35, "held": 68, "moved": 1, "cancelled": 1}
    held = sessions.filter(state=SessionState.HELD)
    assert all(session.date < today and session.audience and session.report for session in held)
    assert sessions.filter(date__gte=today).count() >= 30
    moved = sessions.get(state=SessionState.MOVED)
    assert moved.previous_date and moved.previous_date != moved.date
    assert sessions.get(state=SessionState.CANCELLED).cancel_reason
    assert {team.slug for team in tour.teams.all()} == {"tongdu-xianfeng", "lilun", "baixing"}
    assert all(team.group and team.speakers.exists() for team in LectureTeamPage.objects.all())
    assert "已完成 68 / 105" in client.get(tour.url).content.decode()
