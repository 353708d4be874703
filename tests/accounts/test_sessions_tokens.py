"""Sessions and tokens (issue 10 point 7): idle timeout 30 minutes (15 for the system roles), an absolute
lifetime of 12 hours, at most 3 sessions per account (the oldest ends), logout and password change end the
other sessions and revoke the tokens; API tokens listed per user, revocable, with the policy's lifetime."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from factories import PASSWORD, policy_version
from rest_framework.test import APIClient
from testsupport import needs_postgres

from ganfutong_admin.accounts.models import ApiToken, UserSession
from ganfutong_admin.accounts.security_policy import (
    API_TOKEN_DAYS,
    MAX_CONCURRENT_SESSIONS,
    SESSION_ABSOLUTE_HOURS,
    SESSION_IDLE_MINUTES,
)
from ganfutong_admin.accounts.sessions import end_sessions, revoke_tokens
from ganfutong_admin.audit.models import EventKind, SecurityEvent

TOKENS_URL = "/accounts/tokens/"
LIGHT_PAGE = TOKENS_URL
FILINGS_API = "/api/v1/filings/"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def submitter(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def sec_admin(make_user):
    return make_user("sec_admin", "sec_admin", "360000")


def sign_in(username="donghu_submitter", password=PASSWORD):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/accounts/login/", {"username": username, "password": password},
                           HTTP_USER_AGENT="Mozilla/5.0 test")
    assert response.status_code == 302
    return client


def signed_in(client):
    response = client.get(LIGHT_PAGE)
    return response.status_code == 200


def obtain_token(username="donghu_submitter"):
    response = APIClient().post(TOKEN_URL, {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 201
    return response.json()["token"]


def bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


# --- idle timeout and absolute lifetime ---------------------------------------------------------------------

def test_the_idle_timeout_is_thirty_minutes_and_fifteen_for_the_system_roles(submitter, sec_admin):
    assert sign_in().session.get_expiry_age() == 30 * 60
    assert sign_in("sec_admin").session.get_expiry_age() == 15 * 60


def test_the_idle_timeout_is_the_policy_value(submitter):
    policy_version(SESSION_IDLE_MINUTES, 20)
    client = sign_in()
    assert client.session.get_expiry_age() == 20 * 60
    with time_machine.travel(timezone.now() + timedelta(minutes=21)):
        assert not signed_in(client)


def test_a_system_role_is_signed_out_after_fifteen_idle_minutes(sec_admin):
    client = sign_in("sec_admin")
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert signed_in(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=14 + 16)):
        assert not signed_in(client)


def test_the_session_ends_at_the_absolute_lifetime_even_when_active(submitter):
    start = timezone.now()
    client = sign_in()
    session_key = client.session.session_key
    step = timedelta(minutes=25)  # within the idle timeout: the session is kept alive all along
    moment = start
    while moment + step < start + timedelta(hours=12) - timedelta(minutes=1):
        moment += step
        with time_machine.travel(moment, tick=False):
            assert signed_in(client), moment - start
    with time_machine.travel(start + timedelta(hours=12, seconds=1), tick=False):
        response = client.get(LIGHT_PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert UserSession.objects.get(session_key=session_key).ended_at is not None
    event = SecurityEvent.objects.get(kind=EventKind.SESSION_ENDED)
    assert event.detail["reason"] == "absolute_lifetime" and event.actor == submitter


def test_the_absolute_lifetime_is_the_policy_value_and_the_api_says_401(submitter):
    policy_version(SESSION_ABSOLUTE_HOURS, 1)
    client = sign_in()
    start = timezone.now()
    for minutes in (25, 50):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(FILINGS_API).status_code == 200
    with time_machine.travel(start + timedelta(minutes=61)):
        response = client.get(FILINGS_API)
    assert response.status_code == 401
    assert response.json()["detail"] == "Your session has ended: sign in again."


def test_the_absolute_lifetime_ends_only_that_session(submitter):
    policy_version(SESSION_ABSOLUTE_HOURS, 1)
    start = timezone.now()
    first = sign_in()
    with time_machine.travel(start + timedelta(minutes=25)):
        assert signed_in(first)
        second = sign_in()
        raw = obtain_token()
    with time_machine.travel(start + timedelta(minutes=50)):
        assert signed_in(first) and signed_in(second)
    with time_machine.travel(start + timedelta(minutes=61)):
        assert not signed_in(first)
        assert signed_in(second)
        assert bearer(raw).get(FILINGS_API).status_code == 200


# --- concurrent sessions ------------------------------------------------------------------------------------

def test_a_fourth_sign_in_ends_the_oldest_session(submitter):
    clients = []
    for minute in range(4):
        with time_machine.travel(timezone.now() + timedelta(minutes=minute)):
            clients.append(sign_in())
    assert not signed_in(clients[0])
    assert all(signed_in(client) for client in clients[1:])
    assert UserSession.objects.filter(user=submitter, ended_at__isnull=True).count() == 3
    event = SecurityEvent.objects.get(kind=EventKind.SESSION_ENDED)
    assert event.detail["reason"] == "concurrent_limit"
    row = UserSession.objects.filter(user=submitter).order_by("created_at").first()
    assert row.ended_at is not None and row.user_agent == "Mozilla/5.0 test" and row.ip_address == "127.0.0.1"


def test_the_session_limit_is_the_policy_value(submitter):
    policy_version(MAX_CONCURRENT_SESSIONS, 1)
    first = sign_in()
    second = sign_in()
    assert not signed_in(first) and signed_in(second)


def test_sessions_that_expired_do_not_count(submitter):
    clients = [sign_in() for _ in range(3)]
    Session.objects.filter(session_key=clients[0].session.session_key).delete()  # idle timeout elsewhere
    sign_in()
    assert signed_in(clients[1]) and signed_in(clients[2])
    assert not SecurityEvent.objects.filter(kind=EventKind.SESSION_ENDED).exists()
    assert UserSession.objects.filter(user=submitter, ended_at__isnull=True).count() == 3


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.cache",
                                    "django.contrib.sessions.backends.cached_db"])
def test_ending_a_session_works_with_a_cache_engine(submitter, engine):
    with override_settings(SESSION_ENGINE=engine):
        clients = [sign_in() for _ in range(4)]
        assert not signed_in(clients[0])
        assert all(signed_in(client) for client in clients[1:])
        clients[1].post("/accounts/logout/")
        assert not signed_in(clients[2]) and not signed_in(clients[3])


# --- logout and password change -----------------------------------------------------------------------------

def test_logout_ends_the_other_sessions_and_revokes_the_tokens(submitter):
    first, second = sign_in(), sign_in()
    raw = obtain_token()
    assert bearer(raw).get(FILINGS_API).status_code == 200
    first.post("/accounts/logout/")
    assert not signed_in(first) and not signed_in(second)
    assert bearer(raw).get(FILINGS_API).status_code == 401
    assert not UserSession.objects.filter(user=submitter, ended_at__isnull=True).exists()
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_REVOKED, detail__reason="logout").count() == 1


def test_a_password_change_keeps_this_session_and_ends_the_others(submitter):
    current, other = sign_in(), sign_in()
    raw = obtain_token()
    response = current.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Jiangxi-river-1x",
                                                    "new_password2": "Jiangxi-river-1x"})
    assert response.status_code == 302
    assert signed_in(current)
    assert not signed_in(other)
    assert bearer(raw).get(FILINGS_API).status_code == 401
    assert UserSession.objects.filter(user=submitter, ended_at__isnull=True).get().session_key == (
        current.session.session_key)


def test_an_administrator_ends_sessions_and_revokes_tokens(submitter, sec_admin):
    client = sign_in()
    raw = obtain_token()
    assert end_sessions(submitter, by=sec_admin) == 1
    assert revoke_tokens(submitter, by=sec_admin) == 1
    assert revoke_tokens(submitter, by=sec_admin) == 0
    assert not signed_in(client)
    assert bearer(raw).get(FILINGS_API).status_code == 401
    for kind in (EventKind.SESSION_ENDED, EventKind.TOKEN_REVOKED):
        event = SecurityEvent.objects.get(kind=kind)
        assert event.actor == sec_admin and event.target == "donghu_submitter"


def test_end_sessions_keeps_the_given_session(submitter):
    keep, other = sign_in(), sign_in()
    assert end_sessions(submitter, keep_session_key=keep.session.session_key) == 1
    assert signed_in(keep) and not signed_in(other)


# --- API tokens ---------------------------------------------------------------------------------------------

def test_a_token_lives_the_policy_days_and_its_issue_is_logged(submitter):
    policy_version(API_TOKEN_DAYS, 3)
    before = timezone.now()
    obtain_token()
    token = ApiToken.objects.get(user=submitter)
    assert before + timedelta(days=3) <= token.expires_at <= timezone.now() + timedelta(days=3)
    assert token.second_factor_verified is False
    event = SecurityEvent.objects.get(kind=EventKind.TOKEN_ISSUED)
    assert event.actor == submitter and event.detail["token"] == token.prefix
    assert event.ip_address == "127.0.0.1"


def test_the_tokens_page_lists_only_my_tokens(web, submitter, make_user):
    other = make_user("other_submitter", "submitter", "360102")
    mine, _ = ApiToken.issue(submitter, name="对接系统")
    revoked, _ = ApiToken.issue(submitter, name="旧系统")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    theirs, _ = ApiToken.issue(other, name="别人的")
    page = web(submitter).get(TOKENS_URL).content.decode()
    assert f'data-token="{mine.pk}" data-status="active"' in page and mine.prefix in page and "对接系统" in page
    assert f'data-token="{revoked.pk}" data-status="revoked"' in page
    assert f'data-token="{theirs.pk}"' not in page and "别人的" not in page
    assert 'id="user-menu-tokens"' in page


def test_the_tokens_page_has_an_empty_state(web, submitter):
    assert "data-empty-state" in web(submitter).get(TOKENS_URL).content.decode()


def test_a_token_revoked_on_the_page_gets_401(web, submitter):
    raw = obtain_token()
    token = ApiToken.objects.get(user=submitter)
    client = web(submitter)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == TOKENS_URL
    response = bearer(raw).get(FILINGS_API)
    assert response.status_code == 401
    event = SecurityEvent.objects.get(kind=EventKind.TOKEN_REVOKED)
    assert event.actor == submitter and event.detail["tokens"] == [token.prefix]
    # Twice: nothing more happens, nothing more is logged.
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_REVOKED).count() == 1


def test_another_users_token_cannot_be_revoked_by_id(web, submitter, make_user):
    other = make_user("other_submitter", "submitter", "360102")
    theirs, raw = ApiToken.issue(other)
    client = web(submitter)
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post("/accounts/tokens/999999/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    assert bearer(raw).get(FILINGS_API).status_code == 200


def test_revoking_needs_a_post(web, submitter):
    token, _ = ApiToken.issue(submitter)
    assert web(submitter).get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# --- two at once --------------------------------------------------------------------------------------------

@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ins_keep_no_more_than_the_limit(submitter):
    """Six sign-ins at once: the row lock on the account makes each count the others, so three stay."""
    barrier = threading.Barrier(6)
    clients, failures = [], []

    def sign_in_at_once():
        try:
            client = Client()
            barrier.wait()
            client.force_login(submitter)
            clients.append(client)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in_at_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A sign-in ended by a later one before its own request finished saving the session: Django refuses that
    # save (UpdateError; SessionInterrupted on a real request). Nothing else may go wrong.
    assert set(failures) <= {"UpdateError()"}
    assert UserSession.objects.filter(user=submitter, ended_at__isnull=True).count() == 3
    assert sum(signed_in(client) for client in clients) == 3
    assert SecurityEvent.objects.filter(kind=EventKind.SESSION_ENDED).count() == 3
