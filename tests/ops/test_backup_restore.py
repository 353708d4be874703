"""manage.py backup / restore: the manifest describes the dump; a restore refuses a non-empty database and files that
do not match the manifest. (The whole drill, restore into a new database included, is .ci/backup-drill.)"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from testsupport import needs_postgres

from ganfutong_admin.audit.models import EventKind, last_hash, record
from ganfutong_admin.observability import backup


def test_backup_needs_postgresql(tmp_path, settings, db):
    if connection.vendor == "postgresql":
        pytest.skip("on SQLite only")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", str(tmp_path / "b"))


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_manifest_and_the_refusals(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "evidence").mkdir(parents=True)
    (tmp_path / "media" / "evidence" / "a.pdf").write_bytes(b"%PDF-1.4 test")
    record(EventKind.LOGIN, username="backup-test")
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["security_log"]["last_hash"] == last_hash()
    assert manifest["database"]["tables"]["audit_securityevent"] >= 1
    assert manifest["media"]["files"] == 1
    assert (target / "database.dump").read_bytes()[:5] == b"PGDMP"
    # Nothing differs from the database it was taken from.
    assert backup.compare(manifest) == []
    # Into a directory that is not empty: refused.
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(target))
    # Into this database (it has tables): refused, nothing touched.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(target))
    # A dump that is not the one of the manifest: refused.
    with open(target / "database.dump", "ab") as f:
        f.write(b"x")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(target))
