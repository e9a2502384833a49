import pytest

from lectures.models import LectureIndexPage
from tests.factories import LectureTeamPageFactory, SpeakerFactory, TourPageFactory


@pytest.fixture
def lecture_index(home_page):
    return LectureIndexPage.objects.get()


@pytest.fixture
def teams(lecture_index):
    """The three teams of the article: 铜都先锋, 理论 and 百姓."""
    return [
        LectureTeamPageFactory(parent=lecture_index, title=title, slug=slug)
        for title, slug in (
            ("“铜都先锋”宣讲团", "tongdu-xianfeng"),
            ("理论宣讲团", "lilun"),
            ("百姓宣讲团", "baixing"),
        )
    ]


@pytest.fixture
def tour(lecture_index, teams):
    return TourPageFactory(parent=lecture_index, teams=teams)


@pytest.fixture
def speaker(teams):
    return SpeakerFactory(team=teams[0], name="王明")
