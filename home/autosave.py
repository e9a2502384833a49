"""The page editor's autosave keeps no revision that holds nothing new.

Wagtail 8.0 saves a revision when an editing session's form first differs from what it loaded, even
if it differs only in how the editor wrote it back (rich text's block keys, the order of tags), and
keeps it when the editor then undoes the change: the history fills with versions "这两个版本之间没有区别".
Here, an autosave whose content is the loaded revision's saves nothing, and one that brings this
session's autosave back to what was loaded removes it (unless anything else holds it). Saving a
draft by hand is left as it is.
"""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import JsonResponse

from wagtail.admin.views.pages.edit import EditView as WagtailEditView
from wagtail.admin.viewsets.pages import PageViewSet as WagtailPageViewSet
from wagtail.models import Page, PageLogEntry, TaskState

# What Wagtail keeps in a revision beside the content: the tree, the states, who and when.
BOOKKEEPING = {
    "pk",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "expired",
    "translation_key",
    "locale",
    "alias_of",
    "wagtail_admin_comments",
}
BLOCK_KEY = re.compile(r' data-block-key=\\?"[^"\\]*\\?"')


def comparable(content):
    """A revision's content as stored (JSON), without bookkeeping and without what the editor writes
    differently each time: rich text's block keys, child rows' ids, the order of unordered rows (tags)."""
    return _without_noise(json.loads(json.dumps(content, cls=DjangoJSONEncoder)))


def _without_noise(content):
    result = {}
    for name, value in content.items():
        if name in BOOKKEEPING:
            continue
        if isinstance(value, str):
            value = BLOCK_KEY.sub("", value)
        elif isinstance(value, list) and all(isinstance(row, dict) for row in value):
            rows = [{key: item for key, item in row.items() if key != "pk"} for row in value]
            if rows and "sort_order" in rows[0]:
                rows.sort(key=lambda row: (row["sort_order"] is None, row["sort_order"] or 0))
                rows = [{**comparable(row), "sort_order": index} for index, row in enumerate(rows)]
            else:
                rows = sorted(
                    (comparable(row) for row in rows), key=lambda row: json.dumps(row, sort_keys=True)
                )
            value = rows
        result[name] = value
    return result


class EditView(WagtailEditView):
    def post(self, request, *args, **kwargs):
        # A revision the client may no longer overwrite: the one removed below, which it still
        # names as its own, or one that was published or scheduled meanwhile. Without it, the save
        # makes a revision of its own, or is refused as out of date.
        own = request.POST.get("overwrite_revision_id")
        page = self.real_page_record
        revision = page.revisions.filter(pk=own).first() if own else None
        if own and (revision is None or revision.pk == page.live_revision_id or revision.approved_go_live_at):
            request.POST = request.POST.copy()
            del request.POST["overwrite_revision_id"]
        return super().post(request, *args, **kwargs)

    def save_action(self):
        loaded_id = self.request.POST.get("loaded_revision_id")
        if not self.expects_json_response or not loaded_id:
            return super().save_action()
        loaded = self.real_page_record.revisions.filter(pk=loaded_id).first()
        if loaded is None or comparable(self.form.save(commit=False).serializable_data()) != comparable(
            loaded.content
        ):
            return super().save_action()
        own = self.request.POST.get("overwrite_revision_id")
        if own and not self._drop_autosave(own, loaded):
            return super().save_action()
        # No revision_id: the client keeps what it had (nothing, or the id of the one removed).
        return JsonResponse(
            {
                "success": True,
                "pk": self.page.pk,
                "field_updates": dict(self.form.get_field_updates_for_resave()),
                "comments": self.form.serialize_comments(self.request.user),
                "html": self.render_partials(),
            }
        )

    @transaction.atomic
    def _drop_autosave(self, revision_id, loaded):
        """Removes this session's autosave revision, now the same as the revision it followed; False,
        leaving it, if it is not this editor's latest, came after another, or anything else holds
        it: publication, a schedule, a review step, a comment, another's action in the history."""
        page = Page.objects.select_for_update().get(pk=self.real_page_record.pk)
        autosave = page.revisions.filter(pk=revision_id, user=self.request.user).first()
        if (
            autosave is None
            or autosave.pk != page.latest_revision_id
            or autosave.pk == page.live_revision_id
            or autosave.approved_go_live_at
            or autosave.get_previous() != loaded
            or TaskState.objects.filter(revision=autosave).exists()
            or autosave.created_comments.exists()
            or PageLogEntry.objects.filter(revision=autosave)
            .exclude(action="wagtail.edit", user=self.request.user)
            .exists()
        ):
            return False
        page.latest_revision = loaded
        page.latest_revision_created_at = loaded.created_at
        page.draft_title = loaded.content.get("title", page.title)
        page.has_unpublished_changes = not (page.live and page.live_revision_id == loaded.pk)
        page.save(
            update_fields=[
                "latest_revision",
                "latest_revision_created_at",
                "draft_title",
                "has_unpublished_changes",
            ],
            clean=False,
        )
        PageLogEntry.objects.filter(revision=autosave).delete()
        autosave.delete()
        return True


class PageViewSet(WagtailPageViewSet):
    """Wagtail's views for every page type, with the editor above."""

    edit_view_class = EditView
