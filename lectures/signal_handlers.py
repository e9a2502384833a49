"""Signal receivers of the lectures app, connected in LecturesConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.search import index
from wagtail.signals import page_published

from home.search.reindex import reindex_on_commit
from lectures.models import LectureTeamPage, Session, Speaker, TourPage
from lectures.permissions import grant_team_permissions
from site_project.frontend_cache import purge_front_cache_on_change, purge_front_cache_receiver
from site_project.page_cache import purge_on_change, purge_pages
from stories.models import Town


def grant_on_publish(sender, instance, **kwargs):
    """Publishing a tour (from the editor, a workflow, a schedule or in bulk) may have changed its
    teams: the teams' groups follow. (A team's group is no page content: it is set up when chosen.)"""
    if isinstance(instance, TourPage):
        for team in LectureTeamPage.objects.filter(team_group__isnull=False).select_related(
            "team_group__group"
        ):
            grant_team_permissions(team)


def reindex_sessions_after_town_rename(sender, instance, **kwargs):
    reindex_on_commit(Session.objects.filter(town=instance))


def reindex_sessions_after_speaker_rename(sender, instance, **kwargs):
    reindex_on_commit(Session.objects.filter(speakers=instance))


def remove_deleted_session_from_index(sender, instance, **kwargs):
    """Sessions are indexed by hand (Session.search_auto_update is off), and so removed."""
    index.remove_object(instance)


def session_shown_on(session):
    """Besides the listings: the session's tour, with its page and calendar, its team, and its
    town's calendar (site_project.frontend_cache)."""
    return [session.tour, session.team], {"number": [session.number], "town": [session.town.slug]}


def speaker_shown_on(speaker):
    """Their team's page and their sessions' (a number is purged on each of the speaker's tours)."""
    sessions = speaker.sessions.select_related("tour", "town")
    return [speaker.team, *(session.tour for session in sessions)], {
        "number": [session.number for session in sessions],
        "town": [session.town.slug for session in sessions],
    }


def tour_shown_on(tour):
    """Its teams' pages, which list it, and the calendars of its sessions' towns."""
    return tour.teams.all(), {"town": set(tour.sessions.values_list("town__slug", flat=True))}


def register_signal_handlers():
    page_published.connect(grant_on_publish)
    post_save.connect(reindex_sessions_after_town_rename, sender=Town)
    post_save.connect(reindex_sessions_after_speaker_rename, sender=Speaker)
    post_delete.connect(remove_deleted_session_from_index, sender=Session)
    purge_on_change(Session, Speaker)
    m2m_changed.connect(purge_pages, sender=Session.speakers.through)
    purge_front_cache_on_change(Session, shown_on=session_shown_on)
    purge_front_cache_on_change(Speaker, shown_on=speaker_shown_on)
    m2m_changed.connect(purge_front_cache_receiver, sender=Session.speakers.through)
    purge_front_cache_on_change(TourPage, shown_on=tour_shown_on)
    purge_front_cache_on_change(LectureTeamPage, shown_on=lambda team: (team.tours.all(), {}))
    purge_front_cache_on_change(Town, shown_on=lambda town: ((), {"town": [town.slug]}))
