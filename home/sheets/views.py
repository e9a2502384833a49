"""What the admin's spreadsheet imports share: the checked rows carried, signed, from preview to
confirmation (not in a temporary file) and the table of problems by row and column."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from wagtail.admin.ui.tables import Column, Table

PREVIEW_MAX_AGE = 60 * 60
INVALID_PREVIEW = "预览数据无效，没有导入任何内容，请重新上传表格。"
# When two confirmations of one sheet meet in the database, the second changes nothing.
IMPORTED_MEANWHILE = "这份表格刚刚已由别人或另一个窗口导入，这次没有改动任何内容。请重新上传表格核对。"


class SignedRowsForm(forms.Form):
    """The rows of a previewed sheet; subclasses name their own `salt`."""

    salt = None
    # Within the size and row limits the signed rows stay under Django's 2.5 MB POST limit.
    rows = forms.CharField(widget=forms.HiddenInput, error_messages={"required": INVALID_PREVIEW})

    @classmethod
    def sign(cls, records):
        return signing.dumps(records, salt=cls.salt, compress=True)

    def clean_rows(self):
        try:
            return signing.loads(self.cleaned_data["rows"], salt=self.salt, max_age=PREVIEW_MAX_AGE)
        except signing.SignatureExpired as error:
            raise ValidationError("预览已超过一小时，请重新上传表格。") from error
        except signing.BadSignature as error:
            raise ValidationError(INVALID_PREVIEW) from error


def problems_table(problems):
    columns = [
        Column("row", label="行", accessor=lambda problem: problem.row or ""),
        Column("column", label="列"),
        Column("message", label="问题"),
    ]
    return Table(columns, problems, caption="表格里的问题")
