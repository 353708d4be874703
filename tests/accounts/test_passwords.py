"""Passwords (issue 10 point 6): 12 characters of 3 of 4 classes, not one of the last 5, a forced change of an
initial or reset password before anything else (pages and API), 90-day rotation for the system roles and
reviewers, and the self-service change page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from factories import PASSWORD, policy_version
from rest_framework.test import APIClient

from ganfutong_admin.accounts.models import PasswordHistory, User
from ganfutong_admin.accounts.passwords import (
    change_password,
    character_classes,
    generate_password,
    reset_password,
    set_initial_password,
)
from ganfutong_admin.accounts.security_policy import PASSWORD_MAX_AGE_DAYS, PASSWORD_MIN_LENGTH
from ganfutong_admin.audit.models import EventKind, SecurityEvent

CHANGE_URL = "/accounts/password/"
HOME_URL = "/"
FILINGS_API = "/api/v1/filings/"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def submitter(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def sys_admin(make_user):
    return make_user("sys_admin", "sys_admin", "360000")


def refusal_codes(password, user=None):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return {error.code for error in refused.value.error_list}


def sign_in(username, password, language="en"):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


# --- complexity ---------------------------------------------------------------------------------------------

def test_twelve_characters_of_two_classes_are_refused(db):
    assert character_classes("abcdefghij12") == 2
    assert refusal_codes("abcdefghij12") == {"password_too_simple"}
    assert refusal_codes("ABCDEFGH#$%&") == {"password_too_simple"}


def test_eleven_characters_are_too_short_even_with_four_classes(db):
    assert refusal_codes("Abc#1234xyz") == {"password_too_short"}


def test_twelve_characters_of_three_classes_are_accepted(db):
    validate_password("Jiangxi-river")  # upper, lower, symbol
    validate_password("jiangxi#2026")  # lower, symbol, digit
    validate_password("Gan fu tong 7")  # a space is a symbol


def test_the_minimum_length_is_the_policy_value(db):
    policy_version(PASSWORD_MIN_LENGTH, 16)
    assert refusal_codes("Jiangxi-river-7") == {"password_too_short"}  # 15
    validate_password("Jiangxi-river-77")


def test_the_old_ten_character_minimum_is_gone():
    names = [v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "django.contrib.auth.password_validation.MinimumLengthValidator" not in names
    assert "django.contrib.auth.password_validation.UserAttributeSimilarityValidator" in names
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in names


def test_generated_passwords_meet_the_policy(db, submitter):
    for _ in range(20):
        raw = generate_password()
        assert len(raw) >= 12 and character_classes(raw) == 4
        validate_password(raw, submitter)


# --- history ------------------------------------------------------------------------------------------------

def test_each_of_the_last_five_is_refused_and_the_sixth_allowed(submitter):
    passwords = [f"Jiangxi-river-{n}x" for n in range(1, 7)]
    for raw in passwords:
        change_password(submitter, raw)
    submitter.refresh_from_db()
    assert submitter.check_password(passwords[-1])
    for reused in passwords[-5:]:  # the current one and the four before it
        assert refusal_codes(reused, submitter) == {"password_reused"}, reused
    validate_password(passwords[0], submitter)  # the sixth last
    change_password(submitter, passwords[0])
    submitter.refresh_from_db()
    assert submitter.check_password(passwords[0])


def test_the_current_password_counts_even_without_a_history_row(submitter):
    """Accounts made before the history existed (and the demo users): their current password is refused."""
    assert not PasswordHistory.objects.filter(user=submitter).exists()
    assert refusal_codes(PASSWORD, submitter) == {"password_reused"}


def test_a_refused_change_saves_nothing(submitter):
    before = User.objects.get(pk=submitter.pk).password
    with pytest.raises(ValidationError):
        change_password(submitter, "short")
    assert User.objects.get(pk=submitter.pk).password == before
    assert not PasswordHistory.objects.filter(user=submitter).exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.PASSWORD_CHANGE).exists()


def test_a_change_records_its_hash_time_and_event(submitter):
    submitter.must_change_password = True
    submitter.save(update_fields=["must_change_password"])
    change_password(submitter, "Jiangxi-river-1x")
    row = User.objects.get(pk=submitter.pk)
    assert row.must_change_password is False
    assert timezone.now() - row.password_changed_at < timedelta(minutes=1)
    assert PasswordHistory.objects.get(user=submitter).password == row.password
    event = SecurityEvent.objects.get(kind=EventKind.PASSWORD_CHANGE)
    assert event.actor == submitter and event.target == "donghu_submitter"
    assert "Jiangxi-river-1x" not in repr(event.detail)


# --- reset and initial password: forced change before anything else ----------------------------------------

def test_a_reset_password_forces_a_change_at_next_login_and_the_api_refuses_meanwhile(submitter, sys_admin):
    raw = reset_password(submitter, by=sys_admin)
    assert character_classes(raw) == 4 and len(raw) >= 12
    event = SecurityEvent.objects.get(kind=EventKind.PASSWORD_RESET)
    assert event.actor == sys_admin and event.target == "donghu_submitter"
    assert raw not in repr(event.detail)
    assert User.objects.get(pk=submitter.pk).must_change_password is True

    client = sign_in("donghu_submitter", raw)
    response = client.get(HOME_URL)
    assert response.status_code == 302 and response["Location"] == CHANGE_URL
    assert client.get("/filings/").status_code == 302
    # The API: with the session, and with a token obtained meanwhile.
    response = client.get(FILINGS_API)
    assert response.status_code == 403
    assert response.json()["detail"] == "Change your password before using the system."
    token = APIClient().post(TOKEN_URL, {"username": "donghu_submitter", "password": raw}, format="json")
    assert token.status_code == 201
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    assert bearer.get(FILINGS_API).status_code == 403

    page = client.get(CHANGE_URL)
    assert page.status_code == 200
    assert 'id="password-change-required"' in page.content.decode()
    assert client.get("/static/css/app.css").status_code != 302

    response = client.post(CHANGE_URL, {"old_password": raw, "new_password1": "Jiangxi-river-1x",
                                        "new_password2": "Jiangxi-river-1x"})
    assert response.status_code == 302
    assert client.get(HOME_URL).status_code == 200
    assert client.get(FILINGS_API).status_code == 200


def test_a_forced_user_may_still_log_out(submitter, sys_admin):
    raw = reset_password(submitter, by=sys_admin)
    client = sign_in("donghu_submitter", raw)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_reset_ends_every_session_and_revokes_the_tokens(submitter, sys_admin):
    client = sign_in("donghu_submitter", PASSWORD)
    token = APIClient().post(TOKEN_URL, {"username": "donghu_submitter", "password": PASSWORD},
                             format="json").json()["token"]
    reset_password(submitter, by=sys_admin)
    assert client.get(HOME_URL).status_code == 302
    assert "_auth_user_id" not in client.session
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.get(FILINGS_API).status_code == 401


def test_an_initial_password_is_changed_at_first_login_and_writes_no_event(db):
    from factories import org

    user = User(username="new_jiujiang", org_unit=org("360400"), full_name="新用户")
    raw = set_initial_password(user)
    assert user.pk is not None and User.objects.get(pk=user.pk).must_change_password is True
    assert PasswordHistory.objects.filter(user=user).count() == 1
    assert not SecurityEvent.objects.filter(kind__in=[EventKind.PASSWORD_CHANGE, EventKind.PASSWORD_RESET]).exists()
    client = sign_in("new_jiujiang", raw)
    assert client.get(HOME_URL)["Location"] == CHANGE_URL


def test_a_given_initial_password_is_validated(db):
    user = User(username="new_user")
    with pytest.raises(ValidationError):
        set_initial_password(user, "abcdefghij12")
    assert user.pk is None
    assert set_initial_password(user, "Jiangxi-river-1x") == "Jiangxi-river-1x"


# --- rotation -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["reviewer", "sys_admin", "sec_admin", "audit_admin"])
def test_a_rotated_roles_password_older_than_ninety_days_must_be_changed(make_user, role):
    user = make_user(f"old_{role}", role, "360000")
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client = sign_in(user.username, PASSWORD)
    assert client.get(HOME_URL)["Location"] == CHANGE_URL
    page = client.get(CHANGE_URL).content.decode()
    assert 'data-reason="expired"' in page
    assert client.get(FILINGS_API).status_code == 403
    response = client.post(CHANGE_URL, {"old_password": PASSWORD, "new_password1": "Jiangxi-river-1x",
                                        "new_password2": "Jiangxi-river-1x"})
    assert response.status_code == 302
    assert client.get(HOME_URL).status_code == 200


def test_rotation_spares_other_roles_and_younger_passwords(submitter, reviewer):
    long_ago = timezone.now() - timedelta(days=200)
    User.objects.filter(pk=submitter.pk).update(password_changed_at=long_ago)
    User.objects.filter(pk=reviewer.pk).update(password_changed_at=timezone.now() - timedelta(days=89))
    assert sign_in("donghu_submitter", PASSWORD).get(HOME_URL).status_code == 200
    assert sign_in("province_reviewer", PASSWORD).get(HOME_URL).status_code == 200


def test_an_account_never_changed_counts_from_its_creation(reviewer):
    User.objects.filter(pk=reviewer.pk).update(date_joined=timezone.now() - timedelta(days=120))
    assert sign_in("province_reviewer", PASSWORD).get(HOME_URL)["Location"] == CHANGE_URL


def test_the_rotation_age_is_the_policy_value(reviewer):
    policy_version(PASSWORD_MAX_AGE_DAYS, 30)
    User.objects.filter(pk=reviewer.pk).update(password_changed_at=timezone.now() - timedelta(days=31))
    assert sign_in("province_reviewer", PASSWORD).get(HOME_URL)["Location"] == CHANGE_URL


def test_demo_users_sign_in_with_the_demo_password_without_a_forced_change(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    for username in ("sys_admin", "province_reviewer", "donghu_submitter"):
        assert sign_in(username, settings.DEMO_PASSWORD).get(HOME_URL).status_code == 200, username


# --- the self-service page ----------------------------------------------------------------------------------

def test_the_user_menu_links_the_change_page(web, submitter):
    page = web(submitter).get(HOME_URL).content.decode()
    assert f'href="{CHANGE_URL}"' in page and 'id="user-menu-password"' in page


def test_a_wrong_old_password_saves_nothing_and_says_so_in_chinese(web, submitter):
    client = web(submitter)
    before = User.objects.get(pk=submitter.pk).password
    response = client.post(CHANGE_URL, {"old_password": "not-my-password", "new_password1": "Jiangxi-river-1x",
                                        "new_password2": "Jiangxi-river-1x"})
    assert response.status_code == 200
    assert "你的旧密码不正确" in response.content.decode()
    assert User.objects.get(pk=submitter.pk).password == before
    assert not PasswordHistory.objects.filter(user=submitter).exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.PASSWORD_CHANGE).exists()
    assert client.get(HOME_URL).status_code == 200  # still signed in


def test_the_page_explains_each_refusal(web, submitter):
    client = web(submitter, language="en")

    def errors(new1, new2=None):
        response = client.post(CHANGE_URL, {"old_password": PASSWORD, "new_password1": new1,
                                            "new_password2": new2 or new1})
        assert response.status_code == 200
        return response.content.decode()

    assert "three of: upper case letters" in errors("abcdefghij12")
    assert "at least 12 characters" in errors("Abc#1234")
    assert "one of your last 5" in errors(PASSWORD)
    assert "didn’t match" in errors("Jiangxi-river-1x", "Jiangxi-river-2x")
    assert User.objects.get(pk=submitter.pk).check_password(PASSWORD)


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
