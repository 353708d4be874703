"""Login policy: the sign-in guard's lockout (5 failures allowed, then the account is locked for 30 minutes from
any address; proxy-aware client addresses), idle session timeout, and the three system roles held alone.
The lockout's other rules (back-off, the per-address limit, parallel attempts) are in test_lockout_holds.py."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from factories import PASSWORD
from rest_framework.test import APIClient

from ganfutong_admin.accounts import lockout
from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.audit.models import EventKind, SecurityEvent

LOGIN_URL = "/accounts/login/"
BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def login(client, password, **extra):
    return client.post(LOGIN_URL, {"username": "donghu_submitter", "password": password}, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


# --- lockout ------------------------------------------------------------------------------------------------

def test_five_failures_are_allowed_and_the_sixth_attempt_is_refused_for_thirty_minutes(donghu, client):
    assert client.get(LOGIN_URL).status_code == 200
    for attempt in range(1, 6):
        response = login(client, f"wrong-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with an error
        assert 'id="login-error"' in response.content.decode()
        assert not signed_in(client)
    assert lockout.is_locked("donghu_submitter")

    # The right password does not help while locked.
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    assert not signed_in(client)

    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert login(client, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = login(client, PASSWORD)
        assert response.status_code == 302
        assert response.url == "/"
        assert signed_in(client)


def test_a_success_before_the_limit_resets_the_count(donghu, client):
    for attempt in range(4):
        login(client, f"wrong-{attempt}")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(5):
        assert login(client, f"again-{attempt}").status_code == 200
    assert login(client, PASSWORD).status_code == 429


def test_the_token_endpoint_counts_towards_the_same_lockout(donghu):
    api = APIClient()
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for attempt in range(5):
        response = api.post("/api/v1/auth/token/", {"username": "donghu_submitter", "password": f"wrong-{attempt}"},
                            format="json")
        assert response.status_code == 401
    response = api.post("/api/v1/auth/token/", {"username": "donghu_submitter", "password": PASSWORD},
                        format="json")
    # A machine client gets JSON it can read, not the HTML lockout page.
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Too many failed sign-ins: this account is locked. Try again later, "
                                         "or ask the system administrator to unlock it."}
    assert 29 * 60 <= int(response["Retry-After"]) <= 30 * 60
    assert not ApiToken.objects.exists()
    # The login page is locked for the same user, from another address too.
    response = Client(REMOTE_ADDR="198.51.100.200").post(LOGIN_URL, {"username": "donghu_submitter",
                                                                      "password": PASSWORD})
    assert response.status_code == 429
    assert "locked-out" in response.content.decode()


def settings_for_env(**env):
    """The login-related settings the settings module computes for this environment."""
    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps({k: getattr(s, k, None) for k in ['AXES_IPWARE_PROXY_COUNT', "
            "'AXES_IPWARE_META_PRECEDENCE_ORDER', 'AXES_IPWARE_PROXY_ORDER', 'IPWARE_STRICT']}))")
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}}
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
                         env={**clean, "DJANGO_SETTINGS_MODULE": "ganfutong_admin.settings", **env}, check=True)
    values = json.loads(out.stdout.strip().splitlines()[-1])
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if v is not None}


def failed_sign_in_addresses():
    return set(SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).values_list("ip_address", flat=True))


def test_without_a_proxy_the_socket_address_counts_and_headers_are_ignored(donghu, client):
    for attempt in range(5):
        login(client, f"wrong-{attempt}", REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    assert failed_sign_in_addresses() == {"203.0.113.10"}
    assert login(client, PASSWORD, REMOTE_ADDR="203.0.113.10").status_code == 429


@pytest.mark.parametrize("forwarded", [
    "198.51.100.23",  # what one proxy sends when the client sent no X-Forwarded-For
    "203.0.113.99, 198.51.100.23",  # the client forged a first entry; the proxy appended the real address
])
def test_behind_one_trusted_proxy_the_client_address_comes_from_the_header(donghu, client, forwarded):
    """TRUSTED_PROXY_COUNT=1 (one reverse proxy, at REMOTE_ADDR 10.0.0.1, appending the address it received
    the request from): failures are recorded against the client's address, which cannot be forged, and the
    account's lock holds for every client behind the proxy."""
    computed = settings_for_env(TRUSTED_PROXY_COUNT="1")
    assert computed["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"
    with override_settings(**computed):
        for attempt in range(5):
            login(client, f"wrong-{attempt}", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert failed_sign_in_addresses() == {"198.51.100.23"}
        # Locked for that client...
        response = login(client, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")
        assert response.status_code == 429
        # ...rotating a forged first entry does not get around it...
        response = login(client, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.23")
        assert response.status_code == 429
        # ...and the account is locked for another client behind the same proxy too (the lock is the account's).
        response = login(client, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.77")
        assert response.status_code == 429
        assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).latest("pk").ip_address == "198.51.100.77"


def test_default_settings_trust_no_proxy():
    from ganfutong_admin.accounts.security_policy import SECURITY_PARAMETERS

    defaults = {p.name: p.default for p in SECURITY_PARAMETERS}
    names = ("LOCKOUT_FAILURE_LIMIT", "LOCKOUT_MINUTES", "IP_FAILURE_LIMIT")
    assert [defaults[name] for name in names] == [5, 30, 100]
    assert settings.SIGNIN_RATE_PER_MINUTE == 30
    # django-axes gives the client address only: its own counting (per user name and address) is off.
    assert settings.AXES_ENABLED is False
    assert not any(b.startswith("axes.") for b in settings.AUTHENTICATION_BACKENDS)
    assert not any(m.startswith("axes.") for m in settings.MIDDLEWARE)
    assert tuple(settings_for_env()["AXES_IPWARE_META_PRECEDENCE_ORDER"]) == ("REMOTE_ADDR",)


# --- idle timeout -------------------------------------------------------------------------------------------

def test_idle_timeout_settings():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_expires_after_thirty_idle_minutes(donghu, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(donghu)
        assert client.get("/api/v1/filings/").status_code == 200
    # Each request pushes the expiry back (SESSION_SAVE_EVERY_REQUEST).
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/api/v1/filings/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/api/v1/filings/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=58 + 31), tick=False):
        assert client.get("/api/v1/filings/").status_code == 401
        response = client.get("/filings/")
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- the three system roles are held alone ------------------------------------------------------------------

@pytest.mark.parametrize("system_role", ["sys_admin", "sec_admin", "audit_admin"])
def test_a_system_role_cannot_be_combined(make_user, system_role):
    admin = make_user(f"the_{system_role}", system_role, "360000")
    # (each refusal inside its own savepoint: the signal raises inside the m2m write's transaction)
    with pytest.raises(ValidationError), transaction.atomic():
        admin.groups.add(Group.objects.get(name="reviewer"))
    other_system_role = "sec_admin" if system_role != "sec_admin" else "sys_admin"
    with pytest.raises(ValidationError), transaction.atomic():
        admin.groups.add(Group.objects.get(name=other_system_role))
    assert list(admin.groups.values_list("name", flat=True)) == [system_role]


def test_a_domain_user_cannot_be_given_a_system_role(make_user):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    with pytest.raises(ValidationError), transaction.atomic():
        reviewer.groups.add(Group.objects.get(name="sys_admin"))
    fresh = make_user("fresh_user", None, "360000")
    with pytest.raises(ValidationError), transaction.atomic():
        fresh.groups.set([Group.objects.get(name="sys_admin"), Group.objects.get(name="auditor")])
    assert fresh.groups.count() == 0
    assert list(reviewer.groups.values_list("name", flat=True)) == ["reviewer"]


def test_a_superuser_cannot_hold_a_system_role(make_user):
    root = make_user("root", None, "360000", is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError), transaction.atomic():
        root.groups.add(Group.objects.get(name="audit_admin"))
    assert root.groups.count() == 0


def test_domain_roles_combine(make_user):
    user = make_user("double", "submitter", "360102")
    user.groups.add(Group.objects.get(name="org_admin"))
    assert set(user.groups.values_list("name", flat=True)) == {"submitter", "org_admin"}
