"""Autosave keeps no revision that holds nothing new."""

from django.urls import reverse

from wagtail.models import Comment, PageLogEntry
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory


@pytest.fixture
def story(home_page):
    page = StoryPageFactory(
        parent=StoryIndexPage.objects.get(),
        title="学党章守规矩",
        body=[("paragraph", RichText("<p>正文。</p>"))],
        tags=["党员三日+", "微心愿"],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def autosave(client, page, loaded, own=None, succeeds=True, **changes):
    body = streamfield([("paragraph", rich_text("<p>正文。</p>"))])
    body["0"]["id"] = page.body[0].id  # the editor posts each block back with its id
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "column": page.column_id,
            "date": page.date.isoformat(),
            "summary": page.summary,
            "author": page.author,
            "source": page.source,
            "lead_image": page.lead_image_id,
            "body": body,
            "tags": "微心愿, 党员三日+",  # the same tags, written the other way round
            "profile_links": inline_formset([]),
            **changes,
        }
    )
    data["loaded_revision_id"] = loaded.pk
    data["loaded_revision_created_at"] = loaded.created_at.isoformat()
    if own:
        data["overwrite_revision_id"] = own
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, headers={"Accept": "application/json"}
    )
    assert response.status_code == (200 if succeeds else 400)
    assert response.json()["success"] is succeeds, response.json()
    return response.json()


def test_an_autosave_of_what_was_loaded_saves_no_revision(admin_client, story):
    loaded = story.latest_revision

    reply = autosave(admin_client, story, loaded)

    assert "revision_id" not in reply  # the client keeps no revision of its own
    assert list(story.revisions.all()) == [loaded]
    assert not PageLogEntry.objects.filter(page=story, action="wagtail.edit").exists()


def test_a_change_is_saved_and_undoing_it_removes_the_autosave(admin_client, story):
    loaded = story.latest_revision

    changed = autosave(admin_client, story, loaded, title="学党章守规矩（修改）")
    assert story.revisions.count() == 2
    assert changed["revision_id"] != loaded.pk

    undone = autosave(admin_client, story, loaded, own=changed["revision_id"])

    story.refresh_from_db()
    assert list(story.revisions.all()) == [loaded]
    assert story.latest_revision == loaded and not story.has_unpublished_changes
    assert story.draft_title == "学党章守规矩"
    assert "revision_id" not in undone
    assert not PageLogEntry.objects.filter(page=story, action="wagtail.edit").exists()

    # Still naming the removed revision, the session's next change is a revision of its own again.
    again = autosave(admin_client, story, loaded, own=changed["revision_id"], title="学党章守规矩（再改）")
    loaded.refresh_from_db()
    assert story.revisions.count() == 2 and again["revision_id"] != loaded.pk
    assert loaded.content["title"] == "学党章守规矩"


def test_later_autosaves_of_a_change_overwrite_the_sessions_revision(admin_client, story):
    loaded = story.latest_revision
    first = autosave(admin_client, story, loaded, title="第一次修改")

    second = autosave(admin_client, story, loaded, own=first["revision_id"], title="第二次修改")

    assert second["revision_id"] == first["revision_id"]
    assert story.revisions.count() == 2
    assert story.revisions.get(pk=first["revision_id"]).content["title"] == "第二次修改"


def test_an_autosave_published_meanwhile_is_neither_removed_nor_rewritten(
    admin_client, story, django_user_model
):
    loaded = story.latest_revision
    changed = autosave(admin_client, story, loaded, title="学党章守规矩（修改）")
    autosaved = story.revisions.get(pk=changed["revision_id"])
    autosaved.publish()  # by 终审, in bulk or from the review

    autosave(admin_client, story, loaded, own=autosaved.pk, succeeds=False)  # out of date: reload

    autosaved.refresh_from_db()
    story.refresh_from_db()
    assert story.live_revision == autosaved and autosaved.content["title"] == "学党章守规矩（修改）"
    assert PageLogEntry.objects.filter(page=story, action="wagtail.publish", revision=autosaved).exists()


def test_an_autosave_with_a_comment_is_kept(admin_client, story):
    loaded = story.latest_revision
    changed = autosave(admin_client, story, loaded, title="学党章守规矩（修改）")
    autosaved = story.revisions.get(pk=changed["revision_id"])
    Comment.objects.create(
        page=story, user=autosaved.user, text="核实数字", contentpath="title", revision_created=autosaved
    )

    autosave(admin_client, story, loaded, own=autosaved.pk)

    assert story.revisions.filter(pk=autosaved.pk).exists()
    assert Comment.objects.filter(revision_created=autosaved).exists()
