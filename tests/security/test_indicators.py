"""The four security indicators of the evaluation (EVALUATION.md), per org unit over the third quarter of 2026, with
literal rates worked out by hand from the rows below; and a finalized evaluation of the default tree now scores them
from these data instead of "无数据" (full points)."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone
from factories import UserFactory, org
from factories_security import drill, person, plan, risk, session, supplier

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow import engine
from security import indicators
from security.drills.models import EmergencyPlan
from security.risks.models import Risk
from security.suppliers.models import Supplier, SupplierPerson

pytestmark = pytest.mark.django_db
START, END = date(2026, 7, 1), date(2026, 9, 30)
DONGHU, LIANXI, NANCHANG = "360102", "360402", "360100"
FOUR = ("security.staff_trained", "security.risk_treatments_on_time", "security.drills_on_schedule",
        "security.supplier_staff_checks")


def at(day, hour=10):
    return timezone.make_aware(datetime(*day, hour))


def ids(*codes):
    return [org(code).pk for code in codes]


def by_code(result):
    return {code: result.get(org(code).pk) for code in (DONGHU, LIANXI, NANCHANG)}


def training():
    """东湖区 3 attendances in the quarter (one more in June) of the minimum 5: 0.6; 濂溪区 7: capped at 1.0;
    南昌市 named by a session but nobody came: 0.0."""
    made = session(trained=(DONGHU, LIANXI, NANCHANG),
                   people=[(DONGHU, f"东湖{i}") for i in range(3)] + [(LIANXI, f"濂溪{i}") for i in range(7)])
    made.held_on = date(2026, 8, 15)
    made.save()
    june = session(trained=(DONGHU,), people=[(DONGHU, "东湖六月")])
    june.held_on = date(2026, 6, 30)
    june.save()


def risks():
    """东湖区: due in the quarter 4 — closed before due, closed after due, open, closed in time then reopened; one due
    in October does not count: 1/4. 濂溪区: one closed on its due day: 1/1."""
    def made(code, due, status, closed_on=None, reopened=False):
        r = risk(code, status=status)
        Risk.objects.filter(pk=r.pk).update(due_on=due)
        r.due_on = due
        r.history.update(history_date=at((2026, 6, 1)))
        if closed_on:
            r.status = "closed"
            r.save()
            r.history.filter(status="closed").update(history_date=at(closed_on, 18))
        if reopened:
            r.status = "treating"
            r.save()
        return r

    made(DONGHU, date(2026, 8, 10), "open", closed_on=(2026, 8, 5))
    made(DONGHU, date(2026, 8, 20), "open", closed_on=(2026, 9, 1))
    made(DONGHU, date(2026, 9, 10), "open")
    made(DONGHU, date(2026, 9, 15), "open", closed_on=(2026, 9, 1), reopened=True)
    made(DONGHU, date(2026, 10, 5), "open", closed_on=(2026, 9, 1))
    made(LIANXI, date(2026, 7, 15), "open", closed_on=(2026, 7, 15))


def drills():
    """Judged on 2026-09-30, interval 12 months (window from 2025-09-30). 东湖区: drilled 2026-03-01 (good), drilled
    2025-06-01 and again in November, after the day (bad), never drilled and due 2026-05-01 (bad), never drilled
    and not due until 2027 (left out), not in force (left out): 1/3. 濂溪区: drilled 2025-09-30 (the window's
    first day, good), drilled 2025-09-29 (bad): 1/2."""
    today = timezone.localdate()

    def made(code, drilled=(), due=date(2026, 5, 1), active=True):
        p = plan(code)
        for day in drilled:
            drill(p, days_ago=(today - day).days)
        EmergencyPlan.objects.filter(pk=p.pk).update(created_at=at((2025, 1, 1)), drill_interval_months=12,
                                                     next_drill_due=due, is_active=active)

    made(DONGHU, [date(2026, 3, 1)], due=date(2027, 3, 1))
    made(DONGHU, [date(2025, 6, 1), date(2026, 11, 1)], due=date(2027, 11, 1))
    made(DONGHU)
    made(DONGHU, due=date(2027, 1, 1))
    made(DONGHU, active=False)
    made(LIANXI, [date(2025, 9, 30)], due=date(2026, 9, 30))
    made(LIANXI, [date(2025, 9, 29)], due=date(2026, 9, 29))


def suppliers():
    """Judged on 2026-09-30. 东湖区: a supplier with a valid agreement — check valid (good), expired 09-29 (bad),
    expiring 09-30 (good), pending (bad), no core-data access (left out); a supplier whose agreement expired 09-01,
    its person's check valid (bad): 2/5. 濂溪区: one valid person at a valid supplier: 1/1. 南昌市: one valid person
    added in October (left out): no data."""
    def made(code, nda_expires, people):
        s = supplier(code)
        Supplier.objects.filter(pk=s.pk).update(nda_signed_on=date(2026, 1, 1), nda_expires_on=nda_expires)
        for expires, result, core in people:
            p = person(s, core=core)
            SupplierPerson.objects.filter(pk=p.pk).update(check_done_on=date(2026, 2, 1), check_result=result,
                                                          check_expires_on=expires, created_at=at((2026, 2, 1)))
        return s

    made(DONGHU, date(2027, 1, 1), [(date(2027, 2, 1), "passed", True), (date(2026, 9, 29), "passed", True),
                                    (date(2026, 9, 30), "passed", True), (date(2027, 2, 1), "pending", True),
                                    (date(2026, 1, 1), "failed", False)])
    made(DONGHU, date(2026, 9, 1), [(date(2027, 2, 1), "passed", True)])
    made(LIANXI, date(2027, 1, 1), [(date(2027, 2, 1), "passed", True)])
    late = made(NANCHANG, date(2027, 1, 1), [(date(2027, 2, 1), "passed", True)])
    SupplierPerson.objects.filter(supplier=late).update(created_at=at((2026, 10, 2)))


def test_the_four_indicators_are_declared_with_the_contract_signature():
    declared = {i.code: i for i in chapters.evaluation_indicators()}
    assert {"security.incidents_reported_in_time", "security.register_completeness", *FOUR} <= set(declared)
    assert all(isinstance(declared[code], chapters.EvaluationIndicator) and declared[code].kind == "rate"
               for code in FOUR)
    assert [declared[code].article for code in FOUR] == ["第二十条", "第二十条", "第二十三条", "第二十一条"]


def test_staff_trained():
    training()
    assert by_code(indicators.staff_trained(ids(DONGHU, LIANXI, NANCHANG), START, END)) == {
        DONGHU: 0.6, LIANXI: 1.0, NANCHANG: 0.0}
    # A unit outside the asked ids is not measured; a quarter without sessions has no data.
    assert by_code(indicators.staff_trained(ids(DONGHU), START, END)) == {DONGHU: 0.6, LIANXI: None, NANCHANG: None}
    assert indicators.staff_trained(ids(DONGHU, LIANXI), date(2026, 1, 1), date(2026, 3, 31)) == {}


def test_risk_treatments_on_time():
    risks()
    assert by_code(indicators.risk_treatments_on_time(ids(DONGHU, LIANXI, NANCHANG), START, END)) == {
        DONGHU: 0.25, LIANXI: 1.0, NANCHANG: None}


def test_drills_on_schedule():
    drills()
    assert by_code(indicators.drills_on_schedule(ids(DONGHU, LIANXI, NANCHANG), START, END)) == {
        DONGHU: 1 / 3, LIANXI: 0.5, NANCHANG: None}


def test_supplier_staff_checks():
    suppliers()
    assert by_code(indicators.supplier_staff_checks(ids(DONGHU, LIANXI, NANCHANG), START, END)) == {
        DONGHU: 0.4, LIANXI: 1.0, NANCHANG: None}


@pytest.mark.parametrize("measure, queries", [
    (indicators.staff_trained, 2),  # the grouped attendance and the policy minimum in force
    (indicators.risk_treatments_on_time, 1), (indicators.drills_on_schedule, 1),
    (indicators.supplier_staff_checks, 1)])
def test_each_indicator_is_one_grouped_query(measure, queries, django_assert_num_queries):
    training(), risks(), drills(), suppliers()
    unit_ids = ids(DONGHU, LIANXI, NANCHANG)
    with django_assert_num_queries(queries):
        measure(unit_ids, START, END)


def test_a_finalized_evaluation_scores_them_from_data():
    from supervision.evaluation.models import EvaluationPeriod, ScoreSheet
    from supervision.evaluation.scoring import copy_tree

    training(), risks(), drills(), suppliers()
    p = EvaluationPeriod.objects.create(name="2026年第三季度", kind="quarter", start=START, end=END,
                                        owner_org=org("360000"))
    copy_tree(p)
    supervisor = UserFactory(username="sup", org_unit=org("360000"), roles=["supervisor"])
    engine.perform(type(p), p.pk, "finalize", supervisor, p.version, "")
    p.refresh_from_db()
    assert p.status == "finalized"
    sheet = ScoreSheet.objects.get(period=p, owner_org__code=DONGHU)
    items = {i["code"]: i for i in sheet.items if i["code"] in FOUR}
    assert {code: (i["no_data"], i["raw"]) for code, i in items.items()} == {
        "security.staff_trained": (False, 0.6), "security.risk_treatments_on_time": (False, 0.25),
        "security.drills_on_schedule": (False, 1 / 3), "security.supplier_staff_checks": (False, 0.4)}
    # Each is worth 5 points (EVALUATION.md): 5 × rate.
    assert [items[code]["score"] for code in FOUR] == [3.0, 1.25, 1.67, 2.0]
    assert sheet.total < D("100")
