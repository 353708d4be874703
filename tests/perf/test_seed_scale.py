"""seed_scale (issue 9 point 1): the requested numbers of rows of every kind and state, over every org unit, with
timelines and history, personal data encrypted, and a second run that refills instead of duplicating."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Max
from factories import UserFactory, org

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.privacy.crypto import normalize_phone, search_hash
from ganfutong_admin.workflow import kinds
from ganfutong_admin.workflow.models import Filing, FilingStatus, Rectification, RectificationStatus
from maintenance.hotline.models import WorkOrder, WorkOrderExtension, WorkOrderStatus
from services.models import Service, ServiceChangeFiling, ServiceStatus

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale writes PostgreSQL SQL")

SIZES = {"services": 150, "filings": 400, "work_orders": 400, "rectifications": 150}


def scale_rows():
    return {
        "services": Service.objects.filter(code__startswith="SCALE-S"),
        "filings": Filing.objects.filter(reference__startswith="SC-"),
        "work_orders": WorkOrder.objects.filter(hotline_id__startswith="SCALE-W"),
        "rectifications": Rectification.objects.filter(source_label="规模测试数据"),
    }


def seed(**sizes):
    # The demo users exist already (province_reviewer): seed_scale does not run the slow seed_demo again.
    UserFactory(username="province_reviewer", org_unit=org("360000"), roles=["reviewer"])
    UserFactory(username="nanchang_submitter", org_unit=org("360100"), roles=["submitter"])
    call_command("seed_scale", scale="tiny", no_vacuum=True, stdout=None, **{**SIZES, **sizes})


@postgres_only
def test_requested_numbers_of_every_kind_and_state_over_every_org_unit():
    seed()
    rows = scale_rows()
    for name, size in SIZES.items():
        assert rows[name].count() == size, name
    assert set(rows["filings"].values_list("status", flat=True)) == set(FilingStatus.values)
    assert set(rows["filings"].values_list("kind", flat=True)) == {k.code for k in kinds.all_kinds()}
    assert set(rows["work_orders"].values_list("status", flat=True)) == set(WorkOrderStatus.values)
    assert set(rows["services"].values_list("status", flat=True)) == set(ServiceStatus.values)
    assert set(rows["rectifications"].values_list("status", flat=True)) == set(RectificationStatus.values)
    active = set(OrgUnit.objects.filter(is_active=True).values_list("pk", flat=True))
    for name in ("services", "filings", "rectifications"):
        assert set(rows[name].values_list("owner_org_id", flat=True)) == active, name
    # Work orders waiting for dispatch belong to the operator; the others reach every unit.
    waiting = rows["work_orders"].filter(status__in=["received", "returned"])
    assert set(waiting.values_list("owner_org_id", flat=True)) == {OrgUnit.objects.operator().pk}


@postgres_only
def test_timelines_match_the_versions_and_history_rows_exist():
    seed()
    rows = scale_rows()
    for name in ("filings", "work_orders", "rectifications"):
        annotated = rows[name].annotate(n=Count("events"), last=Max("events__version"))
        assert all(r.n == r.version == r.last for r in annotated), name
        for record in annotated[:50]:
            assert record.events.order_by("-version").first().to_status == record.status
    for name, queryset in rows.items():
        history = queryset.model.history.filter(id__in=queryset.values("pk"))
        assert history.filter(history_type="+").count() == queryset.count(), name
    # The work orders' extra rows: one pending extension per order waiting for its decision.
    assert WorkOrderExtension.objects.filter(status="pending").count() == rows["work_orders"].filter(
        status="extension_requested").count()
    # Every service filing has its details, on a scale service.
    change_kinds = ["service_listing", "service_update", "service_delisting", "emergency_delisting"]
    changes = rows["filings"].filter(kind__in=change_kinds)
    assert ServiceChangeFiling.objects.filter(filing__in=changes).count() == changes.count()


@postgres_only
def test_personal_data_is_encrypted_with_the_projects_key_and_searchable_by_hash():
    seed()
    order = scale_rows()["work_orders"].first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_name, citizen_phone FROM maintenance_workorder WHERE id = %s", [order.pk])
        raw_name, raw_phone = cursor.fetchone()
    assert raw_name.startswith("v1:") and raw_phone.startswith("v1:")
    assert order.citizen_name and not order.citizen_name.startswith("v1:")
    assert order.phone_hash == search_hash(normalize_phone(order.citizen_phone))
    # Distinct values were encrypted once and reused: the same phone always has the same hash.
    assert WorkOrder.objects.filter(phone_hash=order.phone_hash).count() > 1


@postgres_only
def test_a_second_run_refills_instead_of_duplicating():
    seed()
    first = {name: q.count() for name, q in scale_rows().items()}
    events = WorkOrder.events.field.model.objects.count()
    seed(work_orders=300)
    second = {name: q.count() for name, q in scale_rows().items()}
    assert second == {**first, "work_orders": 300}
    assert WorkOrder.events.field.model.objects.count() < events
    assert WorkOrder.history.filter(hotline_id__startswith="SCALE-W", history_type="+").count() == 300


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_scale", scale="tiny")


@postgres_only
def test_refuses_a_negative_size():
    with pytest.raises(CommandError, match="--work-orders"):
        call_command("seed_scale", scale="tiny", work_orders=-1, no_vacuum=True)
