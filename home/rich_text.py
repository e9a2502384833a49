"""The admin's rich-text editor (Draftail), refusing with a form error what no editor sends: a value
that is not its JSON (raw HTML posted by hand), which Wagtail would fail on with a 500."""

from django.core.exceptions import ValidationError

from wagtail.admin.rich_text import DraftailRichTextArea

REFUSED = "_refused_rich_text"


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            # Django reads the value while cleaning the field, where this is a field error, and again
            # to show the form with that error, where the editor then starts empty.
            refused = getattr(data, REFUSED, set())
            if name in refused:
                return None
            refused.add(name)
            setattr(data, REFUSED, refused)
            raise ValidationError(
                "正文的格式不正确，请在编辑器里重新输入后保存。", code="invalid_rich_text"
            ) from error
