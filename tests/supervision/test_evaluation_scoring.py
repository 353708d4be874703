"""Scores of a small fixture province computed by hand (literal numbers, not the product's code) match the
system's; a finalized evaluation is frozen; ranking and its tie-break; the default tree of EVALUATION.md."""

from decimal import Decimal as D

import pytest
from factories import UserFactory, org
from factories_evaluation import alert, manual, period, rectification, small_tree, uptime, work_orders

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow import engine
from supervision.evaluation.models import ScoreSheet
from supervision.evaluation.scoring import compute, tree_problems

pytestmark = pytest.mark.django_db
UNITS = ("360100", "360102", "360402")  # 南昌市, 东湖区 (南昌市), 濂溪区 (九江市)


@pytest.fixture
def province():
    p = period()
    ind = small_tree(p)
    # 东湖区: work orders 3 of 4 on time; uptime 980/1000; rectifications 1 of 2 on time; manual 8;
    # 2 red cards; 3 innovations.
    work_orders("360102", on_time=3, late=1)
    uptime("360102", 1000, 980)
    rectification("360102", on_time=True)
    rectification("360102", on_time=False)
    manual(p, ind["manual"], "360102", 8)
    alert("360102", "red")
    alert("360102", "red")
    manual(p, ind["bonus"], "360102", 3, reason="“一网通办”创新做法")
    # 濂溪区: no work orders, no rectifications, no manual score (full points: no data); uptime 999/1000; 1 yellow.
    uptime("360402", 1000, 999)
    alert("360402", "yellow")
    # 南昌市: work orders 0 of 2 on time; uptime 950/1000; one rectification waived; manual 12 (capped at 10);
    # 3 yellow cards. Data outside the period does not count.
    work_orders("360100", on_time=0, late=2)
    uptime("360100", 1000, 950)
    rectification("360100", status="waived")
    manual(p, ind["manual"], "360100", 12)
    for _ in range(3):
        alert("360100", "yellow")
    alert("360100", "red", day=(10, 2))
    work_orders("360100", on_time=0, late=5, day=(10, 5))
    return p, ind


def units():
    from ganfutong_admin.orgs.models import OrgUnit

    return list(OrgUnit.objects.filter(code__in=UNITS).order_by("path"))


def by_code(sheets):
    return {s.org.code: s for s in sheets}


def test_hand_computed_scores(province):
    p, ind = province
    sheets = by_code(compute(p, units()))
    donghu, lianxi, nanchang = sheets["360102"], sheets["360402"], sheets["360100"]
    # 东湖区: 40×0.75 = 30; 20×(0.98−0.95)/0.045 = 13.33; 30×0.5 = 15; 8 → 66.33; red 2×2 = 4 capped at 3; bonus
    # 3 capped at 2 (its own cap): 66.33 − 3 + 2 = 65.33.
    assert [i["score"] for i in donghu.items] == [30.0, 13.33, 15.0, 8.0, 4.0, 0.0, 2.0]
    assert (donghu.base, donghu.deductions, donghu.bonus, donghu.total) == (D("66.33"), D("3"), D("2"), D("65.33"))
    assert [d["score"] for d in donghu.dimension_scores] == [43.33, 23.0]
    # 濂溪区: 40 (no data) + 20 (0.999 ≥ 0.995) + 30 (no data) + 10 (no data) − 1 = 99.
    assert lianxi.total == D("99.00")
    assert [i["no_data"] for i in lianxi.items[:4]] == [True, False, True, True]
    # 南昌市: 0 + 0 (0.95 ≤ lower) + 30 (waived counts as closed) + 10 (12 capped) − 3 (3 yellow, cap 3) = 37.
    assert nanchang.total == D("37.00")
    assert [i["raw"] for i in nanchang.items[:4]] == [0.0, 0.95, 1.0, 12.0]
    # Ranks: overall, among its kind, within its city.
    assert [(s.org.code, s.rank_overall, s.rank_in_kind, s.rank_in_city) for s in compute(p, units())] == [
        ("360402", 1, 1, 1), ("360102", 2, 2, 1), ("360100", 3, 1, 2)]
    # Evidence behind the deductions: which alert, its date.
    assert [(e["indicator"], e["date"], e["level"]) for e in donghu.evidence] == [
        ("红牌", "2026-08-20", "red"), ("红牌", "2026-08-20", "red")]


