"""Account administration for sys_admin (issue 10, point 1): list and search, create with a one-time initial
password, disable/enable (compare-and-swap: two administrators at once log once), reset, unlock, second factor,
dormant accounts and the beat task; sys_admin cannot grant roles (403, logged) and sec_admin cannot manage
accounts."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from factories import PASSWORD, org
from testsupport import needs_postgres, run_at_once

from ganfutong_admin.accounts import lockout
from ganfutong_admin.accounts.administration import services
from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.accounts.tasks import disable_dormant_accounts
from ganfutong_admin.audit.models import EventKind, SecurityEvent, first_broken_link
from ganfutong_admin.core import chapters

pytestmark = pytest.mark.django_db
User = get_user_model()

LIST = reverse("accounts:administration:account-list")
CREATE = reverse("accounts:administration:account-create")


def url(name, user):
    return reverse(f"accounts:administration:{name}", args=[user.pk])


def events(kind, target=None):
    qs = SecurityEvent.objects.filter(kind=kind)
    return qs.filter(target=target) if target else qs


def shown_password(response):
    match = re.search(r'id="one-time-password">([^<]+)<', response.content.decode())
    return match and match.group(1)


# --- the list --------------------------------------------------------------------------------------------------

def test_sys_admin_lists_every_account_of_the_province_and_searches_names(people, web):
    people["jiujiang_submitter"].full_name = "周九江"
    people["jiujiang_submitter"].save()
    client = web(people["sys_admin"])
    response = client.get(LIST)
    assert response.status_code == 200
    listed = {u.username for u in response.context["page_obj"].paginator.object_list}
    assert listed == set(people)  # every org unit, not the sys_admin's own subtree
    assert {u.username for u in client.get(LIST, {"q": "九江"}).context["object_list"]} == {"jiujiang_submitter"}
    assert {u.username for u in client.get(LIST, {"q": "DONGHU"}).context["object_list"]} == {"donghu_submitter"}
    by_org = client.get(LIST, {"org_unit": org("360400").pk}).context["object_list"]
    assert {u.username for u in by_org} == {"jiujiang_submitter"}
    by_role = client.get(LIST, {"role": "reviewer"}).context["object_list"]
    assert {u.username for u in by_role} == {"province_reviewer"}


def test_search_never_matches_a_password_hash_or_other_field(people, web):
    victim = people["donghu_submitter"]
    victim.email = "secret-mail@example.invalid"
    victim.save()
    client = web(people["sys_admin"])
    for probe in (victim.password[:12], "md5$", "pbkdf2", "secret-mail", PASSWORD):
        assert list(client.get(LIST, {"q": probe}).context["object_list"]) == [], probe


def test_filters_by_active_locked_and_last_login(people, web, monkeypatch):
    people["auditor"].is_active = False
    people["auditor"].save()
    User.objects.filter(pk=people["province_reviewer"].pk).update(last_login=timezone.now() - timedelta(days=3))
    monkeypatch.setattr(lockout, "locked_usernames", lambda names=None: {"dept_submitter"} & set(names))
    client = web(people["sys_admin"])
    names = lambda **q: {u.username for u in client.get(LIST, q).context["object_list"]}  # noqa: E731
    assert names(active="no") == {"auditor"}
    assert "auditor" not in names(active="yes")
    assert names(locked="yes") == {"dept_submitter"}
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    assert names(login_since=day, login_until=day) == {"province_reviewer"}
    html = client.get(LIST).content.decode()
    assert re.search(r'data-account="dept_submitter".*?data-state="locked"', html, re.S)


def test_the_list_is_paginated(make_user, people, web):
    for i in range(30):
        make_user(f"extra_{i:02}", "submitter", "360100")
    response = web(people["sys_admin"]).get(LIST)
    assert response.context["is_paginated"] and len(response.context["object_list"]) == 25
    assert len(web(people["sys_admin"]).get(LIST, {"page": 2}).context["object_list"]) == len(people) + 30 - 25


def test_an_invalid_filter_is_a_message_not_a_500(people, web):
    response = web(people["sys_admin"]).get(LIST, {"org_unit": "abc", "login_since": "yesterday"})
    assert response.status_code == 200 and response.context["filter"].errors


# --- create: the initial password is shown once -----------------------------------------------------------------

def test_create_an_account_shows_the_initial_password_once(people, web):
    client = web(people["sys_admin"])
    data = {"org_unit": org("360400").pk, "username": "jj_new", "full_name": "新九江", "phone": "0792-1234567"}
    response = client.post(CREATE, data)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = shown_password(response)
    account = User.objects.get(username="jj_new")
    assert raw and account.check_password(raw) and raw not in account.password
    assert account.must_change_password and account.org_unit.code == "360400" and account.is_active
    assert account.role_names == frozenset()  # roles are the security administrator's
    event = events(EventKind.ACCOUNT_CREATE, "jj_new").get()
    assert event.actor == people["sys_admin"] and event.detail["org_unit"] == "360400"
    assert raw not in str(event.detail)
    # The second view shows no password: the detail page, and posting the same form again.
    detail = client.get(url("account-detail", account))
    assert detail.status_code == 200 and raw not in detail.content.decode() and shown_password(detail) is None
    again = client.post(CREATE, data)
    assert again.status_code == 400 and "username" in again.context["form"].errors and shown_password(again) is None
    assert User.objects.filter(username="jj_new").count() == 1
    assert account.history.filter(history_type="+").exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"username": "x1", "full_name": "某人"}, "org_unit"),
    ({"username": "x1", "org_unit": "999999999"}, "org_unit"),
    ({"org_unit": None, "full_name": "某人"}, "username"),
    ({"username": "x1", "org_unit": None}, "full_name"),
    ({"username": "bad name!", "org_unit": None, "full_name": "某人"}, "username"),
])
def test_create_refuses_bad_input(people, web, data, field):
    data = {k: (org("360100").pk if k == "org_unit" and v is None else v) for k, v in data.items()}
    response = web(people["sys_admin"]).post(CREATE, data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not events(EventKind.ACCOUNT_CREATE).exists()


# --- disable / enable / reset / unlock / second factor ---------------------------------------------------------

def test_disable_ends_sessions_and_tokens_and_enable_brings_the_account_back(people, web, client):
    victim = people["donghu_submitter"]
    ApiToken.issue(victim)
    other = type(client)()
    other.force_login(victim)
    admin = web(people["sys_admin"])
    response = admin.post(url("account-disable", victim))
    assert response.status_code == 302
    victim.refresh_from_db()
    assert not victim.is_active and User.objects.filter(pk=victim.pk).exists()  # never deleted
    assert not ApiToken.objects.active().filter(user=victim).exists()
    assert other.get("/filings/").status_code == 302  # its session is gone
    assert events(EventKind.ACCOUNT_DISABLE, victim.username).get().detail["reason"] == "administrator"
    assert victim.history.filter(is_active=False).exists()
    # Disabling again changes and logs nothing.
    admin.post(url("account-disable", victim))
    assert events(EventKind.ACCOUNT_DISABLE, victim.username).count() == 1
    admin.post(url("account-enable", victim))
    victim.refresh_from_db()
    assert victim.is_active and events(EventKind.ACCOUNT_ENABLE, victim.username).count() == 1
    admin.post(url("account-enable", victim))
    assert events(EventKind.ACCOUNT_ENABLE, victim.username).count() == 1
    assert first_broken_link() is None


def test_state_changes_are_post_only(people, web):
    victim = people["donghu_submitter"]
    client = web(people["sys_admin"])
    for name in ("account-disable", "account-enable", "account-reset-password", "account-unlock",
                 "account-reset-second-factor"):
        assert client.get(url(name, victim)).status_code == 405, name
    victim.refresh_from_db()
    assert victim.is_active


def test_nobody_disables_themselves(people, web):
    admin = people["sys_admin"]
    web(admin).post(url("account-disable", admin))
    admin.refresh_from_db()
    assert admin.is_active and not events(EventKind.ACCOUNT_DISABLE).exists()


def test_reset_password_shows_the_new_one_once_and_forces_a_change(people, web):
    victim = people["jiujiang_submitter"]
    client = web(people["sys_admin"])
    response = client.post(url("account-reset-password", victim))
    raw = shown_password(response)
    victim.refresh_from_db()
    assert response.status_code == 200 and victim.check_password(raw) and victim.must_change_password
    assert events(EventKind.PASSWORD_RESET, victim.username).count() == 1
    assert shown_password(client.get(url("account-detail", victim))) is None


def test_unlock_lifts_the_lock_once(people, web, monkeypatch):
    locked = {"donghu_submitter"}
    monkeypatch.setattr(lockout, "unlock", lambda name: name in locked and not locked.discard(name))
    victim = people["donghu_submitter"]
    client = web(people["sys_admin"])
    assert client.post(url("account-unlock", victim)).status_code == 302
    client.post(url("account-unlock", victim))
    assert events(EventKind.ACCOUNT_UNLOCK, victim.username).count() == 1


def test_unlock_with_the_real_lockout(people, web, client):
    victim = people["donghu_submitter"]
    for attempt in range(12):
        client.post("/accounts/login/", {"username": victim.username, "password": f"wrong-{attempt}"})
        if lockout.is_locked(victim.username):
            break
    assert lockout.is_locked(victim.username)
    admin = web(people["sys_admin"])
    assert 'id="account-unlock"' in admin.get(url("account-detail", victim)).content.decode()
    admin.post(url("account-unlock", victim))
    assert not lockout.is_locked(victim.username)
    assert events(EventKind.ACCOUNT_UNLOCK, victim.username).count() == 1


def test_reset_second_factor(people, web):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    victim = people["province_reviewer"]
    TOTPDevice.objects.create(user=victim, name="phone", confirmed=True)
    client = web(people["sys_admin"])
    assert 'id="account-reset-second-factor"' in client.get(url("account-detail", victim)).content.decode()
    client.post(url("account-reset-second-factor", victim))
    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert events(EventKind.OTP_RESET, victim.username).count() == 1
    client.post(url("account-reset-second-factor", victim))  # nothing left to reset: nothing logged
    assert events(EventKind.OTP_RESET, victim.username).count() == 1


def test_an_unknown_account_is_404(people, web):
    client = web(people["sys_admin"])
    assert client.get(reverse("accounts:administration:account-detail", args=[10**9])).status_code == 404
    assert client.post(reverse("accounts:administration:account-disable", args=[10**9])).status_code == 404


# --- two administrators at once --------------------------------------------------------------------------------

@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_disabling_at_once_log_once(make_user):
    first, second = make_user("sys_admin_a", "sys_admin", "360000"), make_user("sys_admin_b", "sys_admin", "360000")
    victim = make_user("victim", "submitter", "360102")
    outcomes = run_at_once([lambda a=a: services.disable_account(User.objects.get(pk=victim.pk), by=a)
                            for a in (first, second, first, second)])
    assert sorted(outcomes) == [False, False, False, True]
    assert events(EventKind.ACCOUNT_DISABLE, "victim").count() == 1
    assert first_broken_link() is None


def test_two_admins_disabling_one_after_the_other_log_once(make_user):
    first, second = make_user("sys_admin_a", "sys_admin", "360000"), make_user("sys_admin_b", "sys_admin", "360000")
    victim = make_user("victim", "submitter", "360102")
    stale = User.objects.get(pk=victim.pk)  # the second admin's page was loaded before the first disabled
    assert services.disable_account(victim, by=first) is True
    assert services.disable_account(stale, by=second) is False
    assert events(EventKind.ACCOUNT_DISABLE, "victim").count() == 1


# --- dormant accounts ------------------------------------------------------------------------------------------

def test_dormant_accounts_are_listed_and_disabled_by_the_task(make_user, people, web):
    now = timezone.now()
    old_login = make_user("old_login", "submitter", "360100")
    never = make_user("never_signed_in", "submitter", "360100")
    recent = make_user("recent", "submitter", "360100")
    fresh = make_user("fresh_never", "submitter", "360100")
    User.objects.filter(pk=old_login.pk).update(last_login=now - timedelta(days=91),
                                                date_joined=now - timedelta(days=400))
    User.objects.filter(pk=never.pk).update(last_login=None, date_joined=now - timedelta(days=120))
    User.objects.filter(pk=recent.pk).update(last_login=now - timedelta(days=10),
                                             date_joined=now - timedelta(days=400))
    User.objects.filter(pk=fresh.pk).update(last_login=None, date_joined=now - timedelta(days=5))
    User.objects.exclude(pk__in=[old_login.pk, never.pk, recent.pk, fresh.pk]).update(last_login=now)
    page = web(people["sys_admin"]).get(reverse("accounts:administration:dormant-list"))
    assert page.status_code == 200
    assert {u.username for u in page.context["object_list"]} == {"old_login", "never_signed_in"}
    assert disable_dormant_accounts.delay().get() == 2
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {"old_login",
                                                                                           "never_signed_in"}
    assert [e.detail["reason"] for e in events(EventKind.ACCOUNT_DISABLE)] == ["dormant", "dormant"]
    assert disable_dormant_accounts() == 0  # the next run finds nothing


def test_the_dormancy_days_come_from_the_security_policy(make_user):
    from factories import policy_version

    policy_version("DORMANT_ACCOUNT_DAYS", 30)
    user = make_user("idle", "submitter", "360100")
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(days=31))
    assert list(services.dormant_accounts().values_list("username", flat=True)) == ["idle"]


def test_the_tasks_are_in_the_beat_schedule():
    schedule = chapters.beat_schedule()
    tasks = {entry["task"] for entry in schedule.values()}
    assert {"ganfutong_admin.accounts.tasks.disable_dormant_accounts",
            "ganfutong_admin.accounts.tasks.revoke_expired_record_grants"} <= tasks


# --- who may -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("person", ["sec_admin", "audit_admin", "province_reviewer", "donghu_submitter"])
def test_only_sys_admin_manages_accounts(people, web, person):
    victim = people["nanchang_submitter"]
    client = web(people[person])
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    response = client.post(CREATE, {"org_unit": org("360100").pk, "username": "sneaky", "full_name": "某人"})
    assert response.status_code == 403 and not User.objects.filter(username="sneaky").exists()
    assert client.post(url("account-disable", victim)).status_code == 403
    assert client.post(url("account-reset-password", victim)).status_code == 403
    victim.refresh_from_db()
    assert victim.is_active and victim.check_password(PASSWORD)
    denied = events(EventKind.ACCESS_DENIED).filter(username=person)
    assert denied.count() == 5 and {e.detail["permission"] for e in denied} >= {"accounts.change_user",
                                                                                 "accounts.add_user"}


def test_sys_admin_granting_a_role_is_refused_and_logged(people, web):
    victim = people["nanchang_submitter"]
    client = web(people["sys_admin"])
    roles_url = url("account-roles", victim)
    assert client.get(roles_url).status_code == 403
    response = client.post(roles_url, {"roles": ["submitter", "org_admin"]})
    assert response.status_code == 403
    assert client.post(url("record-grant-add", victim), {}).status_code == 403
    assert victim.groups.count() == 1 and not events(EventKind.ROLE_GRANT).exists()
    denied = events(EventKind.ACCESS_DENIED).filter(actor=people["sys_admin"])
    assert denied.count() == 3 and denied.filter(target=roles_url, detail__permission="accounts.assign_role").exists()


def test_the_menu_of_sys_admin(people, english):
    from ganfutong_admin.core.context_processors import navigation

    labels = [str(item["label"]) for item in navigation(people["sys_admin"], "/")]
    assert "Accounts" in labels and "Roles and grants" not in labels and "Security policy" not in labels
    assert "Accounts" not in [str(i["label"]) for i in navigation(people["sec_admin"], "/")]
