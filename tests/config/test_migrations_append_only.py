"""Landed migrations are append-only: a migration that ran somewhere is never edited or removed, a change goes
into a new migration. tests/config/landed_migrations.txt lists every migration file with its SHA-256; new ones
are added with `make lock-migrations` (see landed_migrations.py)."""

import pytest
from landed_migrations import BASE_DIR, MANIFEST, lock, project_migration_files, read_manifest, sha256

MANIFEST_NAME = MANIFEST.relative_to(BASE_DIR).as_posix()


def test_the_manifest_is_well_formed():
    assert read_manifest(), f"{MANIFEST_NAME} lists no migration"


def test_no_landed_migration_changed_or_disappeared():
    problems = []
    for path, digest in read_manifest().items():
        if not (BASE_DIR / path).exists():
            problems.append(f"{path} was removed or renamed after it landed: restore it")
        elif sha256(path) != digest:
            problems.append(f"{path} was edited after it landed (SHA-256 {sha256(path)}, {MANIFEST_NAME} says "
                            f"{digest}): revert the edit and put the change in a new migration (makemigrations)")
    assert not problems, "Landed migrations are append-only:\n" + "\n".join(problems)


def test_every_migration_file_is_in_the_manifest():
    unlisted = sorted(set(project_migration_files()) - set(read_manifest()))
    assert not unlisted, (
        f"Migration files not in {MANIFEST_NAME}: {', '.join(unlisted)}. Once the migration is final, run "
        "`make lock-migrations` (it appends them, never rewriting a line) and commit the manifest with it."
    )


def test_discovery_sees_the_apps_of_this_repository_only():
    files = project_migration_files()
    assert "maintenance/migrations/0001_initial.py" in files
    assert "ganfutong_admin/audit/migrations/0001_initial.py" in files
    assert not [f for f in files if f.endswith("__init__.py") or ".venv" in f or "site-packages" in f]


def test_locking_appends_new_files_and_never_rewrites_a_line(tmp_path):
    (tmp_path / "app/migrations").mkdir(parents=True)
    for name in ("0001_initial.py", "0002_more.py"):
        (tmp_path / "app/migrations" / name).write_text(f"# {name}\n")
    manifest = tmp_path / "landed.txt"
    assert lock(["app/migrations/0001_initial.py"], manifest, tmp_path) == ["app/migrations/0001_initial.py"]
    first_line = manifest.read_text()

    (tmp_path / "app/migrations/0001_initial.py").write_text("# edited after it landed\n")
    added = lock(["app/migrations/0001_initial.py", "app/migrations/0002_more.py"], manifest, tmp_path)
    assert added == ["app/migrations/0002_more.py"]
    text = manifest.read_text()
    assert text.startswith(first_line)  # the edited file keeps its landed hash: the test above still fails
    assert read_manifest(manifest)["app/migrations/0002_more.py"] == sha256("app/migrations/0002_more.py", tmp_path)
    assert lock(["app/migrations/0002_more.py"], manifest, tmp_path) == []
    assert manifest.read_text() == text


def test_a_malformed_manifest_is_refused(tmp_path):
    manifest = tmp_path / "landed.txt"
    manifest.write_text(f"{'0' * 64}  a/migrations/0001_initial.py\n{'0' * 64}  a/migrations/0001_initial.py\n")
    with pytest.raises(ValueError, match="repeated"):
        read_manifest(manifest)
