"""Computing a period (第二十五条) for every org unit at once: a bounded number of queries whatever the number of
org units — the tree (2), the org units and the cities (2), one grouped query per declared figure the tree uses
(its measure, and its evidence for deductions), the manual scores (1). Nothing is read per org unit.

Per indicator: rate → points × rate; linear → 0 at or below the lower bound, full at or above the upper, linear
between; target → points × min(1, done / target); manual → the supervisor's score (at most the points). An org
unit without data gets the full points ("no data"). Deductions and bonuses count occurrences × points each,
capped per item or per cap group. Total = max(0, sum of the dimensions − deductions) + bonuses. Ranking: total,
then the tiebreak dimension, then the org-unit code; overall, within the org unit's kind, and within its city.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ganfutong_admin.core import chapters
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from ..alerts.dashboard import city_of
from .defaults import ADJUSTMENTS, TREE
from .models import Dimension, Indicator, ManualScore, Method, ScoreSheet

EVALUATED_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT)
CENT = Decimal("0.01")
ZERO = Decimal("0")


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def figures():
    return {figure.code: figure for figure in chapters.evaluation_indicators()}


# --- the tree ------------------------------------------------------------------------------------------------

def copy_tree(period, source=None):
    """Give a new period its tree: the previous period's (source), else the default."""
    if source is not None:
        dims = {}
        for dim in source.dimensions.all():
            dims[dim.pk] = Dimension.objects.create(period=period, name=dim.name, weight=dim.weight, order=dim.order,
                                                    tiebreak=dim.tiebreak)
        Indicator.objects.bulk_create([
            Indicator(period=period, dimension=dims.get(i.dimension_id), code=i.code, label=i.label, method=i.method,
                      points=i.points, cap=i.cap, cap_group=i.cap_group, lower=i.lower, upper=i.upper,
                      target=i.target, order=i.order)
            for i in source.indicators.all()])
        return
    order = 0
    for d_order, (name, weight, tiebreak, items) in enumerate(TREE):
        dim = Dimension.objects.create(period=period, name=name, weight=weight, order=d_order, tiebreak=tiebreak)
        for code, label, method, points, extra in items:
            order += 1
            Indicator.objects.create(period=period, dimension=dim, code=code, label=label, method=method,
                                     points=points, order=order, **extra)
    for code, label, method, points, cap, group in ADJUSTMENTS:
        order += 1
        Indicator.objects.create(period=period, code=code, label=label, method=method, points=points, cap=cap,
                                 cap_group=group, order=order)


def tree_problems(period):
    """Why the tree cannot be computed (empty: it can): weights sum to 100, each dimension's points to its weight."""
    problems = []
    dims = list(period.dimensions.prefetch_related("indicators"))
    total = sum((d.weight for d in dims), ZERO)
    if total != Decimal("100"):
        problems.append(_("The weights of the dimensions sum to %(total)s, not 100.") % {"total": total})
    for dim in dims:
        points = sum((i.points for i in dim.indicators.all()), ZERO)
        if points != dim.weight:
            problems.append(_("The indicators of “%(dimension)s” give %(points)s points, not its weight %(weight)s.")
                            % {"dimension": dim.name, "points": points, "weight": dim.weight})
    return problems


# --- computing -----------------------------------------------------------------------------------------------

@dataclass
class Sheet:
    org: OrgUnit
    city_code: str
    city_name: str
    items: list = field(default_factory=list)
    dimension_scores: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    base: Decimal = ZERO
    deductions: Decimal = ZERO
    bonus: Decimal = ZERO
    total: Decimal = ZERO
    tiebreak: Decimal = ZERO
    rank_overall: int = 0
    rank_in_kind: int = 0
    rank_in_city: int | None = None


def _score(ind, raw):
    points = ind.points
    if raw is None:
        return points, True
    raw = Decimal(str(raw))
    if ind.method == Method.RATE:
        return money(points * raw), False
    if ind.method == Method.LINEAR:
        lower, upper = ind.lower or ZERO, ind.upper or Decimal("1")
        if raw <= lower:
            return ZERO, False
        if raw >= upper:
            return points, False
        return money(points * (raw - lower) / (upper - lower)), False
    if ind.method == Method.TARGET:
        return money(points * min(Decimal("1"), raw / ind.target)) if ind.target else points, False
    if ind.method == Method.MANUAL:
        return min(money(raw), points), False
    return money(raw * points), False  # deduction / bonus: occurrences × points each


def evaluated_units():
    return list(OrgUnit.objects.filter(kind__in=EVALUATED_KINDS, is_active=True).only(
        "pk", "code", "name", "kind", "path").order_by("path"))


