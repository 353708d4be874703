"""Shared fixtures.

The test database is built by the migrations, so it holds the real org-unit tree, the role groups with
their permissions (roles.sync_roles after migrate) and the working-day calendar seeded from
chinese-calendar. Tests that commit (transactional_db, live_server) get that reference data back before
they start (`_seeded_reference_data`): the flush after an earlier transactional test removes it.

tests/ is not a package (no __init__.py): every test module needs a basename unique across tests/, or
pytest stops with "import file mismatch". Shared helpers are top-level modules here (factories,
testsupport).
"""

import pytest
from django.conf import settings
from factories import UserFactory, org
from rest_framework.test import APIClient
from testsupport import PEOPLE

from ganfutong_admin.celery import app as celery_app


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The .mo files are build output (not in git): compile them when a .po is newer, as `make setup` does."""
    from pathlib import Path

    from django.core.management import call_command

    stale = [po for d in settings.LOCALE_PATHS for po in Path(d).glob("*/LC_MESSAGES/*.po")
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        call_command("compile_translations", verbosity=0)
        import gettext

        from django.utils.translation import trans_real

        # Forget catalogues loaded before the compile: Django's and the gettext module's own cache,
        # which keeps the parsed .mo by file path.
        gettext._translations.clear()
        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = trans_real.Local()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    return bool(marked) or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _seeded_reference_data(request):
    """Tests that commit (threads, the live server) flush the database when they end, and with it what the
    data migrations seeded: the org-unit tree, the roles' permissions, the working-day calendar. Put them
    back (idempotently) before each such test, so that the order of transactional tests does not matter."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group, Permission

    from ganfutong_admin.accounts.roles import sync_roles
    from ganfutong_admin.orgs.models import OrgUnit
    from ganfutong_admin.orgs.seed import seed_org_units
    from ganfutong_admin.workflow.calendar import seed_from_library
    from ganfutong_admin.workflow.models import CalendarDay, CalendarYear

    if not OrgUnit.objects.exists():
        seed_org_units(OrgUnit)
    if not Group.objects.filter(name="reviewer", permissions__codename="review_filing").exists():
        sync_roles(Group, Permission)
    if not CalendarYear.objects.exists():
        seed_from_library(CalendarDay, CalendarYear)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process in every test, also when REDIS_URL is set (the worker test turns this off)."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture(scope="session", autouse=True)
def _own_redis_database_per_worker():
    """With pytest-xdist, workers run tests at the same time: each gets its own Redis database for the
    cache (db 15 for gw0, 14 for gw1 ...), so one worker's cache.clear() or throttle counts never
    reach another's. Without xdist, or without Redis, nothing changes."""
    import copy
    import os

    from django.test import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    if not worker.startswith("gw") or not str(location).startswith("redis"):
        yield
        return
    base, _, db = str(location).rpartition("/")
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["LOCATION"] = f"{base}/{int(db or 0) - int(worker[2:])}"
    override = override_settings(CACHES=caches)
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _clear_cache():
    """The token endpoint is throttled through the cache (Redis when REDIS_URL is set): start clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    def make(username, role=None, org_code="360102", **kwargs):
        roles = [role] if isinstance(role, str) else (role or [])
        return UserFactory(username=username, org_unit=org(org_code) if org_code else None, roles=roles, **kwargs)

    return make


@pytest.fixture
def people(make_user):
    """One user per role and place, keyed by the demo user names of ROLES.md."""
    return {name: make_user(name, role, code) for name, (role, code) in PEOPLE.items()}


@pytest.fixture
def api():
    """An API client signed in (session) as the given user; api(None) is anonymous. language="en" sets the
    language cookie (the UI is Chinese by default and ignores Accept-Language)."""

    def client_for(user, language=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return client_for


@pytest.fixture
def english():
    """Messages in English (the UI defaults to zh-hans): for tests that match message text."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def web(client):
    """The Django test client signed in as the given user (language: as for `api`)."""

    def client_for(user, language=None):
        client.logout()
        client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        else:
            client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        return client

    return client_for


def pytest_configure(config):
    # WhiteNoise warns once per test client that `collectstatic` has not run; irrelevant to these tests.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
