from .pages import LectureIndexPage, LectureTeamPage, TourPage
from .sessions import Session, SessionPhoto, SessionState, Speaker, VenueKind
from .teams import TeamGroup

__all__ = [
    "LectureIndexPage",
    "LectureTeamPage",
    "Session",
    "SessionPhoto",
    "SessionState",
    "Speaker",
    "TeamGroup",
    "TourPage",
    "VenueKind",
]
