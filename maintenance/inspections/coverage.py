"""第十七条 coverage: which org units have not recorded a completed daily inspection in the last N working days.

One query over the org units in the user's scope, each annotated with the date of its last completed daily
inspection (a correlated subquery over visible_to() inspections) and whether that is before the window.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgKind
from ganfutong_admin.workflow.calendar import WorkingCalendar
from services import selectors

from .models import Inspection, InspectionKind, InspectionStatus

DEFAULT_DAYS = 3
MAX_DAYS = 60
# Units that run daily inspections of their own services (第十七条 各地、各部门).
COVERED_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT)


def parse_days(value):
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return min(max(days, 1), MAX_DAYS)


def window_start(today, n):
    """The first of the last `n` working days up to and including `today` (today counts if it is one)."""
    # n working days never span more than about 2n + 30 calendar days (the longest holiday is ~8 days).
    calendar = WorkingCalendar((today - timedelta(days=n * 2 + 30)).year, today.year)
    day, counted = today, 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted == n:
                return day
        day -= timedelta(days=1)


def coverage_queryset(user, since, *, with_listed_services=False):
    """Org units in scope with `last_daily` (date or None) and `is_gap` (no completed daily inspection since
    `since`). `with_listed_services`: only units that own a listed service (what a daily inspection checks; the
    home card counts those, issue 15 point 11)."""
    last_daily = (Inspection.objects.visible_to(user)
                  .filter(owner_org=OuterRef("pk"), kind=InspectionKind.DAILY, status=InspectionStatus.COMPLETED)
                  .order_by("-inspected_on").values("inspected_on")[:1])
    units = org_units_for(user, Inspection, "view").filter(kind__in=COVERED_KINDS)
    if with_listed_services:
        units = units.filter(Exists(selectors.listed_services().filter(owner_org=OuterRef("pk"))))
    return (units.select_related("parent")
            .annotate(last_daily=Subquery(last_daily, output_field=models.DateField()))
            .annotate(is_gap=Case(
                When(Q(last_daily__isnull=True) | Q(last_daily__lt=since), then=Value(True)),
                default=Value(False), output_field=models.BooleanField())))


def gap_counts(queryset):
    """Units in the (filtered) queryset, and how many of them have a gap: one aggregate query."""
    return queryset.aggregate(total=models.Count("pk"), gaps=models.Count("pk", filter=Q(is_gap=True)))
