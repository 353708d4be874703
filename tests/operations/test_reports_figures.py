"""第十四条 operations reports: the figures for the fixture quarter (tests/operations/reports_fixture.py) match what
this test counts from the fixture rows itself, per org unit and per city (a city row = the city and its counties);
a published report keeps its snapshot when new data arrives while a draft shows live figures."""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import org
from reports_fixture import (
    BAD_REVIEWS,
    FILINGS,
    PROMOTION,
    Q3,
    RECTIFICATIONS,
    SERVICES,
    UPTIME,
    WORK_ORDERS,
    at,
    build,
    make_report,
)

from ganfutong_admin.workflow import engine
from maintenance.hotline.models import WorkOrder
from operations.reports import figures
from operations.reports.models import OperationsReport

pytestmark = pytest.mark.django_db

SINCE, UNTIL = at(7, 1, 0), at(10, 1, 0)
NANCHANG = ("360100", "360102")  # the city row of 南昌市: the city and its county 东湖区


def inside(moment):
    return moment is not None and SINCE <= moment < UNTIL


def expected(owners):
    """The figures of `owners` together, counted from the fixture rows (no call into figures.py)."""
    now = timezone.now()
    services = [s for s in SERVICES if s[0] in owners]
    filings = [f for f in FILINGS if f[0] in owners and inside(f[2])]
    orders = [w for w in WORK_ORDERS if w[0] in owners and inside(w[2])]
    reviews = [b for b in BAD_REVIEWS if b[0] in owners and inside(b[1]) and not b[3]]
    days = [u for u in UPTIME if u[0] in owners and Q3[0] <= u[1] <= Q3[1]]
    rects = ([(o, c, s, d) for o, c, s, d in RECTIFICATIONS if o in owners]
             + [(o, c, s, c + timedelta(days=20)) for o, c, s, _x in BAD_REVIEWS if o in owners])
    rects = [r for r in rects if r[1] < UNTIL]
    on_time_filings = sum(1 for f in filings if f[4] is not None and (f[3] is None or f[4] <= f[3]))
    replied = [w for w in orders if w[4] is not None]
    on_time = sum(1 for w in replied if w[3] is None or w[4] <= w[3])
    rated = [w for w in orders if w[5]]
    satisfied = sum(1 for w in rated if w[5] in ("satisfied", "very_satisfied"))
    checks, ok = sum(u[2] for u in days), sum(u[3] for u in days)
    pct = lambda a, b: round(100 * a / b, 1) if b else None  # noqa: E731
    open_rects = [r for r in rects if r[2] in ("open", "reopened")]
    held = [p for p in PROMOTION if p[0] in owners and Q3[0] <= p[1] <= Q3[1]]
    return {
        "promotion": {"activities": len(held), "views": sum(p[2] for p in held),
                      "participants": sum(p[3] for p in held), "registrations": sum(p[4] for p in held)},
        "services": {"listed": sum(1 for s in services if inside(s[2])),
                     "delisted": sum(1 for s in services if inside(s[3])),
                     "on_platform": sum(1 for s in services if s[1] == "listed")},
        "filings": {"n": len(filings), "ok": on_time_filings, "ok_rate": pct(on_time_filings, len(filings)),
                    **{f"{kind}:n": sum(1 for f in filings if f[1] == kind) for kind in {f[1] for f in filings}}},
        "work_orders": {"n": len(orders), "replied": len(replied), "on_time": on_time,
                        "on_time_rate": pct(on_time, len(replied)), "rated": len(rated), "satisfied": satisfied,
                        "satisfied_rate": pct(satisfied, len(rated)),
                        **{f"type:{t}": sum(1 for w in orders if w[1] == t) for t in
                           ("consultation", "help_request", "complaint", "report", "suggestion")}},
        "bad_reviews": {"n": len(reviews), "rectified": sum(1 for b in reviews if b[2] == "accepted"),
                        "rectified_rate": pct(sum(1 for b in reviews if b[2] == "accepted"), len(reviews))},
        "uptime": {"checks": checks, "ok": ok, "uptime": pct(ok, checks)},
        "rectifications": {"opened": sum(1 for r in rects if inside(r[1])), "open": len(open_rects),
                           "overdue": sum(1 for r in open_rects if r[3] < now)},
    }


