"""Home work-list sections of service management (services/worklist.py), their scope, and fixed query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories_filings import change_filing, service

from ganfutong_admin.workflow.models import Filing, OralReport
from services import worklist
from services.models import ChangeKind, ServiceChangeFiling

pytestmark = pytest.mark.django_db

SECTION_KEYS = {"services-ready", "delistings-to-record", "emergency-written-due"}


def sections(web, user):
    response = web(user).get("/")
    assert response.status_code == 200
    return {s["key"]: s for s in response.context["extra_sections"] if s["key"] in SECTION_KEYS}


def emergency(owner_code, due_in_days, title):
    """A written filing of an emergency delisting waiting at oral_reported, due `due_in_days` from now."""
    svc = service(owner_code, status="delisted")
    filing = Filing.objects.create(kind="emergency_delisting", owner_org=svc.owner_org, title=title,
                                   status="oral_reported", due_at=timezone.now() + timedelta(days=due_in_days))
    OralReport.objects.create(filing=filing, reported_by="值班员", reported_to="省值班室",
                              reported_at=timezone.now() - timedelta(days=3), reason="紧急")
    ServiceChangeFiling.objects.create(filing=filing, service=svc, change=ChangeKind.EMERGENCY_DELISTING,
                                       description="紧急", carried_out_at=timezone.now())
    return filing


@pytest.fixture
def people(make_user):
    return {
        "publisher": make_user("operator_publisher", "publisher", "OP3601"),
        "donghu": make_user("donghu_submitter", "submitter", "360102"),
        "nanchang": make_user("nanchang_submitter", "submitter", "360100"),
        "jiujiang": make_user("jiujiang_submitter", "submitter", "360400"),
        "reviewer": make_user("province_reviewer", "reviewer", "360000"),
        "auditor": make_user("auditor", "auditor", "360000"),
    }


def test_publisher_sees_services_to_list_and_delistings_to_record(web, people):
    ready = [service("360102", status="ready", name="待上架-东湖"),
             service("360400", status="ready", name="待上架-九江")]
    service("360102", status="planned", name="计划中")
    to_record = service("360100", status="listed", name="待下架-南昌")
    change_filing(to_record, "delisting", status="approved")
    recorded = service("360100", status="delisted", name="已下架")
    _, done = change_filing(recorded, "delisting", status="approved")
    done.carried_out_at = timezone.now()
    done.save()
    submitted = service("360400", status="listed", name="审核中")
    change_filing(submitted, "delisting", status="submitted")

    found = sections(web, people["publisher"])
    assert set(found) == {"services-ready", "delistings-to-record"}
    assert found["services-ready"]["count"] == 2
    assert {item["label"] for item in found["services-ready"]["items"]} == {str(s) for s in ready}
    assert all(item["url"] == f"/services/{s.pk}/" for item, s in zip(
        sorted(found["services-ready"]["items"], key=lambda i: i["label"]), sorted(ready, key=str), strict=True))
    assert found["delistings-to-record"]["count"] == 1
    assert [item["url"] for item in found["delistings-to-record"]["items"]] == [f"/services/{to_record.pk}/"]


def test_owners_see_their_written_filings_due_with_overdue_flags(web, people):
    late = emergency("360102", -2, "东湖-逾期")
    soon = emergency("360102", 1, "东湖-未到期")
    city = emergency("360100", 3, "南昌-未到期")
    emergency("360400", -1, "九江-逾期")

    donghu = sections(web, people["donghu"])
    assert set(donghu) == {"emergency-written-due"}
    section = donghu["emergency-written-due"]
    assert section["count"] == 2
    assert [(i["url"], i["overdue"]) for i in section["items"]] == [
        (f"/filings/{late.pk}/", True), (f"/filings/{soon.pk}/", False)]

    nanchang = sections(web, people["nanchang"])["emergency-written-due"]  # a city sees its counties
    assert [i["url"] for i in nanchang["items"]] == [f"/filings/{late.pk}/", f"/filings/{soon.pk}/",
                                                    f"/filings/{city.pk}/"]
    jiujiang = sections(web, people["jiujiang"])["emergency-written-due"]
    assert (jiujiang["count"], [i["overdue"] for i in jiujiang["items"]]) == (1, [True])

    # Submitted written filings are no longer due.
    Filing.objects.filter(pk=late.pk).update(status="submitted")
    assert sections(web, people["donghu"])["emergency-written-due"]["count"] == 1


def test_roles_without_the_work_get_no_section(web, people):
    service("360102", status="ready")
    emergency("360102", -1, "逾期")
    assert sections(web, people["reviewer"]) == {}
    assert sections(web, people["auditor"]) == {}


# --- fixed query counts (DESIGN section 7) -------------------------------------------------------------------

def populate_publisher_work(n):
    for i in range(n):
        service(("360102", "360400")[i % 2], status="ready")
        listed = service(("360100", "360402")[i % 2], status="listed")
        change_filing(listed, "delisting", status="approved")


def populate_owner_work(n):
    for i in range(n):
        emergency("360102", -1 if i % 2 else 2, f"紧急下架 {i}")


def count_queries(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, params or {}).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["publisher", "donghu"])
def test_home_page_query_count_does_not_grow_with_the_rows(web, people, who):
    populate = populate_publisher_work if who == "publisher" else populate_owner_work
    client = web(people[who])
    populate(10)
    ten = count_queries(client, "/")
    populate(90)
    hundred = count_queries(client, "/")
    assert ten == hundred, (ten, hundred)
    key = "services-ready" if who == "publisher" else "emergency-written-due"
    assert next(s for s in client.get("/").context["extra_sections"] if s["key"] == key)["count"] == 100


# Pinned: each section costs two queries (its count and its first rows), whatever the number of rows. The
# home page as a whole also carries other chapters' sections; its count is held constant above.
SECTION_BUILDERS = {
    "publisher": [worklist.services_waiting_to_be_listed, worklist.approved_delistings_to_record],
    "donghu": [worklist.emergency_written_filings_due],
}
FORM_QUERIES = 11  # shell (session, user, perms, org, unread, roles) + scope + choices + current standard


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize("who", ["publisher", "donghu"])
def test_section_pinned_query_count(people, django_assert_num_queries, who, n):
    (populate_publisher_work if who == "publisher" else populate_owner_work)(n)
    user = people[who]
    for build in SECTION_BUILDERS[who]:
        build(user)  # warm-up: permission caches of the user object
        with django_assert_num_queries(2):
            section = build(user)
        assert section["count"] == n and len(section["items"]) == min(n, worklist.LIMIT)


@pytest.mark.parametrize("n", [10, 100])
def test_change_form_pinned_query_count(web, people, django_assert_num_queries, n):
    for i in range(n):
        service(("360102", "360100")[i % 2], status="listed")
    client = web(people["nanchang"])
    params = {"kind": "service_delisting"}
    assert client.get("/services/change-filings/new/", params).status_code == 200
    with django_assert_num_queries(FORM_QUERIES):
        response = client.get("/services/change-filings/new/", params)
    assert len(response.context["form"].fields["service"].queryset) == n
