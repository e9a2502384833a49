"""Lecture sessions in the site search (宣讲场次): found by topic, speakers, venue and town."""

from home.search.results import Hit, PageKind
from lectures.models import LectureTeamPage, Session, SessionState, TourPage


class SessionKind:
    slug = "changci"
    label = "宣讲场次"
    order = 50

    def search(self, site_search):
        """The sessions of live, public tours."""
        tours = site_search.public_pages.type(TourPage).values("pk")
        sessions = Session.objects.filter(tour__in=tours).select_related("tour", "team", "town")
        return sessions.prefetch_related("speakers").search(site_search.query)

    def hits(self, site_search, sessions):
        hits = []
        for session in sessions:
            facts = [session.team.title, f"{session.town} {session.venue}"]
            if speakers := session.speaker_names():
                facts.append(f"主讲：{speakers}")
            if session.state != SessionState.PLANNED:
                facts.insert(0, session.get_state_display())
            snippet = site_search.highlighter.snippet([" · ".join(facts)])
            hits.append(
                Hit(Session._meta.verbose_name, session.topic, session.get_url(), session.date, snippet)
            )
        return hits


SEARCH_KINDS = [PageKind("xuanjiang", "宣讲团与巡讲", 40, (LectureTeamPage, TourPage)), SessionKind()]
