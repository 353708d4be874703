"""第十二条 coverage: the right gaps for units with an expired, a current, a future and no designation, in one query;
the same gaps reach supervision through the chapter contract (rules and the evaluation indicator); the selector
other chapters use."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_operations import make_person
from openpyxl import load_workbook

from ganfutong_admin.core import chapters
from operations import selectors
from operations.responsible.coverage import coverage_queryset
from operations.responsible.models import Duty

pytestmark = pytest.mark.django_db
DUTIES = set(Duty.values)
TODAY = date(2026, 6, 15)


@pytest.fixture
def scene(monkeypatch):
    """东湖区: every duty current; 南昌市: operations expired yesterday, maintenance starts tomorrow, the rest
    current; 九江市: nothing at all; 濂溪区: operations current with an end today (still valid), nothing else."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY if not a else date.fromisoformat(
        str(timezone.localtime(a[0]).date())))
    for duty in DUTIES:
        make_person("360102", duty, name=f"东湖{duty}")
    make_person("360100", "operations", name="过期", valid_to=TODAY - timedelta(days=1))
    make_person("360100", "maintenance", name="未到", valid_from=TODAY + timedelta(days=1))
    for duty in DUTIES - {"operations", "maintenance"}:
        make_person("360100", duty, name=f"南昌{duty}")
    make_person("360402", "operations", name="今日到期", valid_to=TODAY)


def missing_of(rows):
    return {u.code: {d for d in Duty.values if not getattr(u, f"has_{d}")} for u in rows}


def test_coverage_is_right_for_expired_current_future_and_none(scene, make_user):
    user = make_user("province_reviewer", "reviewer", "360000")
    rows = missing_of(coverage_queryset(user, TODAY))
    assert rows["360102"] == set()
    assert rows["360100"] == {"operations", "maintenance"}  # expired yesterday, valid only from tomorrow
    assert rows["360400"] == DUTIES
    assert rows["360402"] == DUTIES - {"operations"}  # the last valid day still counts
    assert "360000" not in rows  # the provincial authority names no persons of its own here


def test_coverage_is_one_query_and_scoped(scene, make_user):
    user = make_user("nanchang_submitter", "submitter", "360100")
    qs = coverage_queryset(user, TODAY)
    with CaptureQueriesContext(connection) as queries:
        rows = missing_of(qs)
    assert len(queries) == 1  # one query for every unit and every duty
    assert all(code.startswith("3601") for code in rows) and {"360100", "360102"} <= set(rows)


def test_coverage_page_lists_the_gaps_and_exports(scene, make_user, web):
    client = web(make_user("province_reviewer", "reviewer", "360000"))
    url = reverse("operations:responsible-coverage")
    response = client.get(url, {"parent": org("360100").pk})
    assert response.status_code == 200
    codes = {u.code for u in response.context["object_list"]}
    assert "360100" in codes and "360102" not in codes and all(c.startswith("3601") for c in codes)
    assert response.context["counts"]["total"] == len(codes) + 1  # 东湖区 is counted, not listed
    jiujiang = client.get(url, {"parent": org("360400").pk})
    assert {"360400", "360402"} <= {u.code for u in jiujiang.context["object_list"]}
    page = response.content.decode()
    assert 'data-org="360100" data-missing="2"' in page
    everything = client.get(url, {"show": "all", "kind": "county_authority", "parent": org("360100").pk})
    assert "360102" in {u.code for u in everything.context["object_list"]}
    assert all(u.kind == "county_authority" for u in everything.context["object_list"])
    export = client.get(reverse("operations:responsible-coverage"), {"export": "xlsx"})
    import io
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["360100"][-1] == 2 and "360102" not in rows


def test_coverage_api(scene, make_user, api):
    body = api(make_user("jiujiang_submitter", "submitter", "360400")).get(
        "/api/v1/operations/responsible-persons/coverage/").json()
    found = {row["code"]: set(row["missing"]) for row in body}
    assert found["360400"] == DUTIES and found["360402"] == DUTIES - {"operations"}
    assert not any(code.startswith("3601") for code in found)
    assert api(make_user("sys_admin", "sys_admin", "360000")).get(
        "/api/v1/operations/responsible-persons/coverage/").status_code == 403


def test_supervision_rules_through_the_contract(scene):
    rules = {rule.code: rule for rule in chapters.supervision_rules()}
    now = timezone.make_aware(datetime(2026, 6, 15, 10))
    ops = rules["operations.no_responsible_person_operations"]
    assert ops.article == "第十二条"
    breaches = {row.code: row for row in ops.query(now)}
    assert {"360100", "360400"} <= set(breaches) and not {"360102", "360402"} & set(breaches)
    assert breaches["360100"].owner_org_id == org("360100").pk
    # expired on the 14th: the breach began at the midnight after its last valid day
    assert timezone.localtime(breaches["360100"].breach_started_at).date() == TODAY
    assert timezone.localtime(breaches["360400"].breach_started_at).date() == date(2026, 1, 1)
    maintenance = {row.code for row in rules["operations.no_responsible_person_maintenance"].query(now)}
    assert "360100" in maintenance  # only a future designation


def test_evaluation_indicator_measures_coverage(scene):
    indicator = {i.code: i for i in chapters.evaluation_indicators()}["operations.responsible_person_coverage"]
    assert indicator.kind == "rate"
    ids = [org(code).pk for code in ("360100", "360102", "360400", "360402")]
    rates = indicator.measure(ids, date(2026, 1, 1), TODAY)
    assert rates == {org("360100").pk: 0.6, org("360102").pk: 1.0, org("360400").pk: 0.0, org("360402").pk: 0.2}
    # at the end of an earlier period the expired designation was still valid
    assert indicator.measure([org("360100").pk], date(2026, 1, 1), date(2026, 5, 31))[org("360100").pk] == 0.8


def test_selector_for_other_chapters(scene):
    assert selectors.current_responsible_person(org("360100"), "operations") is None
    assert selectors.current_responsible_person(org("360100"), "security").name == "南昌security"
    earlier = TODAY - timedelta(days=3)
    assert selectors.current_responsible_person(org("360100").pk, "operations", day=earlier).name == "过期"
    assert set(selectors.current_responsible_persons(org("360102"))) == DUTIES
