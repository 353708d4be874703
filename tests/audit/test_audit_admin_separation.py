"""Issue 10 point 3 and docs/roles.md: audit_admin reads and exports the security log and nothing else, and no other
role opens the security log."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ganfutong_admin.accounts.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db

LOG = "/security-log/"

# What every signed-in person may open whatever the role: the home, the inbox, one's own exports, password, tokens
# and second factor, the public feeds, the API's index and documentation, health and metrics. Nothing of anyone's
# records.
EVERYONE = {
    "core:home", "core:inbox", "core:export-list", "accounts:password_change", "accounts:tokens", "admin:login",
    "None:api-docs", "None:api-schema", "None:api-root", "None:healthz", "observability:metrics",
    "public:announcements-atom", "public:announcements-json",
}
# API lists that answer 200 to everyone signed in, but with the records the user's permissions reach: none here.
EMPTY_FOR_AUDIT_ADMIN = {"None:orgunit-list"}


def parameterless_routes(resolver=None, prefix="", namespace=None):
    """(url, "namespace:name") of every route that takes no argument, the API router's included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from parameterless_routes(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            path = (prefix + str(pattern.pattern)).replace("^", "").replace("$", "")
            if "<" not in path and "(?" not in path and "\\" not in path:
                yield "/" + path, f"{namespace}:{pattern.name}"


def test_audit_admin_holds_the_two_log_permissions_only(people):
    assert people["audit_admin"].get_all_permissions() == {"audit.view_securityevent", "audit.export_securityevent"}
    assert sorted(ROLE_PERMISSIONS["audit_admin"]) == ["audit.export_securityevent", "audit.view_securityevent"]


def test_audit_admin_opens_the_log_and_nothing_else(web, people):
    client = web(people["audit_admin"])
    opened = {}
    for url, name in parameterless_routes():
        response = client.get(url)
        assert response.status_code != 500, url
        if response.status_code == 200:
            opened[name] = response
    assert set(opened) - EVERYONE - EMPTY_FOR_AUDIT_ADMIN == {"audit:event-list"}
    for name in EMPTY_FOR_AUDIT_ADMIN & set(opened):
        assert opened[name].json()["results"] == [], name


@pytest.mark.parametrize("url", [
    "/filings/", "/rectifications/", "/services/", "/calendar/", "/policy-parameters/",
    "/policy-parameters/PASSWORD_MIN_LENGTH/", "/accounts/admin/", "/accounts/admin/accounts/",
    "/accounts/admin/accounts/new/", "/accounts/admin/roles/", "/accounts/admin/security-policy/",
    "/api/v1/filings/", "/api/v1/policy-parameters/",
])
def test_audit_admin_is_refused_the_other_pages(web, people, url):
    assert web(people["audit_admin"]).get(url).status_code in {403, 404}


def test_audit_admin_cannot_change_a_policy_value(web, people):
    response = web(people["audit_admin"]).post("/policy-parameters/PASSWORD_MIN_LENGTH/",
                                               {"value": "8", "effective_from": "2026-01-01", "reason": "x"})
    assert response.status_code in {403, 404}
    from ganfutong_admin.audit.models import EventKind, SecurityEvent

    assert not SecurityEvent.objects.filter(kind=EventKind.POLICY_CHANGE).exists()


@pytest.mark.parametrize("role", sorted(set(ROLE_PERMISSIONS) - {"audit_admin"}))
def test_no_other_role_opens_or_exports_the_log(make_user, web, role):
    user = make_user(f"someone_{role}", role, "360000")
    client = web(user)
    for params in ({}, {"verify": "1"}, {"export": "csv"}, {"export": "xlsx"}):
        assert client.get(LOG, params).status_code == 403, (role, params)


def test_the_log_is_in_the_security_auditors_menu_only(web, people):
    assert reverse("audit:event-list") in web(people["audit_admin"]).get("/").content.decode()
    for name in ("sys_admin", "sec_admin", "province_supervisor", "auditor"):
        assert 'href="/security-log/"' not in web(people[name]).get("/").content.decode(), name
