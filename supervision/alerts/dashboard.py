"""The alerts by city (第二十四条): unresolved alerts per level and alerts resolved in the last 30 days, for the
cities of the province (each with its counties) and the provincial level (authority, departments, operator).
Two queries whatever the number of alerts or org units: the org units, and one aggregate over the alerts."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import ACTIVE_STATES, Alert, AlertLevel, AlertStatus

PROVINCIAL = "provincial"


def city_of(units):
    """{org unit id: (group key, group name)}: its city, or the provincial level."""
    by_code = {u.code: u for u in units}
    groups = {}
    for unit in units:
        city = next((by_code[c] for c in unit.path.strip("/").split("/")
                     if c in by_code and by_code[c].kind == OrgKind.CITY_AUTHORITY), None)
        groups[unit.pk] = (city.code, city.name) if city else (PROVINCIAL, _("Provincial level"))
    return groups


def by_city(user, now=None):
    now = now or timezone.now()
    units = list(OrgUnit.objects.only("pk", "code", "name", "kind", "path"))
    groups = city_of(units)
    active = Q(status__in=ACTIVE_STATES)
    rows = (Alert.objects.visible_to(user, "view").values("owner_org_id")
            .annotate(reminder=Count("pk", filter=active & Q(level=AlertLevel.REMINDER)),
                      yellow=Count("pk", filter=active & Q(level=AlertLevel.YELLOW)),
                      red=Count("pk", filter=active & Q(level=AlertLevel.RED)),
                      resolved=Count("pk", filter=Q(status=AlertStatus.RESOLVED,
                                                    resolved_at__gte=now - timedelta(days=30))))
            .order_by())
    table = {}
    for row in rows:
        key, name = groups.get(row["owner_org_id"], (PROVINCIAL, _("Provincial level")))
        entry = table.setdefault(key, {"key": key, "name": name, "reminder": 0, "yellow": 0, "red": 0,
                                       "resolved": 0})
        for field in ("reminder", "yellow", "red", "resolved"):
            entry[field] += row[field]
    result = sorted(table.values(), key=lambda e: (e["key"] == PROVINCIAL, e["key"]))
    for entry in result:
        entry["active"] = entry["reminder"] + entry["yellow"] + entry["red"]
    totals = {field: sum(e[field] for e in result) for field in ("reminder", "yellow", "red", "resolved", "active")}
    return result, totals
