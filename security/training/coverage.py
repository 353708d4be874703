"""Training coverage per org unit and year, in SQL: attendances of each unit's staff at the sessions of that year."""

from datetime import date, datetime, time

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.policy.parameters import value as policy_value

from ..parameters import TRAINING_MIN_ATTENDEES
from .models import TrainingAttendance, TrainingSession

TRAINED_KINDS = ("city_authority", "county_authority", "provincial_department")


def minimum(year):
    """The minimum in force at the end of the year (today for the current year)."""
    today = timezone.localdate()
    day = min(date(year, 12, 31), today)
    return policy_value(TRAINING_MIN_ATTENDEES, timezone.make_aware(datetime.combine(day, time(12))))


def coverage(user, year):
    """Active org units in the user's reach with `attended` (attendances in the year) and `below` (under the
    minimum); one query."""
    attended = (TrainingAttendance.objects.filter(org_unit=OuterRef("pk"), session__held_on__year=year)
                .values("org_unit").annotate(n=Count("pk")).values("n"))
    units = org_units_for(user, TrainingSession, "view").filter(Q(kind__in=(
        "city_authority", "county_authority", "provincial_department")))
    return (OrgUnit.objects.filter(pk__in=units.values("pk"))
            .annotate(attended=Coalesce(Subquery(attended), 0)).order_by("path"))


def below_minimum(user, year):
    return coverage(user, year).filter(attended__lt=minimum(year))


def below_minimum_last_year(now):
    """Supervision: org units whose staff attended fewer than the minimum in the last full year; the breach began
    when that year ended."""
    from django.db.models import DateTimeField, F, Value

    year = timezone.localtime(now).year - 1
    attended = (TrainingAttendance.objects.filter(org_unit=OuterRef("pk"), session__held_on__year=year)
                .values("org_unit").annotate(n=Count("pk")).values("n"))
    started = timezone.make_aware(datetime(year + 1, 1, 1))
    return (OrgUnit.objects.filter(is_active=True, kind__in=("city_authority", "county_authority",
                                                             "provincial_department"))
            .annotate(attended=Coalesce(Subquery(attended), 0)).filter(attended__lt=minimum(year))
            .annotate(owner_org_id=F("pk"), breach_started_at=Value(started, output_field=DateTimeField())))
