"""Backup and restore (manage.py backup / restore; make backup, make restore BACKUP=dir).

A backup directory holds `database.dump` (pg_dump custom format), `media.tar.gz` (MEDIA_ROOT: the uploaded
evidence) and `manifest.json`: app version, time, the row count of every table and the security log's last hash,
all read in the same snapshot the dump is taken from (pg_export_snapshot), so the manifest describes exactly the
dump even while the app keeps writing. Restoring checks the files against the manifest's checksums, refuses a
database that already has tables and a MEDIA_ROOT that already has files, and compares the restored row counts
and the security log (chain verified, same last hash) with the manifest.
"""

import hashlib
import json
import os
import subprocess
import tarfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    pass


def app_version():
    try:
        return version("ganfutong-admin")
    except PackageNotFoundError:
        return "unknown"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pg_environment():
    """libpq's environment for pg_dump / pg_restore: the password never on a command line."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        raise BackupError("Backup and restore need PostgreSQL (DATABASE_URL=postgres://...).")
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def table_counts():
    """{table: rows} of every table of the database (one COUNT each), in the current transaction's snapshot."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def security_log_state():
    from ganfutong_admin.audit.models import ArchivedSecurityEvent, SecurityEvent, last_hash

    return {"last_hash": last_hash(), "events": SecurityEvent.objects.count(),
            "archived": ArchivedSecurityEvent.objects.count()}


def backup(directory):
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new directory.")
    target.mkdir(parents=True, exist_ok=True)
    env = pg_environment()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        # pg_dump reads the very snapshot this transaction sees, while it stays open.
        subprocess.run(["pg_dump", "-Fc", "--snapshot", snapshot, "-f", str(target / DUMP)], env=env, check=True)
        counts = table_counts()
        security = security_log_state()
    media_files, media_bytes = 0, 0
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    media_files += 1
                    media_bytes += path.stat().st_size
    manifest = {
        "app_version": app_version(),
        "created_at": timezone.now().isoformat(),
        "database": {"name": settings.DATABASES["default"]["NAME"], "dump": DUMP, "sha256": sha256(target / DUMP),
                     "tables": counts},
        "security_log": security,
        "media": {"archive": MEDIA, "sha256": sha256(target / MEDIA), "files": media_files, "bytes": media_bytes},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def read_manifest(directory):
    source = Path(directory)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST}: not a readable manifest ({exc}).") from None
    for name, part in ((DUMP, manifest["database"]), (MEDIA, manifest["media"])):
        if not (source / name).is_file() or sha256(source / name) != part["sha256"]:
            raise BackupError(f"{source / name} is missing or does not match the manifest's checksum.")
    return manifest


def ensure_empty_database():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(f"The database {settings.DATABASES['default']['NAME']} is not empty ({len(tables)} "
                          "tables): restore into a new, empty database.")


def restore(directory):
    source = Path(directory)
    manifest = read_manifest(source)
    ensure_empty_database()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"MEDIA_ROOT {media_root} already holds files: restore into an empty one.")
    env = pg_environment()
    connection.close()
    subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                    "-d", env["PGDATABASE"], str(source / DUMP)], env=env, check=True)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as tar:
        tar.extractall(media_root, filter="data")  # no absolute paths, no "..", no links out, no devices
    return manifest, compare(manifest)


def compare(manifest):
    """What differs between the database now and the manifest: [] when nothing does."""
    from ganfutong_admin.audit.models import first_broken_link

    differences = []
    counts = table_counts()
    expected = manifest["database"]["tables"]
    for table in sorted(set(counts) | set(expected)):
        if counts.get(table) != expected.get(table):
            differences.append(f"table {table}: {counts.get(table)} rows, manifest {expected.get(table)}")
    security = security_log_state()
    if security != manifest["security_log"]:
        differences.append(f"security log: {security}, manifest {manifest['security_log']}")
    broken = first_broken_link()
    if broken is not None:
        differences.append(f"security log chain broken at event #{broken.pk}")
    media_root = Path(settings.MEDIA_ROOT)
    files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
    if len(files) != manifest["media"]["files"] or sum(p.stat().st_size for p in files) != manifest["media"]["bytes"]:
        differences.append(f"media: {len(files)} files, manifest {manifest['media']['files']}")
    return differences
