"""manage.py create_account: the first real accounts of a production database (seed_demo refuses production)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ganfutong_admin.audit.models import EventKind, SecurityEvent, first_broken_link

GOOD = "Smoke-Tq8v-Lw2z-Kp"


def create(username="first_admin", password=GOOD, monkeypatch=None, **options):
    monkeypatch.setenv("NEW_ACCOUNT_PASSWORD", password)
    args = {"org": "360000", "role": "sys_admin", "password_env": "NEW_ACCOUNT_PASSWORD", **options}
    call_command("create_account", username, **args)


def test_creates_an_account_with_its_role_and_logs_the_grant(db, monkeypatch):
    create(monkeypatch=monkeypatch, full_name="钱系统", email="admin@example.gov.cn")
    user = get_user_model().objects.get(username="first_admin")
    assert user.check_password(GOOD) and user.org_unit.code == "360000" and user.email == "admin@example.gov.cn"
    assert user.role_names == {"sys_admin"}
    event = SecurityEvent.objects.get(kind=EventKind.ROLE_CHANGE, target="first_admin")
    assert event.detail["granted"] == ["sys_admin"] and event.username == "manage.py create_account"
    assert first_broken_link() is None


@pytest.mark.parametrize(("options", "message"), [
    ({"password": "short"}, "password is refused"),
    ({"password": "first_admin1234"}, "password is refused"),
    ({"org": "999999"}, "No org unit"),
    ({"password": ""}, "is empty"),
])
def test_refusals_create_nothing(db, monkeypatch, options, message):
    with pytest.raises(CommandError, match=message):
        create(monkeypatch=monkeypatch, **options)
    assert not get_user_model().objects.filter(username="first_admin").exists()
    assert not SecurityEvent.objects.filter(target="first_admin").exists()


def test_an_existing_account_is_left_alone(db, monkeypatch):
    create(monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="already exists"):
        create(monkeypatch=monkeypatch, role="sec_admin", password="Another-Pass-9x7")
    user = get_user_model().objects.get(username="first_admin")
    assert user.role_names == {"sys_admin"} and user.check_password(GOOD)


def test_an_unknown_role_is_refused(db, monkeypatch):
    with pytest.raises(CommandError):
        create(monkeypatch=monkeypatch, role="superuser")
