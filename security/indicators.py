"""The security chapter's evaluation indicators (chapters.EvaluationIndicator): measure(org_ids, start, end) ->
{org unit id: rate}, each one grouped query. The two older ones live with their areas (incidents, register)."""

from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ganfutong_admin.core.measures import rate_per_org
from ganfutong_admin.orgs.models import OrgUnit

from .drills.models import Drill, EmergencyPlan, add_months
from .parameters import DRILL_INTERVAL_MONTHS, PARAMETERS
from .risks.models import Risk, RiskStatus
from .suppliers.models import CheckResult, SupplierPerson
from .training.coverage import TRAINED_KINDS, minimum
from .training.models import TrainingAttendance, TrainingSession


def _reference_day(end):
    """The day a period is judged on: its last day, or today while it runs."""
    return min(end, timezone.localdate())


def staff_trained(org_ids, start, end):
    """Attendances of each unit's staff at sessions held in the period against the staff expected to be trained
    (the policy minimum of SECURITY_TRAINING_MIN_ATTENDEES_PER_YEAR in force at the end of the period), capped at 1.
    A unit is measured once a session of the period trained it or its staff attended one (a unit a session named
    whose staff did not come scores 0); others are left out, "no data" like every indicator."""
    expected = minimum(end.year)
    attended = (TrainingAttendance.objects.filter(org_unit=OuterRef("pk"), session__held_on__gte=start,
                                                  session__held_on__lte=end)
                .values("org_unit").annotate(n=Count("pk")).values("n"))
    named = TrainingSession.org_units.through.objects.filter(
        orgunit_id=OuterRef("pk"), trainingsession__held_on__gte=start, trainingsession__held_on__lte=end)
    rows = (OrgUnit.objects.filter(pk__in=org_ids, kind__in=TRAINED_KINDS)
            .annotate(attended=Coalesce(Subquery(attended), 0))
            .filter(Q(attended__gt=0) | Q(Exists(named))).values_list("pk", "attended"))
    return {pk: min(n, expected) / expected for pk, n in rows}


def risk_treatments_on_time(org_ids, start, end):
    """Risks whose treatment fell due in the period, closed (by the risk's history) no later than the due day."""
    closed_in_time = Risk.history.model.objects.filter(id=OuterRef("pk"), status=RiskStatus.CLOSED,
                                                       history_date__date__lte=OuterRef("due_on"))
    due = Risk.objects.filter(owner_org_id__in=org_ids, due_on__gte=start, due_on__lte=end)
    return rate_per_org(due, Q(status=RiskStatus.CLOSED) & Q(Exists(closed_in_time)))


def drills_on_schedule(org_ids, start, end):
    """Emergency plans in force that were due for a drill by the period's end, drilled within their interval
    before it: a drill held on or before the reference day and no earlier than the day one interval before. A plan
    never drilled whose first drill is not due yet is left out."""
    day = _reference_day(end)
    # The interval is stored on each plan (1–24 months, the parameter's bounds): the window's first day per value.
    spec = next(p for p in PARAMETERS if p.name == DRILL_INTERVAL_MONTHS)
    window_start = Case(*(When(drill_interval_months=months, then=Value(add_months(day, -months)))
                          for months in range(spec.min, spec.max + 1)), output_field=DateField())
    held = Drill.objects.filter(plan=OuterRef("pk"), held_on__lte=day)
    plans = (EmergencyPlan.objects.filter(owner_org_id__in=org_ids, is_active=True, created_at__date__lte=day)
             .exclude(~Exists(held) & Q(next_drill_due__gte=day))
             .annotate(window_start=window_start))
    return rate_per_org(plans, Q(Exists(held.filter(held_on__gte=OuterRef("window_start")))))


def supplier_staff_checks(org_ids, start, end):
    """Supplier personnel with access to core business data, with a passed background check that is still valid,
    at a supplier whose confidentiality agreement is signed and still valid, on the reference day."""
    day = _reference_day(end)
    people = SupplierPerson.objects.filter(supplier__owner_org_id__in=org_ids, core_data_access=True,
                                           created_at__date__lte=day)
    valid = Q(check_result=CheckResult.PASSED, check_done_on__lte=day, check_expires_on__gte=day,
              supplier__nda_signed_on__lte=day, supplier__nda_expires_on__gte=day)
    return rate_per_org(people, valid, org_field="supplier__owner_org_id")

