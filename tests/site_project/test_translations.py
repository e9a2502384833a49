"""The project's catalogue (site_project/locale) leaves no Wagtail or wagtailmedia string in English.

When an upgrade of Wagtail brings new strings, these tests list them.
"""

import json
import re
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.utils import translation

import polib
import pytest

LOCALE = Path(settings.PROJECT_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Catalogues of what the admin shows: the apps installed, as Wagtail ships their English sources.
APPS = [app for app in settings.INSTALLED_APPS if app.startswith(("wagtail", "wagtailmedia"))]
# Strings written the same in Chinese: a placeholder alone, a format name, a product name.
SAME_IN_CHINESE = re.compile(
    r"^[\W\d_]*$|^(?:%\(\w+\)s[\W]*)+$|^(?:API|URL|HTML|ID|RSS|JSON|Markdown|Wagtail API v2)$"
)


def english_sources(domain):
    for app in APPS:
        path = Path(find_spec(app).submodule_search_locations[0]) / "locale" / "en" / "LC_MESSAGES"
        if (path / f"{domain}.po").exists():
            yield from polib.pofile(str(path / f"{domain}.po"))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_is_its_source(domain):
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.pofile(str(LOCALE / f"{domain}.po"))
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.mofile(str(LOCALE / f"{domain}.mo"))
    }
    compiled.pop((None, ""), None)
    source.pop((None, ""), None)
    assert compiled == source, (
        "run: msgfmt --check -o {0}.mo {0}.po in site_project/locale/zh_Hans/LC_MESSAGES"
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_translations_keep_their_placeholders(domain):
    wrong = []
    for entry in polib.pofile(str(LOCALE / f"{domain}.po")):
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        source = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        if not set(PLACEHOLDER.findall(translated)) <= source or not translated:
            wrong.append(f"{entry.msgid!r} → {translated!r}")
    assert not wrong, "\n".join(wrong)


def test_every_admin_string_of_wagtail_has_its_chinese():
    untranslated = []
    with translation.override("zh-hans"):
        for entry in english_sources("django"):
            if entry.obsolete or SAME_IN_CHINESE.match(entry.msgid):
                continue
            if entry.msgid_plural:
                chinese = (
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                )
            else:
                chinese = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
            if chinese == entry.msgid:
                untranslated.append(entry.msgid)
    assert not untranslated, "\n".join(untranslated)


def test_every_string_of_the_admin_javascript_has_its_chinese(client):
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    untranslated = [
        entry.msgid
        for entry in english_sources("djangojs")
        if not entry.obsolete
        and not SAME_IN_CHINESE.match(entry.msgid)
        and not catalogue.get(f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid)
    ]
    assert not untranslated, "\n".join(untranslated)
