"""Templates copied from Wagtail's admin into home/templates to put Chinese where Wagtail 8.0
hard-codes English or shows True/None: when an upgrade changes an original, copy it again and
reapply the change (see each file's difference from its original)."""

from hashlib import sha256
from pathlib import Path

from django.conf import settings

import wagtail.admin

import pytest

ORIGINALS = Path(wagtail.admin.__file__).parent / "templates"
COPIES = Path(settings.BASE_DIR) / "home" / "templates"
# The first 16 hex digits of each original's SHA-256, as copied.
COPIED = {
    "wagtailadmin/home.html": "7eb3ee7b5a9d1355",
    "wagtailadmin/home/account_summary.html": "ff5c7d30e46778c3",
    "wagtailadmin/home/workflow_objects_to_moderate.html": "ce928d862828591f",
    "wagtailadmin/reports/listing/_list_page_types_usage.html": "d8b25a2f35ef4b89",
    "wagtailadmin/shared/header.html": "37d78005e6612711",
    "wagtailadmin/shared/headers/_actions.html": "facea723b6b91762",
    "wagtailadmin/shared/user_avatar.html": "10cbd09a2e9434e5",
    "wagtailadmin/tables/boolean_cell.html": "f52d1f7945b2b176",
}


@pytest.mark.parametrize("name", COPIED)
def test_wagtails_original_is_the_one_copied(name):
    digest = sha256((ORIGINALS / name).read_bytes()).hexdigest()[:16]
    assert digest == COPIED[name], f"Wagtail changed {name}: copy it again and reapply the Chinese"


def test_every_copy_is_listed():
    """An override that extends its original (admin_base.html, login.html) follows it by itself."""
    copies = {
        str(path.relative_to(COPIES))
        for path in COPIES.glob("wagtailadmin/**/*.html")
        if not path.read_text().startswith(f'{{% extends "{path.relative_to(COPIES)}" %}}')
    }
    assert copies == set(COPIED)