def test_ties_are_broken_by_the_tiebreak_dimension_then_the_code(province):
    p, ind = province
    from supervision.evaluation.models import Dimension

    # Without data every unit has 100: equal; the code decides.
    empty = period(name="空期", start=p.start.replace(year=2025), end=p.end.replace(year=2025))
    small_tree(empty)
    assert [s.org.code for s in compute(empty, units())] == ["360100", "360102", "360402"]
    # Equal totals: the tiebreak dimension's score decides, then the code.
    from supervision.evaluation.scoring import Sheet, rank

    a, b, c = (org(code) for code in ("360102", "360100", "360402"))
    sheets = rank([Sheet(org=a, city_code="360100", city_name="南昌市", total=D("90"), tiebreak=D("50")),
                   Sheet(org=b, city_code="360100", city_name="南昌市", total=D("90"), tiebreak=D("55")),
                   Sheet(org=c, city_code="360400", city_name="九江市", total=D("90"), tiebreak=D("50"))])
    assert [(s.org.code, s.rank_overall, s.rank_in_kind, s.rank_in_city) for s in sheets] == [
        ("360100", 1, 1, 1), ("360102", 2, 1, 2), ("360402", 3, 2, 1)]
    assert Dimension.objects.filter(period=p, tiebreak=True).get().name == "运维"


def test_finalize_through_the_engine_freezes_the_result(province):
    p, ind = province
    supervisor = UserFactory(username="sup", org_unit=org("360000"), roles=["supervisor"])
    engine.perform(type(p), p.pk, "finalize", supervisor, p.version, "")
    p.refresh_from_db()
    assert (p.status, p.finalized_by) == ("finalized", supervisor)
    frozen = {s.owner_org.code: s.total for s in ScoreSheet.objects.filter(period=p, owner_org__code__in=UNITS)}
    assert frozen == {"360102": D("65.33"), "360402": D("99.00"), "360100": D("37.00")}
    assert ScoreSheet.objects.filter(period=p).count() == len(compute(p))  # every evaluated org unit
    # New data of the period arrives: the sheets do not move.
    work_orders("360402", on_time=0, late=4)
    alert("360402", "red")
    assert ScoreSheet.objects.get(period=p, owner_org__code="360402").total == D("99.00")
    # Finalizing again is refused (state), and nobody but a supervisor finalizes.
    with pytest.raises(engine.NotAllowedFromState):
        engine.perform(type(p), p.pk, "finalize", supervisor, p.version, "")


def test_an_unbalanced_tree_cannot_be_finalized(province):
    p, ind = province
    ind["manual"].points = D("5")
    ind["manual"].save()
    supervisor = UserFactory(username="sup", org_unit=org("360000"), roles=["supervisor"])
    with pytest.raises(engine.GuardRefused) as refused:
        engine.perform(type(p), p.pk, "finalize", supervisor, p.version, "")
    assert "“监督”" in refused.value.message and "35.00" in refused.value.message
    assert not ScoreSheet.objects.exists()


def test_the_default_tree_is_balanced_and_unlanded_chapters_give_full_points():
    p = period(tree="default")
    assert tree_problems(p) == []
    assert p.dimensions.count() == 5 and p.indicators.count() == 21
    sheets = compute(p)
    county = next(s for s in sheets if s.org.code == "360402")
    # An indicator no installed chapter declares (operations' promotion and report figures are not built
    # yet) gives full points and says so; a declared one is computed from the data, whatever it is.
    declared = {indicator.code for indicator in chapters.evaluation_indicators()}
    undeclared = [i for i in county.items
                  if i["code"] and i["code"] not in declared and i["method"] in ("rate", "linear", "target")]
    assert undeclared and all(i["no_data"] and i["score"] == i["points"] for i in undeclared)
    assert "operations.responsible_person_coverage" in declared
    coverage = next(i for i in county.items if i["code"] == "operations.responsible_person_coverage")
    assert not coverage["no_data"] and coverage["score"] == 0  # the bare fixture names nobody responsible
