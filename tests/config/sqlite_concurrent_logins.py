"""Sign in from several threads at once against a SQLite *file* database, as the embedded default runs.

Run by tests/config/test_sqlite_concurrency.py in a subprocess with DATABASE_URL=sqlite:///<file> and
DJANGO_ENV=test (not a test module: the in-memory test database would not show file locking):

    python tests/config/sqlite_concurrent_logins.py prepare       # migrate, create one user per thread
    python tests/config/sqlite_concurrent_logins.py race [--transaction-mode DEFERRED] [--rounds 5]

In each round of `race` every thread posts the login form behind one barrier; a login writes the session, the
security log, axes' access log and the user's last_login. It prints one JSON line: the transaction mode the
connection used, how many logins ran, how many were redirected home, and the distinct errors.
"""

import argparse
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganfutong_admin.settings")

PASSWORD = "Concurrent-Login-1"
THREADS = 8


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["prepare", "race"])
    parser.add_argument("--transaction-mode", help="override OPTIONS['transaction_mode'] (default: settings.py's)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from django.conf import settings

    database = settings.DATABASES["default"]
    assert database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:", database
    if args.transaction_mode:  # before django.setup(): connections read DATABASES when first used
        database["OPTIONS"]["transaction_mode"] = args.transaction_mode
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the race, not the hashing

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 500s are counted and reported below
    if args.step == "prepare":
        prepare()
    else:
        print(json.dumps(race(args.rounds)))


def usernames():
    return [f"concurrent_{i}" for i in range(THREADS)]


def prepare():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    for username in usernames():
        get_user_model().objects.create_user(username, password=PASSWORD)


def race(rounds):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    login_url, home_url = reverse("accounts:login"), reverse(settings.LOGIN_REDIRECT_URL)
    barrier = threading.Barrier(THREADS)
    outcomes = []  # list.append is atomic

    def sign_in(username):
        for _ in range(rounds):
            try:
                barrier.wait(timeout=30)
                response = Client().post(login_url, {"username": username, "password": PASSWORD})
                outcomes.append(f"{response.status_code} {response.get('Location', '')}")
            except Exception as exc:  # noqa: BLE001 - reported to the test
                outcomes.append(f"{type(exc).__name__}: {exc}")
            finally:
                connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=sign_in, args=(name,)) for name in usernames()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return {
        "transaction_mode": connection.settings_dict["OPTIONS"].get("transaction_mode"),
        "logins": len(outcomes),
        "redirects_home": outcomes.count(f"302 {home_url}"),
        "errors": sorted(set(outcomes) - {f"302 {home_url}"}),
        "seconds": round(time.monotonic() - started, 1),
    }


if __name__ == "__main__":
    main()