def compute(period, units=None):
    """Every evaluated org unit's sheet for `period`, ranked (nothing saved)."""
    dims = list(period.dimensions.all())
    indicators = list(period.indicators.all())
    units = evaluated_units() if units is None else units
    cities = city_of(units + list(OrgUnit.objects.filter(kind=OrgKind.CITY_AUTHORITY).only(
        "pk", "code", "name", "kind", "path")))
    ids = [u.pk for u in units]
    declared = figures()
    measured, evidence = {}, {}
    for code in {i.code for i in indicators if i.code}:
        figure = declared.get(code)
        if figure is None:
            continue  # a chapter not installed yet: no data
        measured[code] = figure.measure(ids, period.start, period.end)
        if hasattr(figure.measure, "evidence"):
            evidence[code] = figure.measure.evidence(ids, period.start, period.end)
    manual = {(m.indicator_id, m.owner_org_id): m.value
              for m in ManualScore.objects.filter(period=period, owner_org_id__in=ids)}

    sheets = []
    for unit in units:
        key, name = cities[unit.pk]
        sheet = Sheet(org=unit, city_code="" if key == "provincial" else key,
                      city_name="" if key == "provincial" else name)
        by_dim = {d.pk: ZERO for d in dims}
        groups = {}
        for ind in indicators:
            if ind.method == Method.MANUAL or not ind.code:
                raw = manual.get((ind.pk, unit.pk))
            else:
                raw = measured.get(ind.code, {}).get(unit.pk)
            if ind.is_adjustment:
                raw = raw or 0
                amount, _no = _score(ind, raw)
                if ind.cap is not None and not ind.cap_group:
                    amount = min(amount, ind.cap)
                group = ind.cap_group or f"item-{ind.pk}"
                cap = ind.cap if ind.cap_group else None
                total, group_cap = groups.get((ind.method, group), (ZERO, cap))
                groups[(ind.method, group)] = (total + amount, group_cap if group_cap is not None else cap)
                sheet.items.append({"indicator": ind.pk, "code": ind.code, "label": ind.label, "method": ind.method,
                                    "dimension": None, "points": float(ind.points), "raw": float(raw),
                                    "score": float(amount), "no_data": False})
                for proof in evidence.get(ind.code, {}).get(unit.pk, ()):
                    sheet.evidence.append({"indicator": ind.label, **proof})
                continue
            score, no_data = _score(ind, raw)
            by_dim[ind.dimension_id] = by_dim.get(ind.dimension_id, ZERO) + score
            sheet.items.append({"indicator": ind.pk, "code": ind.code, "label": ind.label, "method": ind.method,
                                "dimension": ind.dimension_id, "points": float(ind.points),
                                "raw": None if raw is None else float(raw), "score": float(score),
                                "no_data": no_data})
        for (method, _group), (amount, cap) in groups.items():
            capped = min(amount, cap) if cap is not None else amount
            if method == Method.DEDUCTION:
                sheet.deductions += capped
            else:
                sheet.bonus += capped
        sheet.dimension_scores = [{"dimension": d.pk, "name": d.name, "weight": float(d.weight),
                                   "score": float(by_dim[d.pk])} for d in dims]
        sheet.base = sum(by_dim.values(), ZERO)
        sheet.total = money(max(ZERO, sheet.base - sheet.deductions) + sheet.bonus)
        tiebreak = next((d for d in dims if d.tiebreak), None)
        sheet.tiebreak = by_dim[tiebreak.pk] if tiebreak else ZERO
        sheets.append(sheet)
    rank(sheets)
    return sheets


def rank(sheets):
    ordered = sorted(sheets, key=lambda s: (-s.total, -s.tiebreak, s.org.code))
    seen_kind, seen_city = {}, {}
    for position, sheet in enumerate(ordered, start=1):
        sheet.rank_overall = position
        seen_kind[sheet.org.kind] = seen_kind.get(sheet.org.kind, 0) + 1
        sheet.rank_in_kind = seen_kind[sheet.org.kind]
        if sheet.city_code:
            seen_city[sheet.city_code] = seen_city.get(sheet.city_code, 0) + 1
            sheet.rank_in_city = seen_city[sheet.city_code]
    sheets.sort(key=lambda s: s.rank_overall)
    return sheets


def freeze(period):
    """The snapshot of a finalized period: one ScoreSheet per org unit (one bulk insert)."""
    with transaction.atomic():
        ScoreSheet.objects.bulk_create([
            ScoreSheet(period=period, owner_org=s.org, total=s.total, dimension_scores=s.dimension_scores,
                       items=s.items, evidence=s.evidence, org_kind=s.org.kind, city_code=s.city_code,
                       city_name=s.city_name, rank_overall=s.rank_overall, rank_in_kind=s.rank_in_kind,
                       rank_in_city=s.rank_in_city)
            for s in compute(period)])
