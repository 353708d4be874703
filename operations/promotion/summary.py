"""第十三条 summary for one year: the activities and their reach per city (each city with its counties; the
provincial authority, the provincial departments and the operator together as the provincial level, as the
supervision dashboard groups them) and per month, over the org units of the user's jurisdiction.

Two queries whatever the number of activities: the org units (for the grouping) and one aggregate per org unit and
month (selectors.activity_figures)."""

from datetime import date

from django.utils.translation import gettext as _

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import PromotionActivity
from .selectors import FIGURES, activity_figures

PROVINCIAL = "provincial"


def city_groups(units):
    """{org unit id: (group key, group name)}: its city, or the provincial level."""
    by_code = {u.code: u for u in units}
    groups = {}
    for unit in units:
        city = next((by_code[c] for c in unit.path.strip("/").split("/")
                     if c in by_code and by_code[c].kind == OrgKind.CITY_AUTHORITY), None)
        groups[unit.pk] = (city.code, city.name) if city else (PROVINCIAL, _("Provincial level"))
    return groups


def _zero():
    return dict.fromkeys(FIGURES, 0)


def _add(total, figures):
    for name in FIGURES:
        total[name] += figures[name]


def year_summary(user, year):
    """{"cities": [{key, name, activities, views, participants, registrations}], "months": [{month, ...}],
    "totals": {...}} of the activities held in `year` by the org units in the user's jurisdiction."""
    reach = org_units_for(user, PromotionActivity, "view")
    figures = activity_figures(reach.values("pk"), date(year, 1, 1), date(year, 12, 31), by_month=True)
    units = list(OrgUnit.objects.only("pk", "code", "name", "kind", "path"))
    groups = city_groups(units)
    cities, months, totals = {}, {m: {"month": m, **_zero()} for m in range(1, 13)}, _zero()
    for (org_id, month), row in figures.items():
        key, name = groups.get(org_id, (PROVINCIAL, _("Provincial level")))
        _add(cities.setdefault(key, {"key": key, "name": name, **_zero()}), row)
        _add(months[month], row)
        _add(totals, row)
    ordered = sorted(cities.values(), key=lambda e: (e["key"] == PROVINCIAL, e["key"]))
    return {"cities": ordered, "months": [months[m] for m in range(1, 13)], "totals": totals}
