"""The append-only, hash-chained security event log (DESIGN §6)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from testsupport import needs_postgres

from ganfutong_admin.audit.models import AppendOnlyError, EventKind, SecurityEvent, first_broken_link, record

pytestmark = pytest.mark.django_db


def test_login_and_failed_login_are_recorded(client, make_user):
    make_user("donghu_submitter", "submitter", "360102", password="Right-Password-1")
    client.post(reverse("accounts:login"), {"username": "donghu_submitter", "password": "wrong"},
                REMOTE_ADDR="10.1.2.3")
    client.post(reverse("accounts:login"), {"username": "donghu_submitter", "password": "Right-Password-1"},
                REMOTE_ADDR="10.1.2.3")
    kinds = list(SecurityEvent.objects.values_list("kind", "username", "ip_address"))
    assert kinds == [
        (EventKind.LOGIN_FAILED, "donghu_submitter", "10.1.2.3"),
        (EventKind.LOGIN, "donghu_submitter", "10.1.2.3"),
    ]


def test_each_event_links_to_the_previous_one():
    first = record(EventKind.EXPORT, target="filings")
    second = record(EventKind.UNMASK, target="work order 1", field="phone")
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.row_hash
    assert second.row_hash == second.compute_hash()
    assert first_broken_link() is None
    call_command("verify_audit_log")


def test_model_refuses_change_and_delete():
    event = record(EventKind.EXPORT, target="filings")
    event.target = "something else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_tampering_is_found_by_verify_audit_log():
    record(EventKind.EXPORT, target="a")
    victim = record(EventKind.EXPORT, target="b")
    record(EventKind.EXPORT, target="c")
    if connection.vendor == "postgresql":
        # Someone with superuser rights on the database bypasses the trigger: the chain still tells.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    SecurityEvent.objects.filter(pk=victim.pk).update(target="tampered")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    assert first_broken_link().pk == victim.pk
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("verify_audit_log")


@needs_postgres
def test_postgres_trigger_refuses_update_and_delete():
    event = record(EventKind.EXPORT, target="filings")
    for statement in (f"UPDATE audit_securityevent SET target = 'x' WHERE id = {event.pk}",
                      f"DELETE FROM audit_securityevent WHERE id = {event.pk}"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert SecurityEvent.objects.get(pk=event.pk).target == "filings"


def test_excel_export_is_logged(web, make_user):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    response = web(reviewer).get(reverse("workflow:filing-list") + "?export=xlsx")
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT)
    assert (event.username, event.target) == ("province_reviewer", "filings")


@pytest.mark.parametrize("role, code, list_status", [
    ("audit_admin", "360000", 200),
    ("sec_admin", "360000", 403),
    ("sys_admin", "360000", 403),
    ("reviewer", "360000", 403),
    ("auditor", "360000", 403),
])
def test_only_the_security_auditor_reads_the_log(web, make_user, role, code, list_status):
    user = make_user(f"u_{role}", role, code)
    record(EventKind.EXPORT, target="filings")
    response = web(user).get(reverse("audit:event-list") + "?verify=1")
    assert response.status_code == list_status
    if list_status == 200:
        assert response.context["chain_check"].intact is True
        assert b"filings" in response.content
        export = web(user).get(reverse("audit:event-list") + "?export=xlsx")
        assert export.status_code == 200
