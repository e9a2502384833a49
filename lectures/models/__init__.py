from .pages import LectureIndexPage, LectureTeamPage, TourPage
from .sessions import Session, SessionPhoto, SessionState, Speaker, VenueKind

__all__ = [
    "LectureIndexPage",
    "LectureTeamPage",
    "Session",
    "SessionPhoto",
    "SessionState",
    "Speaker",
    "TourPage",
    "VenueKind",
]
