"""The UI is Chinese by default: every string marked for translation in the code has a zh-hans
translation in the one catalogue. Extracts the strings afresh (GNU gettext, as `make messages`
does) into a copy of the catalogue, so the committed file is never touched."""

import shutil

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

BASE_DIR = django_settings.BASE_DIR
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
IGNORED = [".venv", "node_modules", "var", "staticfiles", "tests"]


def extract_into_copy(tmp_path, settings, monkeypatch, drop=()):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to check the catalogue: run `make system-deps`.")
    # A mirror of the project whose only real directory is locale/, holding a copy of the catalogue:
    # makemessages assigns every source file to the nearest locale/ above it, which is the copy.
    for item in BASE_DIR.iterdir():
        if item.name not in {"locale", ".git", *IGNORED}:
            (tmp_path / item.name).symlink_to(item)
    copy = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    po = polib.pofile(str(CATALOGUE))
    for msgid in drop:
        po.remove(po.find(msgid))
    po.save(str(copy))
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], ignore_patterns=IGNORED, symlinks=True, verbosity=0)
    return polib.pofile(str(copy))


@pytest.fixture
def extracted(tmp_path, settings, monkeypatch):
    return extract_into_copy(tmp_path, settings, monkeypatch)


def test_every_marked_string_is_translated(extracted):
    po = extracted
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == [], f"{len(missing)} strings lack a zh-hans translation (run `make messages`): {missing[:10]}"


def test_the_catalogue_carries_no_stale_strings(extracted):
    po = extracted
    stale = [e.msgid for e in po.obsolete_entries()]
    assert stale == [], f"strings no longer in the code: {stale[:10]}"


def test_the_extraction_finds_the_code_strings(tmp_path, settings, monkeypatch):
    # Guards the two tests above: an extraction that found nothing would pass them trivially.
    po = extract_into_copy(tmp_path, settings, monkeypatch, drop=["Work list"])
    entry = po.find("Work list")
    assert entry is not None and not entry.translated()
    assert any(path.endswith("core/apps.py") for path, _line in entry.occurrences)
