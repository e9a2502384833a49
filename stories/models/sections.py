from home.models import IndexPage


class SeriesIndexPage(IndexPage):
    """《先锋》 at /shipin/: the video series and its episodes."""

    subpage_types = []

    class Meta:
        verbose_name = "《先锋》视频"
