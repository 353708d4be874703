"""The second factor (issue 10, point 5): TOTP with django-otp for reviewers, supervisors, org admins, auditors
and the system roles; enrolment with a server-rendered QR code and ten one-time recovery codes; enforced on
pages and on the API (tokens included); reset by sys_admin; off only in the embedded demo."""

import os
import re
import subprocess
import sys
from base64 import b32encode
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from factories import PASSWORD
from rest_framework.test import APIClient
from testsupport import needs_postgres, run_each

from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.accounts.second_factor import has_second_factor, reset_second_factor, verify_code
from ganfutong_admin.audit.models import EventKind, SecurityEvent

ENROL_URL = "/accounts/otp/enrol/"
QR_URL = "/accounts/otp/enrol/qr.svg"
VERIFY_URL = "/accounts/otp/verify/"
TOKEN_URL = "/api/v1/auth/token/"
FILINGS_API = "/api/v1/filings/"


@pytest.fixture(autouse=True)
def otp_on(settings):
    # Tests run in the embedded (non-production) mode, where the second factor is off by default.
    settings.OTP_REQUIRED = True


@pytest.fixture
def no_throttle(settings):
    """django-otp makes the try after a wrong code wait 1 s (then 2, 4...): off where a test types several."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def submitter(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def sys_admin(make_user):
    return make_user("sys_admin", "sys_admin", "360000")


def code_of(device, steps_ahead=0):
    """The code the user's phone shows, computed with django-otp's own TOTP function."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"


def wrong_code(device):
    right = {code_of(device, drift) for drift in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def enrol(client, user):
    """Go through the enrolment page; returns the ten recovery codes it showed."""
    assert client.get(ENROL_URL).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL_URL, {"code": code_of(device), "next": "/"})
    assert response.status_code == 200, response.content.decode()[:500]
    return response.context["codes"]


