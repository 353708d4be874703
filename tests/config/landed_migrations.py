"""Landed migrations are append-only: the manifest of every migration file of the project and its SHA-256.

tests/config/landed_migrations.txt has one line per migration file, in `sha256sum` format
("<sha256>  <path from the repository root>", so `sha256sum -c tests/config/landed_migrations.txt` checks it
too). test_migrations_append_only.py fails when a listed file changed or disappeared, and when a migration file
is not listed. `make lock-migrations` (this module run as a script) appends the files not listed yet; it never
rewrites or removes a line, so it cannot make an edited landed migration pass.
"""

import hashlib
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("landed_migrations.txt")


def project_migration_files():
    """The migration files (not __init__.py) of every installed app that lives in this repository, as paths
    relative to BASE_DIR in POSIX form, sorted. Needs Django set up."""
    from importlib.util import find_spec

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    found = set()
    for app_config in apps.get_app_configs():
        app_path = Path(app_config.path).resolve()
        if BASE_DIR not in app_path.parents or "site-packages" in app_path.parts:
            continue  # Django's and third-party apps
        module_name, _ = MigrationLoader.migrations_module(app_config.label)
        spec = find_spec(module_name) if module_name else None
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            for path in Path(location).glob("*.py"):
                if path.name != "__init__.py":
                    found.add(path.resolve().relative_to(BASE_DIR).as_posix())
    return sorted(found)


def sha256(relative_path, base_dir=BASE_DIR):
    return hashlib.sha256((Path(base_dir) / relative_path).read_bytes()).hexdigest()


def read_manifest(manifest=MANIFEST):
    """{path: sha256} of the manifest, in file order. Raises ValueError on a malformed or repeated line."""
    entries = {}
    for number, line in enumerate(Path(manifest).read_text(encoding="utf-8").splitlines(), start=1):
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or not path or path in entries:
            raise ValueError(f"{manifest}:{number}: not '<sha256>  <path>' or a repeated path: {line!r}")
        entries[path] = digest
    return entries


def lock(paths, manifest=MANIFEST, base_dir=BASE_DIR):
    """Append a line for each of `paths` not in the manifest yet; return the paths appended. Existing lines
    are left exactly as they are, also when their file has changed since."""
    manifest = Path(manifest)
    listed = read_manifest(manifest) if manifest.exists() else {}
    new = [path for path in paths if path not in listed]
    if new:
        text = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
        with manifest.open("a", encoding="utf-8", newline="\n") as out:
            if text and not text.endswith("\n"):
                out.write("\n")
            out.writelines(f"{sha256(path, base_dir)}  {path}\n" for path in new)
    return new


def main():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganfutong_admin.settings")
    import django

    django.setup()
    added = lock(project_migration_files())
    for path in added:
        print(f"added {path}")
    print(f"{MANIFEST.relative_to(BASE_DIR)}: {len(added)} migration file(s) added.")
    changed = [path for path, digest in read_manifest().items()
               if (BASE_DIR / path).exists() and sha256(path) != digest]
    if changed:
        print("Changed after they landed (not re-locked: revert them, put the change in a new migration):",
              *changed, sep="\n  ", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
