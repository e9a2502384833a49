from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.slugs import pinyin_slug
from lectures.models import LectureIndexPage, LectureTeamPage
from stories.models import (
    Column,
    HonourCategory,
    ProfileIndexPage,
    SeriesIndexPage,
    StoryIndexPage,
    StoryPage,
    Town,
)
from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    StoryPageFactory,
    TourPageFactory,
    VideoFactory,
)


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


# Every page type editors create more than one of, with the form data a publish needs.
def profile_data(parent):
    return {
        "honour": HonourCategory.objects.get(name="优秀共产党员").pk,
        "year": 2026,
        "town": Town.objects.get(name="茗山乡").pk,
        "micro_story": "带领村民调处纠纷。",
        "body": streamfield([]),
    }


def story_data(parent):
    return {
        "column": Column.objects.first().pk,
        "date": "2026-09-26",
        "body": streamfield([("paragraph", rich_text("<p>正文。</p>"))]),
        "profile_links": inline_formset([]),
    }


def episode_data(parent):
    return {
        "number": 9,
        "summary": "一集简介。",
        "video": VideoFactory().pk,
        "profile_links": inline_formset([]),
    }


def team_data(parent):
    return {"intro": rich_text("<p>简介。</p>")}


def tour_data(parent):
    team = LectureTeamPage.objects.filter(title="百姓宣讲团").first()
    team = team or LectureTeamPageFactory(parent=parent, title="百姓宣讲团")
    return {"teams": [team.pk], "starts_on": "2026-09-01", "ends_on": "2027-01-31", "target": 105}


PAGE_TYPES = {
    "profile": (ProfilePageFactory, ProfileIndexPage, profile_data),
    "story": (StoryPageFactory, StoryIndexPage, story_data),
    "episode": (EpisodePageFactory, SeriesIndexPage, episode_data),
    "team": (LectureTeamPageFactory, LectureIndexPage, team_data),
    "tour": (TourPageFactory, LectureIndexPage, tour_data),
}
TITLE = "学党章守规矩"


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def post_new_page(client, kind, action, title=TITLE):
    factory, parent_type, data = PAGE_TYPES[kind]
    parent = parent_type.objects.get()
    model = factory._meta.model
    # Lists (the tour's teams) are posted as they are, one value per item.
    fields = data(parent)
    lists = {name: value for name, value in fields.items() if isinstance(value, list)}
    form_data = {**nested_form_data({"title": title, "slug": "", **fields}), **lists}
    headers = {}
    if action == "publish":
        form_data["action-publish"] = "action-publish"
    elif action == "autosave":
        headers["Accept"] = "application/json"
    response = client.post(add_url(model, parent), form_data, headers=headers)
    return response, model.objects.child_of(parent).filter(title=title)


@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("action", ["draft", "autosave", "publish"])
def test_a_title_a_sibling_has_gets_the_next_free_slug(admin_client, home_page, kind, action):
    factory, parent_type, _ = PAGE_TYPES[kind]
    factory(parent=parent_type.objects.get(), title=TITLE, slug="xue-dang-zhang-shou-gui-ju")

    response, pages = post_new_page(admin_client, kind, action)

    assert response.status_code in (200, 302), response.content[:500]
    if action == "autosave":
        assert response.json()["success"] is True
        assert response.json()["field_updates"]["slug"] == "xue-dang-zhang-shou-gui-ju-2"
    assert sorted(pages.values_list("slug", flat=True)) == [
        "xue-dang-zhang-shou-gui-ju",
        "xue-dang-zhang-shou-gui-ju-2",
    ]
    assert pages.get(slug="xue-dang-zhang-shou-gui-ju-2").live is (action == "publish")


@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("title", ["🎉🎉", "！？", "……"])
def test_a_title_with_nothing_to_read_is_named_after_its_page_type(admin_client, home_page, kind, title):
    response, pages = post_new_page(admin_client, kind, "publish", title=title)
    post_new_page(admin_client, kind, "draft", title=title)

    model = PAGE_TYPES[kind][0]._meta.model
    base = pinyin_slug(str(model._meta.verbose_name))
    assert response.status_code == 302
    assert sorted(pages.values_list("slug", flat=True)) == [base, f"{base}-2"]


def test_a_typed_slug_a_sibling_has_is_a_chinese_field_error_and_saves_nothing(admin_client, home_page):
    index = StoryIndexPage.objects.get()
    StoryPageFactory(parent=index, slug="xue-dang-zhang")
    data = nested_form_data({"title": "另一篇", "slug": "xue-dang-zhang", **story_data(index)})

    response = admin_client.post(add_url(StoryPage, index), data)

    assert response.status_code == 200
    assert "xue-dang-zhang" in str(response.context["form"].errors["slug"])
    assert "已被使用" in str(response.context["form"].errors["slug"])
    assert not StoryPage.objects.filter(title="另一篇").exists()


def test_editing_with_the_slug_cleared_takes_a_free_one(admin_client, home_page):
    index = StoryIndexPage.objects.get()
    StoryPageFactory(parent=index, title=TITLE, slug="xue-dang-zhang-shou-gui-ju")
    page = StoryPageFactory(parent=index, title="旧标题", slug="jiu-biao-ti")
    data = nested_form_data({"title": TITLE, "slug": "", **story_data(index)})

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.latest_revision.content["slug"] == "xue-dang-zhang-shou-gui-ju-2"


def test_copying_beside_the_original_with_its_slug_is_a_chinese_field_error(admin_client, home_page):
    index = StoryIndexPage.objects.get()
    page = StoryPageFactory(parent=index, slug="xue-dang-zhang")

    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {"new_title": "副本", "new_slug": "xue-dang-zhang", "new_parent_page": index.pk},
    )

    assert response.status_code == 200
    assert "被使用" in str(response.context["form"].errors["new_slug"])
    assert StoryPage.objects.count() == 1


def test_pages_made_in_code_take_a_free_slug_too(home_page):
    index = StoryIndexPage.objects.get()
    first = StoryPageFactory.build(title=TITLE, slug="", column=Column.objects.first(), lead_image=None)
    second = StoryPageFactory.build(title=TITLE, slug="", column=Column.objects.first(), lead_image=None)
    index.add_child(instance=first)
    index.add_child(instance=second)
    assert (first.slug, second.slug) == ("xue-dang-zhang-shou-gui-ju", "xue-dang-zhang-shou-gui-ju-2")


def test_two_live_pages_retitled_alike_are_both_published_under_free_slugs(admin_client, home_page):
    index = StoryIndexPage.objects.get()
    pages = [StoryPageFactory(parent=index, title=title) for title in ("旧标题一", "旧标题二")]
    edit = [
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            nested_form_data({"title": "新标题", "slug": "", **story_data(index)}),
        )
        for page in pages
    ]
    assert [response.status_code for response in edit] == [302, 302]

    for page in pages:  # as a review's last approval, a schedule or a bulk publish does
        page.refresh_from_db()
        page.latest_revision.publish()

    assert sorted(StoryPage.objects.live().filter(title="新标题").values_list("slug", flat=True)) == [
        "xin-biao-ti",
        "xin-biao-ti-2",
    ]