def enrolled_device(user):
    """An enrolled authenticator without going through the pages (for the tests of the verification)."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def events(kind, user):
    return list(SecurityEvent.objects.filter(kind=kind, username=user.username).order_by("pk"))


def token_for(user, **extra):
    return APIClient().post(TOKEN_URL, {"username": user.username, "password": PASSWORD, **extra}, format="json")


def bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


# --- enrolment ------------------------------------------------------------------------------------------------

def test_a_reviewer_is_sent_to_enrol_with_a_server_rendered_qr_code_and_the_secret(reviewer):
    client = signed_in(reviewer)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(f"{VERIFY_URL}?next=%2F", 302), (f"{ENROL_URL}?next=%2F", 302)]
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=reviewer)
    assert not device.confirmed
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert shown.replace(" ", "") == secret
    assert f'src="{QR_URL}"' in page
    assert "您的角色须使用第二因子" in page
    # Reloading keeps the same secret (the app may already have scanned it).
    client.get(ENROL_URL)
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    qr = client.get(QR_URL)
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr["Cache-Control"] == "no-store"
    svg = qr.content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<path" in svg
    # Nothing loaded from anywhere: the only URL is the SVG namespace; no link, script, style or image.
    assert re.findall(r"https?://[^\"' ]+", svg) == ["http://www.w3.org/2000/svg"]
    for forbidden in ("href", "src=", "<script", "<style", "<image", "<foreignObject"):
        assert forbidden not in svg


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(reviewer):
    client = signed_in(reviewer)
    codes = enrol(client, reviewer)
    assert len(codes) == len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    assert has_second_factor(reviewer)
    assert sorted(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True)) == codes
    [event] = events(EventKind.OTP_ENROLLED, reviewer)
    assert event.detail["recovery_codes"] == 10
    # The session is verified: the work list opens.
    assert client.get("/").status_code == 200
    # The codes and the QR code are never shown again, and enrolling a second authenticator is refused.
    response = client.get(ENROL_URL)
    assert response.status_code == 302 and response.url.startswith(VERIFY_URL)
    assert client.get(QR_URL).status_code == 404
    assert not any(code in client.get("/").content.decode() for code in codes)


def test_a_wrong_code_fails_and_is_logged(reviewer, no_throttle):
    client = signed_in(reviewer)
    client.get(ENROL_URL)
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post(ENROL_URL, {"code": wrong_code(device)})
    assert response.status_code == 400
    assert 'data-field-error="code"' in response.content.decode()
    assert not TOTPDevice.objects.get(user=reviewer).confirmed
    # Not a code at all, and nothing: refused the same way, never a 500.
    assert client.post(ENROL_URL, {"code": "'; drop table"}).status_code == 400
    assert client.post(ENROL_URL, {}).status_code == 400
    failures = events(EventKind.OTP_FAILED, reviewer)
    assert [e.detail["stage"] for e in failures] == ["enrol", "enrol"]
    assert [e.detail["failures_in_a_row"] for e in failures] == [1, 2]

    # At the verification step too.
    device.confirmed = True
    device.save()
    response = signed_in(reviewer).post(VERIFY_URL, {"code": wrong_code(device)})
    assert response.status_code == 400
    assert events(EventKind.OTP_FAILED, reviewer)[-1].detail["stage"] == "verify"


def test_five_wrong_codes_in_a_row_end_the_session(reviewer, no_throttle):
    device = enrolled_device(reviewer)
    client = signed_in(reviewer)
    for attempt in range(1, 5):
        assert client.post(VERIFY_URL, {"code": wrong_code(device)}).status_code == 400, attempt
        assert "_auth_user_id" in client.session
    response = client.post(VERIFY_URL, {"code": wrong_code(device)})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert len(events(EventKind.OTP_FAILED, reviewer)) == 5
    # Even the right code now needs a new sign-in.
    response = client.post(VERIFY_URL, {"code": code_of(device)})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_right_code_resets_the_count(reviewer, no_throttle):
    device = enrolled_device(reviewer)
    client = signed_in(reviewer)
    for _ in range(4):
        client.post(VERIFY_URL, {"code": wrong_code(device)})
    assert client.post(VERIFY_URL, {"code": code_of(device)}).status_code == 302
    assert "second_factor_failures" not in client.session


def test_django_otp_throttles_the_try_after_a_wrong_code(reviewer):
    device = enrolled_device(reviewer)
    client = signed_in(reviewer)
    assert client.post(VERIFY_URL, {"code": wrong_code(device)}).status_code == 400
    # Within the second that follows, even the right code is not checked.
    response = client.post(VERIFY_URL, {"code": code_of(device)})
    assert response.status_code == 400
    assert "throttled_until" in events(EventKind.OTP_FAILED, reviewer)[-1].detail
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = client.post(VERIFY_URL, {"code": code_of(device)})
        assert response.status_code == 302 and response.url == "/"


# --- verification ---------------------------------------------------------------------------------------------

def test_an_enrolled_reviewer_verifies_after_the_password_and_returns_where_he_was_going(reviewer):
    device = enrolled_device(reviewer)
    client = Client()
    response = client.post("/accounts/login/", {"username": reviewer.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/workflow/filings/")
    assert response.status_code == 302 and response.url == f"{VERIFY_URL}?next=%2Fworkflow%2Ffilings%2F"
    assert client.get(response.url).status_code == 200
    response = client.post(VERIFY_URL, {"code": code_of(device), "next": "/workflow/filings/"})
    assert response.status_code == 302 and response.url == "/workflow/filings/"
    assert client.get("/").status_code == 200
    # A verified session is not asked again; a next pointing elsewhere is not followed.
    response = client.get(f"{VERIFY_URL}?next=https://evil.example/")
    assert response.status_code == 302 and response.url == "/"


def test_a_replayed_totp_code_is_refused(reviewer):
    device = enrolled_device(reviewer)
    code = code_of(device)
    assert signed_in(reviewer).post(VERIFY_URL, {"code": code}).status_code == 302
    # The same code again, from another session (django-otp keeps the last time step used: last_t).
    assert signed_in(reviewer).post(VERIFY_URL, {"code": code}).status_code == 400
    assert TOTPDevice.objects.get(pk=device.pk).last_t >= 0


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_code_sent_eight_times_at_once_passes_once(reviewer, no_throttle):
    # The device row is locked while a code is checked (select_for_update): the racers queue, the first one
    # moves last_t on, the others find the code used.
    device = enrolled_device(reviewer)
    code = code_of(device)
    outcomes = run_each(8, lambda i: verify_code(reviewer, code).ok)
    assert sorted(outcomes, key=str) == [False] * 7 + [True], outcomes


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_recovery_code_sent_eight_times_at_once_passes_once(reviewer, no_throttle):
    from ganfutong_admin.accounts.second_factor import issue_recovery_codes

    code = issue_recovery_codes(reviewer)[0]
    outcomes = run_each(8, lambda i: verify_code(reviewer, code).ok)
    assert sorted(outcomes, key=str) == [False] * 7 + [True], outcomes


def test_another_users_code_does_not_verify(reviewer, make_user, no_throttle):
    enrolled_device(reviewer)
    other = make_user("province_supervisor", "supervisor", "360000")
    others_device = enrolled_device(other)
    assert signed_in(reviewer).post(VERIFY_URL, {"code": code_of(others_device)}).status_code == 400


def test_ten_recovery_codes_each_work_once(reviewer, no_throttle):
    codes = enrol(signed_in(reviewer), reviewer)
    for used, code in enumerate(codes, start=1):
        # Typed as the user might: in capitals, with a space in the middle.
        typed = f"{code[:4].upper()} {code[4:].upper()}"
        client = signed_in(reviewer)
        response = client.post(VERIFY_URL, {"code": typed, "next": "/"})
        assert response.status_code == 302 and response.url == "/", code
        assert client.get("/").status_code == 200
        assert StaticToken.objects.filter(device__user=reviewer).count() == 10 - used
        # The same code a second time: refused.
        assert signed_in(reviewer).post(VERIFY_URL, {"code": code}).status_code == 400


# --- who is asked ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["reviewer", "supervisor", "org_admin", "auditor", "sys_admin", "sec_admin",
                                  "audit_admin"])
def test_every_role_that_needs_it_is_asked(make_user, role):
    user = make_user(f"someone_{role}", role, "360000")
    response = signed_in(user).get("/")
    assert response.status_code == 302 and response.url.startswith(VERIFY_URL)


@pytest.mark.parametrize("role", ["submitter", "publisher"])
def test_a_submitter_or_publisher_is_not_asked(make_user, role):
    user = make_user(f"someone_{role}", role, "360102")
    client = signed_in(user)
    assert client.get("/").status_code == 200
    raw = token_for(user).json()["token"]
    if role == "submitter":
        assert bearer(raw).get(FILINGS_API).status_code == 200
        assert client.get(FILINGS_API).status_code == 200


def test_a_submitter_may_enrol_from_the_user_menu_and_is_then_asked_at_every_sign_in(submitter):
    client = signed_in(submitter)
    home = client.get("/").content.decode()
    assert 'id="user-menu-second-factor"' in home and ENROL_URL in home
    page = client.get(ENROL_URL).content.decode()
    assert "每次登录除密码外" in page and "您的角色须使用第二因子" not in page  # not told its role needs it
    enrol(client, submitter)
    assert 'id="user-menu-second-factor"' not in client.get("/").content.decode()  # verified: nothing to offer

    later = signed_in(submitter)  # the next sign-in: a password alone no longer opens the pages
    response = later.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/otp/verify/")
    device = TOTPDevice.objects.get(user=submitter, confirmed=True)
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):  # the next 30-second step: a fresh code
        assert later.post("/accounts/otp/verify/", {"code": code_of(device), "next": "/"}).status_code == 302
        assert later.get("/").status_code == 200


def test_the_user_menu_offers_no_second_factor_when_it_is_off(submitter, settings):
    settings.OTP_REQUIRED = False
    assert 'id="user-menu-second-factor"' not in signed_in(submitter).get("/").content.decode()


def test_pages_send_an_unverified_reviewer_to_enrol_but_let_him_change_the_password_and_log_out(reviewer):
    client = signed_in(reviewer)
    for page in ("/", "/workflow/filings/", "/accounts/tokens/", "/admin/"):
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1][0].startswith(ENROL_URL), page
    assert client.get("/accounts/password/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def queries_of(client, url="/"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: the session's first request may save it
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_second_factor_costs_no_query_per_request(reviewer, submitter, settings):
    settings.OTP_REQUIRED = False
    reviewer_off, submitter_off = queries_of(signed_in(reviewer)), queries_of(signed_in(submitter))
    settings.OTP_REQUIRED = True
    # The roles are read by the menu anyway, and a verified session says so itself (django-otp's OTPMiddleware
    # would load the device on every request).
    assert queries_of(signed_in(submitter)) == submitter_off
    device = enrolled_device(reviewer)
    client = signed_in(reviewer)
    client.post(VERIFY_URL, {"code": code_of(device)})
    assert queries_of(client) == reviewer_off


# --- the API ----------------------------------------------------------------------------------------------------

def test_an_unverified_reviewers_token_gets_403_on_the_filings_api(reviewer):
    enrolled_device(reviewer)
    response = token_for(reviewer)
    assert response.status_code == 201
    raw = response.json()["token"]
    assert not ApiToken.objects.get(user=reviewer).second_factor_verified
    response = bearer(raw).get(FILINGS_API)
    assert response.status_code == 403
    assert "otp" in response.json()["detail"]
    assert bearer(raw).post(FILINGS_API, {}, format="json").status_code == 403
    # The token endpoints themselves stay reachable (a new token with the code).
    assert bearer(raw).post(TOKEN_URL, {}, format="json").status_code == 400


def test_a_token_issued_with_the_code_works(reviewer):
    device = enrolled_device(reviewer)
    response = token_for(reviewer, otp=code_of(device))
    assert response.status_code == 201
    assert ApiToken.objects.get(user=reviewer).second_factor_verified
    assert bearer(response.json()["token"]).get(FILINGS_API).status_code == 200


def test_a_wrong_code_at_the_token_endpoint_gives_no_token_and_is_logged(reviewer):
    device = enrolled_device(reviewer)
    response = token_for(reviewer, otp=wrong_code(device))
    assert response.status_code == 401
    assert "token" not in response.json()
    assert not ApiToken.objects.filter(user=reviewer).exists()
    assert events(EventKind.OTP_FAILED, reviewer)[-1].detail["stage"] == "token"
    # The API client gets no session cookie out of it.
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    # Not a string: a 400, not a 500.
    response = APIClient().post(TOKEN_URL, {"username": reviewer.username, "password": PASSWORD, "otp": {"a": 1}},
                                format="json")
    assert response.status_code == 400


def test_an_unverified_session_gets_403_on_the_api_and_a_verified_one_works(reviewer):
    device = enrolled_device(reviewer)
    client = signed_in(reviewer)
    response = client.get(FILINGS_API)
    assert response.status_code == 403
    assert client.post(VERIFY_URL, {"code": code_of(device)}).status_code == 302
    assert client.get(FILINGS_API).status_code == 200


# --- reset, demo, production ------------------------------------------------------------------------------------

def test_reset_second_factor_forces_enrolment_again(reviewer, sys_admin):
    client = signed_in(reviewer)
    enrol(client, reviewer)
    device = TOTPDevice.objects.get(user=reviewer)
    raw = token_for(reviewer, otp=code_of(device, steps_ahead=1)).json()["token"]
    assert client.get("/").status_code == 200 and bearer(raw).get(FILINGS_API).status_code == 200

    assert reset_second_factor(reviewer, by=sys_admin) == 2  # the authenticator and the recovery codes
    assert not has_second_factor(reviewer)
    assert not StaticToken.objects.filter(device__user=reviewer).exists()
    [event] = SecurityEvent.objects.filter(kind=EventKind.OTP_RESET)
    assert event.username == "sys_admin" and event.target == reviewer.username
    # The session verified with the old device has ended, and the token is no longer verified.
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert SecurityEvent.objects.filter(kind=EventKind.SESSION_ENDED, detail__reason="second_factor_reset").exists()
    assert bearer(raw).get(FILINGS_API).status_code == 403
    # Signed in again: enrol again.
    client.force_login(reviewer)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL_URL)
    enrol(client, reviewer)
    assert client.get("/").status_code == 200


def test_with_the_setting_off_nobody_is_asked_and_the_login_page_says_so(reviewer, settings):
    settings.OTP_REQUIRED = False
    client = signed_in(reviewer)
    assert client.get("/").status_code == 200
    raw = token_for(reviewer).json()["token"]
    assert bearer(raw).get(FILINGS_API).status_code == 200
    # The pages of the second factor send back home.
    response = client.get(ENROL_URL)
    assert response.status_code == 302 and response.url == "/"
    assert not TOTPDevice.objects.exists()
    page = Client().get("/accounts/login/").content.decode()
    assert 'id="demo-second-factor-off"' in page and "演示环境" in page

    settings.OTP_REQUIRED = True
    assert 'id="demo-second-factor-off"' not in Client().get("/accounts/login/").content.decode()


def run_settings(env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}}
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=60,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "ganfutong_admin.settings", **env})


def test_production_refuses_to_start_with_the_second_factor_off():
    production = {
        "DJANGO_ENV": "production", "SECRET_KEY": "k" * 30 + "ey-for-this-check-only-0123456789",
        "ALLOWED_HOSTS": "example.gov.cn", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/never_connected",
        "REDIS_URL": "redis://127.0.0.1:6379/15", "PERSONAL_DATA_KEY": "c2Vjb25kLWZhY3Rvci10ZXN0LWtleS0zMmJ5dGVzIQ==",
    }
    result = run_settings({**production, "OTP_REQUIRED": "0"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "OTP_REQUIRED" in result.stderr
    # On by default in production.
    result = run_settings(production)
    assert result.returncode == 0, result.stderr
    # The embedded demo may run without it.
    assert run_settings({"OTP_REQUIRED": "0"}).returncode == 0
