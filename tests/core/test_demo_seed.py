"""`make run` seeds demo users for every role and demo data, and running it twice changes nothing."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from ganfutong_admin.accounts.roles import ROLE_PERMISSIONS
from ganfutong_admin.core.management.commands.seed_demo import DEMO_USERS

# ROLES.md "Demo users": the README and acceptance checks rely on these names.
DOCUMENTED = {"province_reviewer", "province_supervisor", "operator_publisher", "nanchang_submitter",
              "donghu_submitter", "jiujiang_submitter", "dept_submitter", "auditor", "sys_admin",
              "sec_admin", "audit_admin"}


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label not in {"sessions", "axes", "admin", "contenttypes", "auth"}}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_every_role_has_a_demo_user_and_the_documented_names_exist(seeded):
    names = {username for username, *_ in DEMO_USERS}
    assert DOCUMENTED <= names
    roles_with_users = {g.name for g in Group.objects.filter(user__username__in=names)}
    assert roles_with_users == set(ROLE_PERMISSIONS)


@pytest.mark.parametrize("username", sorted({u for u, *_ in DEMO_USERS}))
def test_every_demo_user_signs_in_with_the_demo_password(seeded, client, username):
    response = client.post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/").status_code == 200


def test_running_it_twice_duplicates_nothing(seeded):
    before = counts()
    assert before["workflow.Filing"] > 0 and before["accounts.User"] >= len(DEMO_USERS)
    call_command("seed_demo", verbosity=0)
    assert counts() == before
