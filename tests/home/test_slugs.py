import pytest

from home.slugs import pinyin_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("铜都先锋", "tong-du-xian-feng"),
        ("茗山乡“1+3”治理", "ming-shan-xiang-13-zhi-li"),
        ("《先锋》第1集", "xian-feng-di-1-ji"),
        ("ABC 测试", "abc-ce-shi"),
        ("！？", ""),
    ],
)
def test_pinyin_slug(title, slug):
    assert pinyin_slug(title) == slug


def test_long_titles_are_cut_between_syllables():
    slug = pinyin_slug("以四讲四有为标尺选树身边的先锋六个基层党支部九名党员的微事迹拍成专题片")
    assert len(slug) <= 60
    assert not slug.endswith("-")
    assert "-" + slug.rsplit("-", 1)[1] in pinyin_slug(
        "以四讲四有为标尺选树身边的先锋六个基层党支部九名党员的微事迹拍成专题片", 200
    )