def assert_matches(values, owners):
    want = expected(owners)
    for figure, cells in want.items():
        for key, value in cells.items():
            assert values[figure].get(key, 0 if value is not None else None) == value, (owners, figure, key)


def unit_row(table, code):
    return next(u for u in table["units"] if u["code"] == code)


def group_row(table, code):
    return next(g for g in table["groups"] if g["code"] == code)


def test_figures_match_the_fixture_rows_per_unit_and_per_city():
    build()
    table = figures.compute(*Q3)
    for code in ("360100", "360102", "360400", "D3601"):
        assert_matches(unit_row(table, code)["values"], (code,))
    assert_matches(group_row(table, "360100")["values"], NANCHANG)
    assert_matches(group_row(table, "360400")["values"], ("360400",))
    departments = next(g for g in table["groups"] if g["key"] == figures.DEPARTMENTS_GROUP)
    assert_matches(departments["values"], ("D3601",))
    assert_matches(table["total"], ("360100", "360102", "360400", "D3601"))
    # spot checks in plain numbers, so that a mistake shared by the test's counting shows too
    nanchang = group_row(table, "360100")["values"]
    assert nanchang["services"] == {"listed": 2, "delisted": 1, "on_platform": 3}
    assert (nanchang["work_orders"]["n"], nanchang["work_orders"]["on_time"], nanchang["work_orders"]["replied"]) \
        == (5, 3, 4)
    assert nanchang["uptime"]["uptime"] == round(100 * 648 / 676, 1)
    assert nanchang["bad_reviews"] == {"n": 3, "rectified": 2, "rectified_rate": 66.7}
    assert unit_row(table, "D3601")["values"]["filings"]["ok_rate"] == 0.0
    assert nanchang["promotion"] == {"activities": 3, "views": 2300, "participants": 90, "registrations": 28}
    assert unit_row(table, "360400")["values"]["promotion"]["activities"] == 0
    assert unit_row(table, "360400")["values"]["rectifications"] == {"opened": 0, "open": 0, "overdue": 0}


def test_the_figures_take_a_bounded_number_of_queries(django_assert_max_num_queries):
    build()
    with django_assert_max_num_queries(len(figures.FIGURES) + 3):
        figures.compute(*Q3)


def test_a_published_report_keeps_its_figures_and_a_draft_shows_live_ones(make_user, web):
    build()
    publisher = make_user("operator_publisher", "publisher", "OP3601")
    report = make_report()
    draft = make_report(kind="monthly", month=8, quarter=None, title="2026年8月运营报告", number="")
    report = engine.perform(OperationsReport, report.pk, "publish", publisher, report.version)
    frozen = unit_row(report.snapshot, "360100")["values"]["work_orders"]["n"]
    assert frozen == expected(("360100",))["work_orders"]["n"]
    client = web(publisher)
    before = client.get(report.get_absolute_url()).context["tables"]
    before_draft = client.get(draft.get_absolute_url()).context["tables"]
    # new data of the period arrives after publication
    WorkOrder.objects.create(owner_org=org("360100"), hotline_id="RP-LATE-1", source="api", type="complaint",
                             title="补录工单", content="内容", citizen_name="李四", citizen_phone="13812345678",
                             received_at=at(8, 15), status="processing", dispatched_at=at(8, 15))
    report.refresh_from_db()
    assert unit_row(report.snapshot, "360100")["values"]["work_orders"]["n"] == frozen
    after = client.get(report.get_absolute_url())
    assert after.context["tables"] == before
    tables = {t["key"]: t for t in after.context["tables"]}
    nanchang = next(u for u in tables["work_orders"]["units"] if u["code"] == "360100")
    received = [c["key"] for c in tables["work_orders"]["columns"]].index("n")
    assert nanchang["cells"][received] == frozen
    # the draft (August) counts the new order
    draft_tables = {t["key"]: t for t in client.get(draft.get_absolute_url()).context["tables"]}
    old = {t["key"]: t for t in before_draft}
    new_row = next(u for u in draft_tables["work_orders"]["units"] if u["code"] == "360100")
    old_row = next(u for u in old["work_orders"]["units"] if u["code"] == "360100")
    assert new_row["cells"][received] == old_row["cells"][received] + 1
