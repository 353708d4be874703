"""Issue 10 point 8, a lockout that holds (accounts.signin_guard): failures counted per account and per client
address, atomically, so that parallel attempts are all counted; the same answer for every password once locked,
and the password not even checked; a lock per account, from any address, with back-off; a per-address limit that
refuses a sprayer without locking the accounts it sprays; the login page and the token endpoint through one guard.
"""

import re
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.utils import timezone
from factories import PASSWORD
from rest_framework.test import APIClient
from testsupport import needs_postgres, needs_redis, run_each

from ganfutong_admin.accounts import lockout, signin_guard
from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.audit.models import EventKind, SecurityEvent

LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"
LOCKED = ("Too many failed sign-ins: this account is locked. Try again later, or ask the system administrator to "
          "unlock it.")
ADDRESS_REFUSED = "Too many failed sign-ins from your network address: sign-in from it is paused for up to an hour."
RATE_LIMITED = "Too many sign-in attempts from your network address: wait a minute and try again."
ATTACKER, OFFICE = "203.0.113.66", "198.51.100.9"


def web(ip=ATTACKER, **extra):
    client = Client(REMOTE_ADDR=ip, **extra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def api(ip=ATTACKER, **extra):
    client = APIClient(REMOTE_ADDR=ip, **extra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_login(username, password, ip=ATTACKER, **extra):
    return web(ip).post(LOGIN_URL, {"username": username, "password": password}, **extra)


def token_login(username, password, ip=ATTACKER, **extra):
    return api(ip).post(TOKEN_URL, {"username": username, "password": password}, format="json", **extra)


def lockout_text(response):
    """The lockout page's message, whitespace folded."""
    found = re.search(r'id="lockout-message">(.*?)</div>\s*<p', response.content.decode(), re.S)
    assert found, response.content.decode()[:500]
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def events(kind):
    return SecurityEvent.objects.filter(kind=kind).order_by("pk")


def set_policy(name, value):
    from ganfutong_admin.policy.models import ParameterVersion

    ParameterVersion.objects.create(name=name, value=value, effective_from=timezone.localdate(), article="第十条",
                                    reason="test")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def fail_five_times(username="donghu_submitter", ip=ATTACKER):
    for attempt in range(5):
        response = page_login(username, f"wrong-{attempt}", ip=ip)
        assert response.status_code == 200, (attempt, response.status_code)  # checked, wrong: the form again
    assert lockout.is_locked(username)


# --- the lock: per account, from any address, no oracle ------------------------------------------------------

def test_a_locked_account_stays_locked_from_another_ip(donghu):
    fail_five_times(ip=ATTACKER)
    for ip in (ATTACKER, OFFICE, "2001:db8::7"):
        response = page_login("donghu_submitter", PASSWORD, ip=ip)
        assert response.status_code == 429, ip
        assert "_auth_user_id" not in web(ip).session
        assert token_login("donghu_submitter", PASSWORD, ip=ip).status_code == 429
    assert not ApiToken.objects.exists()


def test_the_right_password_while_locked_gets_the_same_answer_as_a_wrong_one_unchecked(donghu):
    fail_five_times()
    with time_machine.travel(timezone.now(), tick=False), \
            mock.patch.object(ModelBackend, "authenticate", side_effect=AssertionError("a password was checked")):
        right, wrong = page_login("donghu_submitter", PASSWORD), page_login("donghu_submitter", "wrong-again")
        assert right.status_code == wrong.status_code == 429
        assert right["Retry-After"] == wrong["Retry-After"]
        assert lockout_text(right) == lockout_text(wrong)
        assert lockout_text(right).startswith(LOCKED)
        right, wrong = token_login("donghu_submitter", PASSWORD), token_login("donghu_submitter", "wrong-again")
        assert (right.status_code, right.json()) == (wrong.status_code, wrong.json()) == (429, {"detail": LOCKED})
        assert right["Retry-After"] == wrong["Retry-After"]


def test_the_lockout_page_says_until_when_in_chinese(donghu):
    fail_five_times()
    until = timezone.localtime(lockout.locked_until("donghu_submitter"))
    response = Client(REMOTE_ADDR=ATTACKER).post(LOGIN_URL, {"username": "donghu_submitter", "password": PASSWORD})
    assert response.status_code == 429
    text = lockout_text(response)
    assert "登录失败次数过多" in text
    assert until.strftime("%Y-%m-%d %H:%M") in text


def test_a_user_name_that_does_not_exist_is_counted_and_locked_the_same(db):
    """No account enumeration through the lockout: an unknown name gets the same five tries, then the same page."""
    fail_five_times("nobody_at_all")
    response = page_login("nobody_at_all", "anything")
    assert response.status_code == 429
    assert lockout_text(response).startswith(LOCKED)


def test_each_attempt_is_one_failed_sign_in_and_the_lock_one_lockout(donghu):
    fail_five_times()
    page_login("donghu_submitter", PASSWORD, ip=OFFICE)  # refused
    token_login("donghu_submitter", "wrong", ip=OFFICE)  # refused
    failed = list(events(EventKind.LOGIN_FAILED).values_list("username", "ip_address"))
    assert failed == [("donghu_submitter", ATTACKER)] * 5 + [("donghu_submitter", OFFICE)] * 2
    (locked,) = events(EventKind.LOCKOUT)
    assert (locked.username, locked.ip_address, locked.detail["minutes"], locked.detail["lock_in_a_row"]) == \
           ("donghu_submitter", ATTACKER, 30, 1)
    assert not events(EventKind.LOGIN).exists()


# --- back-off --------------------------------------------------------------------------------------------------

def test_back_off_doubles_for_each_lock_in_a_row_and_expires(donghu):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        expected = []
        for minutes in (30, 60, 120):
            fail_five_times()
            expected.append(minutes)
            until = lockout.locked_until("donghu_submitter")
            assert abs(until - (timezone.now() + timedelta(minutes=minutes))) < timedelta(seconds=1)
            clock.shift(timedelta(minutes=minutes - 1))
            assert page_login("donghu_submitter", PASSWORD).status_code == 429
            clock.shift(timedelta(minutes=1, seconds=1))
            assert not lockout.is_locked("donghu_submitter")  # expired: not forever

        # A success resets the failure count, not the back-off: the next lock is the fourth in a row.
        assert page_login("donghu_submitter", PASSWORD).status_code == 302
        for attempt in range(4):
            assert page_login("donghu_submitter", f"wrong-{attempt}").status_code == 200
        assert page_login("donghu_submitter", PASSWORD).status_code == 302
        fail_five_times()
        expected.append(240)
        # A day after the last lock ended the streak is forgotten: back to the first lock's length.
        clock.shift(timedelta(minutes=240) + signin_guard.STREAK_MEMORY + timedelta(minutes=1))
        fail_five_times()
        expected.append(30)
    assert [e.detail["minutes"] for e in events(EventKind.LOCKOUT)] == expected


def test_the_back_off_is_capped_at_a_day(db):
    assert signin_guard.lock_minutes(0) == 30
    assert signin_guard.lock_minutes(5) == 960
    assert signin_guard.lock_minutes(6) == signin_guard.lock_minutes(60) == 24 * 60


def test_the_policy_values_apply(donghu):
    set_policy("LOCKOUT_FAILURE_LIMIT", 3)
    set_policy("LOCKOUT_MINUTES", 5)
    for attempt in range(3):
        assert page_login("donghu_submitter", f"wrong-{attempt}").status_code == 200
    assert page_login("donghu_submitter", PASSWORD).status_code == 429
    assert events(EventKind.LOCKOUT).get().detail["minutes"] == 5


# --- unlock (sys_admin's account pages call these) ----------------------------------------------------------

def test_unlock_lifts_the_lock_and_starts_afresh(donghu, make_user):
    make_user("other_submitter", "submitter", "360102")
    assert lockout.locked_until("donghu_submitter") is None
    assert lockout.unlock("donghu_submitter") is False  # nothing to lift
    fail_five_times()
    fail_five_times("other_submitter")
    assert lockout.locked_usernames() == {"donghu_submitter", "other_submitter"}
    assert lockout.locked_usernames(["donghu_submitter", "someone_else"]) == {"donghu_submitter"}

    assert lockout.unlock("donghu_submitter") is True
    assert not lockout.is_locked("donghu_submitter") and lockout.is_locked("other_submitter")
    assert page_login("donghu_submitter", PASSWORD).status_code == 302
    # Afresh: five more tries, and the next lock is a first one again.
    fail_five_times()
    assert [e.detail["minutes"] for e in events(EventKind.LOCKOUT)] == [30, 30, 30]


# --- the per-address limit -------------------------------------------------------------------------------------

@pytest.fixture
def office(make_user):
    """Ten accounts of one office (behind one proxy address)."""
    return [make_user(f"office_{i}", "submitter", "360102") for i in range(10)]


def test_the_per_address_limit_refuses_a_sprayer_but_the_accounts_sign_in_from_another_ip(office):
    set_policy("IP_FAILURE_LIMIT", 20)  # the policy's lowest; 100 by default
    for attempt in range(20):  # two wrong passwords for each account: none is locked
        user = office[attempt % 10]
        assert page_login(user.username, f"spray-{attempt}").status_code == 200
    with mock.patch.object(ModelBackend, "authenticate", side_effect=AssertionError("a password was checked")):
        refused = page_login("office_0", PASSWORD)
        assert refused.status_code == 429
        assert lockout_text(refused).startswith(ADDRESS_REFUSED)
        assert 0 < int(refused["Retry-After"]) <= 3600
        assert token_login("office_1", PASSWORD).json() == {"detail": ADDRESS_REFUSED}
    # The address is refused; no account is locked: each signs in from another address.
    assert lockout.locked_usernames() == set()
    assert not events(EventKind.LOCKOUT).exists()
    for user in office:
        assert page_login(user.username, PASSWORD, ip=OFFICE).status_code == 302
    # The next hour the address may try again.
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert page_login("office_0", PASSWORD).status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_per_address_count(office):
    """TRUSTED_PROXY_COUNT=0 (the default): X-Forwarded-For is the client's to write, so it is not the address."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    set_policy("IP_FAILURE_LIMIT", 20)
    for attempt in range(20):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{attempt}"}
        assert page_login(office[attempt % 10].username, "wrong", **forged).status_code == 200
    response = page_login("office_0", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.250")
    assert response.status_code == 429
    assert token_login("office_0", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.251").status_code == 429
    assert set(events(EventKind.LOGIN_FAILED).values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_success_does_not_count_against_the_address(office):
    set_policy("IP_FAILURE_LIMIT", 20)
    for attempt in range(25):  # an office's people signing in, one after the other
        assert page_login(office[attempt % 10].username, PASSWORD).status_code == 302


# --- one guard for the login page and the token endpoint ------------------------------------------------------

def test_the_token_endpoint_and_the_login_page_share_the_counters(donghu):
    for attempt in range(3):
        assert page_login("donghu_submitter", f"wrong-{attempt}").status_code == 200
    for attempt in range(2):
        assert token_login("donghu_submitter", f"wrong-{attempt}", ip=OFFICE).status_code == 401
    assert token_login("donghu_submitter", PASSWORD).status_code == 429
    assert page_login("donghu_submitter", PASSWORD, ip=OFFICE).status_code == 429


def test_the_login_page_and_the_token_endpoint_share_one_rate_limit(donghu, settings):
    settings.SIGNIN_RATE_PER_MINUTE = 4
    start = timezone.now().replace(second=1)
    with time_machine.travel(start, tick=False):
        for _ in range(5):  # a success takes its request back: an office behind one address signing in at nine
            assert page_login("donghu_submitter", PASSWORD).status_code == 302
            assert token_login("donghu_submitter", PASSWORD).status_code == 201
        assert api().post(TOKEN_URL, {"username": ""}, format="json").status_code == 400  # counted too
        assert page_login("donghu_submitter", "wrong").status_code == 200
        assert token_login("donghu_submitter", "wrong").status_code == 401
        assert page_login("donghu_submitter", "wrong").status_code == 200
        with mock.patch.object(ModelBackend, "authenticate", side_effect=AssertionError("a password was checked")):
            for response in (page_login("donghu_submitter", PASSWORD), token_login("donghu_submitter", PASSWORD)):
                assert response.status_code == 429
                assert response["Retry-After"] == "59"
            assert token_login("donghu_submitter", PASSWORD).json() == {"detail": RATE_LIMITED}
        assert page_login("donghu_submitter", PASSWORD, ip=OFFICE).status_code == 302  # another address
    # One failed sign-in event for the flood, not one per refused request.
    assert events(EventKind.LOGIN_FAILED).filter(ip_address=ATTACKER).count() == 3 + 1
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert page_login("donghu_submitter", PASSWORD).status_code == 302


def test_the_token_endpoint_has_no_throttle_of_its_own():
    from ganfutong_admin.accounts.api.views import ObtainTokenView

    assert ObtainTokenView.throttle_classes == []


def test_a_password_check_outside_the_guard_is_refused(donghu, rf):
    """The Django admin's login form, or a view that calls authenticate() itself, cannot escape the counting."""
    from django.contrib.auth import authenticate

    request = rf.post("/admin/login/", REMOTE_ADDR=ATTACKER)
    assert authenticate(request, username="donghu_submitter", password=PASSWORD) is None
    assert events(EventKind.LOGIN_FAILED).get().ip_address == ATTACKER
    # Without a request (a test's client.login(), the shell) it is no sign-in from the network.
    assert authenticate(username="donghu_submitter", password=PASSWORD) == donghu


def test_the_guarded_admin_login_form_counts_and_locks_like_the_login_page(donghu, rf):
    from ganfutong_admin.accounts.signin_views import GuardedAdminAuthenticationForm

    def form(password):
        bound = GuardedAdminAuthenticationForm(rf.post("/admin/login/", REMOTE_ADDR=ATTACKER),
                                               data={"username": "donghu_submitter", "password": password})
        assert not bound.is_valid()
        return bound

    for attempt in range(5):
        assert form(f"wrong-{attempt}").refusal is None
    assert form(PASSWORD).refusal.refused == signin_guard.ACCOUNT_LOCKED
    assert lockout.is_locked("donghu_submitter")


@pytest.mark.parametrize("body", [
    b"[]", b'["donghu_submitter", "x"]', b'"donghu_submitter"', b"null", b"42", b"{}",
    b'{"username": "donghu_submitter"}', b'{"password": "x"}', b'{"username": ["a"], "password": {"b": 1}}',
    b'{"username": "", "password": ""}', b"not json",
])
def test_a_token_body_that_is_not_an_object_or_lacks_fields_is_a_400(donghu, body):
    response = api().post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert not events(EventKind.LOGIN_FAILED).exists()  # no password was tried
    # Form-encoded bodies too (the README's curl example).
    assert api().post(TOKEN_URL, {"username": "donghu_submitter"}).status_code == 400


# --- parallel attempts -----------------------------------------------------------------------------------------

LIMIT = 5


def test_parallel_attempts_at_the_guard_check_exactly_the_limit(monkeypatch, rf):
    """The counting alone, in whatever cache the settings give (the local cache; Redis with REDIS_URL): 20 threads
    at once, a slow password check, and exactly LIMIT checks, the other 15 refused."""
    checked, lock = [], threading.Lock()

    def slow_wrong_password(request, username, password):
        with lock:
            checked.append(password)
        time.sleep(0.05)  # the other threads arrive while these are being checked
        return None

    monkeypatch.setattr(signin_guard, "authenticate", slow_wrong_password)
    monkeypatch.setattr(signin_guard, "policy_value", lambda name: {"IP_FAILURE_LIMIT": 100,
                                                                    "LOCKOUT_FAILURE_LIMIT": LIMIT,
                                                                    "LOCKOUT_MINUTES": 30}[name])
    locks = []
    monkeypatch.setattr(signin_guard, "record", lambda kind, **kw: locks.append(kind))
    monkeypatch.setattr(signin_guard, "_log_refusal", lambda *args: None)
    request = rf.post(LOGIN_URL, REMOTE_ADDR=ATTACKER)

    outcomes = run_each(20, lambda i: signin_guard.sign_in(request, "donghu_submitter", f"guess-{i}"))
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert len(checked) == LIMIT
    assert sorted(o.refused for o in outcomes) == [""] * LIMIT + [signin_guard.ACCOUNT_LOCKED] * 15
    assert locks == [EventKind.LOCKOUT]
    assert signin_guard.is_locked("donghu_submitter")


@needs_postgres
@needs_redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_wrong_passwords_are_all_counted_and_none_is_a_500(make_user):
    """The measured defect: 18 of 20 guesses checked, 17 answered 500, 6 counted. Now, over PostgreSQL and Redis,
    half through the login page and half through the token endpoint: 5 checked, 15 refused unchecked, every one
    in the security log, one lockout."""
    make_user("donghu_submitter", "submitter", "360102")

    def attempt(i):
        if i % 2:
            return token_login("donghu_submitter", f"guess-{i}", ip=f"198.51.100.{i}").status_code
        return page_login("donghu_submitter", f"guess-{i}", ip=f"198.51.100.{i}").status_code

    outcomes = run_each(20, attempt)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert 500 not in outcomes
    checked = [s for s in outcomes if s in (200, 401)]  # the form again / 401: a password checked and wrong
    assert len(checked) == LIMIT, outcomes
    assert outcomes.count(429) == 20 - LIMIT, outcomes
    assert events(EventKind.LOGIN_FAILED).count() == 20
    assert events(EventKind.LOCKOUT).count() == 1
    assert lockout.is_locked("donghu_submitter")
    assert page_login("donghu_submitter", PASSWORD, ip=OFFICE).status_code == 429
