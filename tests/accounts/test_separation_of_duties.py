"""Separation of duties (issue 10, point 4; 三员分立): the system check fails while anyone holds two system roles, a
business role beside a system role, or is a superuser outside the embedded demo; the role page refuses the same
combinations with a clear message; the Django admin is 404 in production and in the demo reachable only by the
signed-in system roles (and the demo's superuser)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse

from ganfutong_admin.accounts import checks
from ganfutong_admin.accounts.roles import separation_problems
from ganfutong_admin.audit.models import EventKind, SecurityEvent

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


def force_roles(user, *names):
    """Roles written past the m2m signal (as a raw SQL edit or an old database would), for the check to find."""
    through = user.groups.through
    through.objects.bulk_create([through(user_id=user.pk, group_id=Group.objects.get(name=n).pk) for n in names])


# --- the rule ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("roles", "superuser", "demo", "broken"), [
    ({"sys_admin"}, False, False, False),
    ({"submitter", "org_admin"}, False, False, False),
    ({"sys_admin", "sec_admin"}, False, True, True),
    ({"audit_admin", "auditor"}, False, True, True),
    ({"sec_admin"}, True, True, True),
    (set(), True, True, False),  # the demo's superuser
    (set(), True, False, True),  # a superuser in production
])
def test_the_rule(roles, superuser, demo, broken):
    assert bool(separation_problems(roles, superuser, demo=demo)) is broken


# --- the system check ------------------------------------------------------------------------------------------

def test_the_check_passes_on_the_demo_people(people):
    assert checks.check_separation_of_duties(databases=["default"]) == []
    call_command("check", databases=["default"], verbosity=0)


@pytest.mark.parametrize(("roles", "message"), [
    (("sys_admin", "sec_admin"), "two system roles"),
    (("audit_admin", "reviewer"), "business role"),
])
def test_the_check_fails_on_a_combination(make_user, roles, message):
    user = make_user("two_hats", None, "360000")
    force_roles(user, *roles)
    errors = checks.check_separation_of_duties(databases=["default"])
    assert [e.id for e in errors] == [checks.CHECK_ID] and "two_hats" in errors[0].msg
    with override_settings(LANGUAGE_CODE="en"):
        from django.utils import translation

        with translation.override("en"):
            assert message in checks.check_separation_of_duties(databases=["default"])[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check", databases=["default"], verbosity=0)


def test_a_superuser_fails_the_check_in_production_only(make_user):
    make_user("root", None, "360000", is_superuser=True, is_staff=True)
    assert checks.check_separation_of_duties(databases=["default"]) == []
    with override_settings(PRODUCTION=True):
        errors = checks.check_separation_of_duties(databases=["default"])
    assert len(errors) == 1 and "root" in errors[0].msg


# --- the role page refuses the same ----------------------------------------------------------------------------

@pytest.mark.parametrize("wanted", [["sys_admin", "sec_admin"], ["audit_admin", "auditor"], ["sec_admin", "submitter"]])
def test_the_role_page_refuses_a_business_role_beside_a_system_role(make_user, people, web, wanted):
    account = make_user("province_it", None, "360000")
    response = web(people["sec_admin"]).post(reverse("accounts:administration:account-roles", args=[account.pk]),
                                             {"roles": wanted})
    assert response.status_code == 400
    errors = " ".join(response.context["role_form"].errors["roles"])
    assert "三员分立" in errors
    assert account.groups.count() == 0 and not SecurityEvent.objects.filter(kind=EventKind.ROLE_GRANT).exists()


def test_adding_a_business_role_to_a_system_role_holder_is_refused(people, web):
    account = people["audit_admin"]
    response = web(people["sec_admin"]).post(reverse("accounts:administration:account-roles", args=[account.pk]),
                                             {"roles": ["audit_admin", "auditor"]})
    assert response.status_code == 400
    assert set(account.groups.values_list("name", flat=True)) == {"audit_admin"}


def test_a_system_role_can_be_moved_from_one_person_to_another(make_user, people, web):
    account = make_user("new_auditor_admin", "submitter", "360000")
    response = web(people["sec_admin"]).post(reverse("accounts:administration:account-roles", args=[account.pk]),
                                             {"roles": ["audit_admin"]})
    assert response.status_code == 302
    assert set(account.groups.values_list("name", flat=True)) == {"audit_admin"}


# --- the Django admin ------------------------------------------------------------------------------------------

ADMIN_PAGES = ("/admin/", "/admin/login/", "/admin/accounts/user/", "/admin/workflow/filing/")


@pytest.mark.parametrize("person", ["province_reviewer", "donghu_submitter", "auditor"])
def test_the_admin_is_404_for_business_roles_in_the_demo(people, web, person):
    client = web(people[person])
    assert [client.get(page).status_code for page in ADMIN_PAGES] == [404] * len(ADMIN_PAGES)


def test_the_admin_is_404_for_anonymous_visitors(client):
    assert [client.get(page).status_code for page in ADMIN_PAGES] == [404] * len(ADMIN_PAGES)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 404


def test_the_demo_admin_opens_to_system_roles_and_the_demo_superuser(make_user, people, web):
    staff_admin = make_user("staff_sys_admin", "sys_admin", "360000", is_staff=True)
    assert web(staff_admin).get("/admin/").status_code == 200
    root = make_user("root", None, "360000", is_superuser=True, is_staff=True)
    assert web(root).get("/admin/workflow/filing/").status_code == 200
    # A system role without is_staff passes the gate and meets the admin's own login check.
    assert web(people["sys_admin"]).get("/admin/").status_code == 302


def test_the_admin_is_404_for_everyone_in_production(make_user, web):
    root = make_user("root", None, "360000", is_superuser=True, is_staff=True)
    staff_admin = make_user("staff_sys_admin", "sys_admin", "360000", is_staff=True)
    with override_settings(PRODUCTION=True):
        for user in (root, staff_admin):
            client = web(user)
            assert [client.get(page).status_code for page in ADMIN_PAGES] == [404] * len(ADMIN_PAGES)


def test_the_bench_switch_needs_the_bench():
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}}

    def settings_with(**env):
        return subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                                   "print(settings.BENCH_ADMIN_SITE)"],
            cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
            env={**clean, "DJANGO_SETTINGS_MODULE": "ganfutong_admin.settings", **env})

    refused = settings_with(BENCH_ADMIN_SITE="1")
    assert refused.returncode != 0 and "BENCH_ADMIN_SITE is for `make bench` only" in refused.stderr
    allowed = settings_with(BENCH_ADMIN_SITE="1", BENCH_QUERY_COUNT="1")
    assert allowed.returncode == 0 and allowed.stdout.strip() == "True"
    assert settings_with().stdout.strip() == "False"


def test_the_bench_opens_the_admin_to_its_superuser_in_production(make_user, web):
    root = make_user("bench_admin", None, "360000", is_superuser=True, is_staff=True)
    with override_settings(PRODUCTION=True, BENCH_ADMIN_SITE=True):
        assert web(root).get("/admin/workflow/filing/").status_code == 200


def test_the_check_reads_no_database_unless_one_is_named(make_user, django_assert_num_queries):
    user = make_user("two_hats", None, "360000")
    force_roles(user, "sys_admin", "sec_admin")
    with django_assert_num_queries(0):
        assert checks.check_separation_of_duties() == []  # Celery's start-up checks, a plain `check`
