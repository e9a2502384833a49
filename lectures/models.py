from home.models import IndexPage


class LectureIndexPage(IndexPage):
    """宣讲 at /xuanjiang/: the lecture teams, their tours and sessions."""

    subpage_types = []

    class Meta:
        verbose_name = "宣讲"
