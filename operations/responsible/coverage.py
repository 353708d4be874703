"""Coverage of the responsible-person register (第十二条): which org units lack a current person for which duty.

One query over the org units of the user's jurisdiction, each annotated with one EXISTS per duty (a person valid
today) and the number of duties without one. The same expressions serve the supervision rules and the
evaluation indicator of the chapter (supervision.py), so that the page and supervision never disagree.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import Duty, ResponsiblePerson, current_on

# Units that must name persons: the authorities of each place, the provincial departments and the operator.
COVERED_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT, OrgKind.OPERATOR)
# When the register was opened: the start of a breach of a unit that never named a person for a duty.
REGISTER_OPENED = datetime(2026, 1, 1)


def has_field(duty):
    return f"has_{duty}"


def current_person_exists(duty, day):
    return Exists(ResponsiblePerson.objects.filter(owner_org=OuterRef("pk"), duty=duty).filter(current_on(day)))


def with_coverage(units, day):
    """`has_<duty>` per duty, `missing` (duties without a current person) and `is_gap`."""
    units = units.annotate(**{has_field(d): current_person_exists(d, day) for d in Duty.values})
    missing = sum((Case(When(**{has_field(d): False}, then=Value(1)), default=Value(0), output_field=IntegerField())
                   for d in Duty.values), Value(0))
    return units.annotate(missing=missing).annotate(
        is_gap=Case(When(missing__gt=0, then=Value(True)), default=Value(False), output_field=models.BooleanField()))


def covered_units():
    return OrgUnit.objects.filter(is_active=True, kind__in=COVERED_KINDS)


def coverage_queryset(user, day):
    units = org_units_for(user, ResponsiblePerson, "view").filter(kind__in=COVERED_KINDS).select_related("parent")
    return with_coverage(units, day)


def gap_counts(queryset):
    """Units in the (filtered) queryset, units with a gap, and per duty the units lacking one: one aggregate."""
    return queryset.aggregate(total=models.Count("pk"), gaps=models.Count("pk", filter=Q(is_gap=True)),
                              **{d: models.Count("pk", filter=Q(**{has_field(d): False})) for d in Duty.values})


def missing_duty(duty, now):
    """The org units without a current person for `duty` as of `now`, for electronic supervision: annotated with
    `owner_org_id` and `breach_started_at` (the midnight after the last day of the latest designation of that
    duty, else the moment the register was opened)."""
    day = timezone.localdate(now)
    ended = (ResponsiblePerson.objects.filter(owner_org=OuterRef("pk"), duty=duty, valid_to__lt=day)
             .order_by("-valid_to").annotate(next_day=ExpressionWrapper(F("valid_to") + timedelta(days=1),
                                                                         output_field=models.DateField()))
             .values("next_day")[:1])
    opened = timezone.make_aware(REGISTER_OPENED)
    return (covered_units().filter(~current_person_exists(duty, day))
            .annotate(owner_org_id=F("pk"))
            .annotate(breach_started_at=Coalesce(Cast(Subquery(ended), models.DateTimeField()), Value(opened),
                                                 output_field=models.DateTimeField())))
