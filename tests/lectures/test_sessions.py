import datetime

from django.core.exceptions import ValidationError

import pytest

from lectures.models import Session, SessionState
from tests.factories import SessionFactory


@pytest.fixture
def session(tour, teams, speaker):
    return SessionFactory(tour=tour, team=teams[0], speakers=[speaker])


@pytest.mark.django_db
def test_a_new_session_is_planned_with_its_speakers(session, speaker):
    session = Session.objects.get(pk=session.pk)
    assert session.state == SessionState.PLANNED
    assert session.sequence == 0
    assert list(session.speakers.all()) == [speaker]
    assert session.starts_at.isoformat() == "2026-12-03T09:00:00+08:00"


@pytest.mark.django_db
def test_a_new_time_is_a_move_that_keeps_the_time_first_announced(session):
    session = Session.objects.get(pk=session.pk)
    session.date = datetime.date(2026, 12, 5)
    session.save()
    session.start, session.end = datetime.time(14), datetime.time(15)
    session.save()

    session.refresh_from_db()
    assert session.state == SessionState.MOVED
    assert session.previously_starts_at.isoformat() == "2026-12-03T09:00:00+08:00"
    assert session.starts_at.isoformat() == "2026-12-05T14:00:00+08:00"
    assert session.sequence == 2


@pytest.mark.django_db
def test_a_held_session_given_a_corrected_time_stays_held(session):
    session.mark_held(audience=80, report="讲得好。")
    session = Session.objects.get(pk=session.pk)
    session.start = datetime.time(9, 30)
    session.save()
    session.refresh_from_db()
    assert session.state == SessionState.HELD
    assert session.previous_date is None


@pytest.mark.django_db
def test_cancelling_raises_the_sequence_and_keeps_the_reason(session):
    session.cancel("学校临时停课。")
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED
    assert session.cancel_reason == "学校临时停课。"
    assert session.sequence == 1


@pytest.mark.django_db
def test_end_before_start_and_a_cancellation_without_reason_do_not_validate(session):
    session.end = datetime.time(8, 0)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["end"] == ["结束时间要晚于开始时间。"]

    session.end = datetime.time(10, 0)
    session.state = SessionState.CANCELLED
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "cancel_reason" in error.value.message_dict
