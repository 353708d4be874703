"""Role and grant administration for sec_admin (issue 10, point 2): roles per account limited to what its org-unit
kind may hold, ROLE_GRANT / ROLE_REVOKE events, per-record grants (django-guardian) with an expiry that a beat task
enforces, the security policy set by sec_admin only, and the revocation of a user's API tokens. sec_admin cannot
manage accounts nor read the security log."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from factories import LegacyAppFactory, org
from testsupport import needs_postgres, run_at_once

from ganfutong_admin.accounts import roles
from ganfutong_admin.accounts.administration import services
from ganfutong_admin.accounts.models import ApiToken, RecordGrant
from ganfutong_admin.accounts.tasks import revoke_expired_record_grants
from ganfutong_admin.audit.models import EventKind, SecurityEvent, first_broken_link
from ganfutong_admin.policy.models import ParameterVersion

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"accounts:administration:{name}", args=args)


def events(kind, target=None):
    qs = SecurityEvent.objects.filter(kind=kind)
    return qs.filter(target=target) if target else qs


def held(user):
    return set(user.groups.values_list("name", flat=True))


# --- roles -----------------------------------------------------------------------------------------------------

def test_sec_admin_grants_and_revokes_roles(people, web):
    account = people["jiujiang_submitter"]
    client = web(people["sec_admin"])
    page = client.get(url("account-roles", account.pk))
    assert page.status_code == 200
    assert set(dict(page.context["role_form"].fields["roles"].choices)) == {"submitter", "org_admin", "auditor"}
    response = client.post(url("account-roles", account.pk), {"roles": ["org_admin"]})
    assert response.status_code == 302
    assert held(account) == {"org_admin"}
    assert events(EventKind.ROLE_GRANT, account.username).get().detail == {"role": "org_admin", "org_unit": "360400"}
    assert events(EventKind.ROLE_REVOKE, account.username).get().detail["role"] == "submitter"
    # Saving the same roles again changes and logs nothing.
    client.post(url("account-roles", account.pk), {"roles": ["org_admin"]})
    assert events(EventKind.ROLE_GRANT).count() == 1 and events(EventKind.ROLE_REVOKE).count() == 1
    assert first_broken_link() is None


@pytest.mark.parametrize(("person", "role"), [
    ("jiujiang_submitter", "reviewer"),  # deciding is the provincial authority's
    ("nanchang_submitter", "supervisor"),
    ("dept_submitter", "publisher"),  # publishing is the operator's
    ("donghu_submitter", "sys_admin"),  # a county does not hold a system role
])
def test_a_role_the_org_unit_kind_may_not_hold_is_refused(people, web, person, role):
    account = people[person]
    response = web(people["sec_admin"]).post(url("account-roles", account.pk), {"roles": [role]})
    assert response.status_code == 400 and "roles" in response.context["role_form"].errors
    assert held(account) == {"submitter"} and not events(EventKind.ROLE_GRANT).exists()


def test_the_org_kind_table_follows_docs_roles_md():
    assert set(roles.ROLE_ORG_KINDS) == set(roles.ROLE_PERMISSIONS)
    assert roles.roles_for_org_kind("provincial_authority") == [r for r in roles.ROLE_PERMISSIONS if r != "publisher"]
    assert "publisher" in roles.roles_for_org_kind("operator")
    assert "reviewer" not in roles.roles_for_org_kind("operator")
    assert roles.roles_for_org_kind("county_authority") == ["submitter", "org_admin", "auditor"]


def test_nobody_changes_their_own_roles(make_user, web):
    second = make_user("sec_admin_2", "sec_admin", "360000")
    response = web(second).post(url("account-roles", second.pk), {"roles": []})
    assert response.status_code == 400 and held(second) == {"sec_admin"}


def test_a_role_not_offered_in_the_form_is_refused(people, web):
    account = people["donghu_submitter"]
    response = web(people["sec_admin"]).post(url("account-roles", account.pk), {"roles": ["superuser"]})
    assert response.status_code == 400 and held(account) == {"submitter"}


@pytest.mark.parametrize("person", ["sys_admin", "audit_admin", "province_reviewer", "nanchang_submitter"])
def test_only_sec_admin_grants(people, web, person):
    account = people["donghu_submitter"]
    client = web(people[person])
    assert client.get(url("role-account-list")).status_code == 403
    assert client.post(url("account-roles", account.pk), {"roles": ["org_admin"]}).status_code == 403
    assert client.get(url("security-policy")).status_code == 403
    assert held(account) == {"submitter"}
    assert events(EventKind.ACCESS_DENIED).filter(username=person).count() == 3


def test_sec_admin_cannot_manage_accounts_or_read_the_security_log(people, web):
    from django.contrib.auth import get_user_model

    account = people["donghu_submitter"]
    client = web(people["sec_admin"])
    assert client.get(url("account-list")).status_code == 403
    assert client.post(url("account-create"), {"org_unit": org("360100").pk, "username": "by_sec",
                                                "full_name": "某人"}).status_code == 403
    assert client.post(url("account-disable", account.pk)).status_code == 403
    assert client.post(url("account-reset-password", account.pk)).status_code == 403
    assert client.get(reverse("audit:event-list")).status_code == 403
    account.refresh_from_db()
    assert account.is_active and not get_user_model().objects.filter(username="by_sec").exists()


def test_the_role_list_finds_accounts_and_leads_to_their_role_page(people, web):
    response = web(people["sec_admin"]).get(url("role-account-list"), {"q": "jiujiang"})
    assert [u.username for u in response.context["object_list"]] == ["jiujiang_submitter"]
    assert url("account-roles", people["jiujiang_submitter"].pk) in response.content.decode()


# --- record grants ---------------------------------------------------------------------------------------------

def grant(client, account, record, expires_at, action="view", reason="协助九江核查"):
    return client.post(url("record-grant-add", account.pk), {
        "model": "channel_integration.legacyapp", "object_pk": record.pk, "action": action,
        "expires_at": timezone.localtime(expires_at).strftime("%Y-%m-%dT%H:%M"), "reason": reason})


def test_an_expired_record_grant_is_revoked_by_the_task_and_the_record_is_404_again(people, web, client):
    account = people["donghu_submitter"]
    record = LegacyAppFactory(owner_org=org("360400"))  # 九江's: outside 东湖's scope
    detail = reverse("channel_integration:legacyapp-detail", args=[record.pk])
    assert web(account).get(detail).status_code == 404
    now = timezone.now()
    response = grant(web(people["sec_admin"]), account, record, now + timedelta(hours=2))
    assert response.status_code == 302
    saved = RecordGrant.objects.get()
    assert (saved.permission, saved.object_pk, saved.granted_by) == (
        "channel_integration.view_legacyapp", str(record.pk), people["sec_admin"])
    event = events(EventKind.RECORD_GRANT, account.username).get()
    assert event.detail["record"] == f"channel_integration.legacyapp#{record.pk}"
    assert web(account).get(detail).status_code == 200
    assert revoke_expired_record_grants() == 0  # not expired yet
    with time_machine.travel(now + timedelta(hours=3)):
        assert revoke_expired_record_grants.delay().get() == 1
        assert web(account).get(detail).status_code == 404
    saved.refresh_from_db()
    assert saved.revoked_at is not None
    assert events(EventKind.RECORD_REVOKE, account.username).get().detail["reason"] == "expired"
    assert revoke_expired_record_grants() == 0


def test_a_grant_revoked_by_hand_is_logged_once(people, web):
    account = people["donghu_submitter"]
    record = LegacyAppFactory(owner_org=org("360400"))
    client = web(people["sec_admin"])
    grant(client, account, record, timezone.now() + timedelta(days=1))
    saved = RecordGrant.objects.get()
    for _twice in range(2):
        assert client.post(url("record-grant-revoke", account.pk, saved.pk)).status_code == 302
    assert events(EventKind.RECORD_REVOKE).count() == 1
    assert web(account).get(reverse("channel_integration:legacyapp-detail", args=[record.pk])).status_code == 404


@pytest.mark.parametrize(("change", "problem"), [
    ({"expires_at": "past"}, "expires_at"),
    ({"object_pk": 10**9}, None),  # no such record
    ({"action": "change", "person": "auditor"}, None),  # the auditor's role changes nothing: no grant widens it
    ({"reason": ""}, "reason"),
    ({"model": "auth.user"}, "model"),  # not a scoped record type
])
def test_a_bad_grant_is_refused(people, web, change, problem):
    account = people[change.pop("person", "donghu_submitter")]
    record = LegacyAppFactory(owner_org=org("360400"))
    expires = timezone.now() - timedelta(hours=1) if change.pop("expires_at", None) else timezone.now() + \
        timedelta(days=1)
    data = {"model": "channel_integration.legacyapp", "object_pk": record.pk, "action": "view",
            "expires_at": timezone.localtime(expires).strftime("%Y-%m-%dT%H:%M"), "reason": "核查", **change}
    response = web(people["sec_admin"]).post(url("record-grant-add", account.pk), data)
    assert response.status_code == 400
    form = response.context["grant_form"]
    assert (problem in form.errors) if problem else form.non_field_errors()
    assert not RecordGrant.objects.exists() and not events(EventKind.RECORD_GRANT).exists()


def test_only_sec_admin_grants_records(people, web):
    account = people["donghu_submitter"]
    record = LegacyAppFactory(owner_org=org("360400"))
    for person in ("sys_admin", "province_reviewer"):
        assert grant(web(people[person]), account, record, timezone.now() + timedelta(days=1)).status_code == 403
    assert not RecordGrant.objects.exists()


# --- tokens ----------------------------------------------------------------------------------------------------

def test_sec_admin_revokes_a_users_tokens(people, web):
    account = people["operator_publisher"]
    ApiToken.issue(account)
    ApiToken.issue(account)
    client = web(people["sec_admin"])
    assert 'id="revoke-tokens"' in client.get(url("account-roles", account.pk)).content.decode()
    assert client.post(url("account-revoke-tokens", account.pk)).status_code == 302
    assert not ApiToken.objects.active().filter(user=account).exists()
    assert web(people["sys_admin"]).post(url("account-revoke-tokens", account.pk)).status_code == 403


# --- the security policy ---------------------------------------------------------------------------------------

def new_version(value):
    return {"value": value, "effective_from": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "reason": "安全管理制度修订"}


def test_sec_admin_sets_the_security_policy_and_reviewers_no_longer_do(people, web):
    from ganfutong_admin.accounts.security_policy import SECURITY_PARAMETERS

    client = web(people["sec_admin"])
    page = client.get(url("security-policy"))
    assert page.status_code == 200
    assert [row["spec"].name for row in page.context["rows"]] == [p.name for p in SECURITY_PARAMETERS]
    assert "安全策略" in page.content.decode()
    detail = "/policy-parameters/PASSWORD_MIN_LENGTH/"
    assert client.get(detail).status_code == 200
    assert client.post(detail, new_version(14)).status_code == 302
    assert ParameterVersion.objects.get(name="PASSWORD_MIN_LENGTH").set_by == people["sec_admin"]
    assert events(EventKind.POLICY_CHANGE, "PASSWORD_MIN_LENGTH").get().actor == people["sec_admin"]
    # Below the level-3 floor: refused.
    assert client.post(detail, {**new_version(8), "effective_from": timezone.localdate().isoformat()}
                       ).status_code == 400
    # sec_admin sets only the security policy, not the measures' limits (nor reads them).
    assert client.get("/policy-parameters/").status_code == 403
    assert client.post("/policy-parameters/REVIEW_WORKING_DAYS/", new_version(7)).status_code == 403
    # The provincial reviewer still reads the security policy, but no longer sets it; its own parameters stay its.
    reviewer = web(people["province_reviewer"])
    assert reviewer.get(detail).status_code == 200
    assert reviewer.post(detail, new_version(16)).status_code == 403
    assert reviewer.post("/policy-parameters/REVIEW_WORKING_DAYS/", new_version(7)).status_code == 302
    assert ParameterVersion.objects.filter(name="PASSWORD_MIN_LENGTH").count() == 1


def test_the_api_follows_the_same_rule(people, api):
    body = new_version(15)
    assert api(people["province_reviewer"]).post("/api/v1/policy-parameters/PASSWORD_MIN_LENGTH/versions/", body,
                                                 format="json").status_code == 403
    assert not ParameterVersion.objects.exists()


def test_the_menu_of_sec_admin(people, english):
    from ganfutong_admin.core.context_processors import navigation

    labels = [str(item["label"]) for item in navigation(people["sec_admin"], "/")]
    assert {"Roles and grants", "Security policy"} <= set(labels)
    assert "Accounts" not in labels and "Security log" not in labels and "Policy parameters" not in labels


def test_services_refuse_roles_that_break_the_separation(people):
    account = people["nanchang_submitter"]
    with pytest.raises(services.RoleChangeRefused):
        services.set_roles(account, {"submitter", "sys_admin"}, by=people["sec_admin"])
    assert held(account) == {"submitter"}


def test_the_org_kind_table_is_the_one_of_docs_roles_md():
    import re

    import rolepolicy

    kinds_of_phrase = {"every kind": roles.ALL_ORG_KINDS, "provincial authority": {"provincial_authority"},
                       "operator": {"operator"}}
    documented = {}
    for who, where in rolepolicy.table_rows(rolepolicy.DOC_TEXT, "Which org units may hold which role"):
        kinds = set().union(*(kinds_of_phrase[p] for p in rolepolicy._split_list(where)))
        for role in re.split(r",\s*", who):
            documented[role] = kinds
    assert documented == {role: set(kinds) for role, kinds in roles.ROLE_ORG_KINDS.items()}


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_security_admins_granting_at_once_log_once(make_user):
    first, second = make_user("sec_admin_a", "sec_admin", "360000"), make_user("sec_admin_b", "sec_admin", "360000")
    account = make_user("nc_staff", "submitter", "360100")
    outcomes = run_at_once([lambda a=a: services.set_roles(account, {"submitter", "org_admin"}, by=a)
                            for a in (first, second, first, second)])
    assert sorted(outcomes) == [([], [])] * 3 + [(["org_admin"], [])]
    assert events(EventKind.ROLE_GRANT, "nc_staff").count() == 1
    assert held(account) == {"submitter", "org_admin"}
