"""第十二条: which org units have not filed an operations plan for a year by the deadline (a policy parameter: working
days from 1 January, the version in force on that day). One query over the org units of the caller's scope."""

from datetime import date

from django.db import models
from django.db.models import Exists, F, OuterRef, Value
from django.utils import timezone

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow.calendar import add_working_days
from ganfutong_admin.workflow.models import Filing, FilingStatus

from ..parameters import OPERATIONS_PLAN_DUE_WORKING_DAYS
from ..responsible.coverage import COVERED_KINDS, covered_units
from .models import OperationsPlan

# A plan counts once it is filed (submitted) or acknowledged.
FILED_STATES = (FilingStatus.SUBMITTED, FilingStatus.ACKNOWLEDGED)


def due_at(year):
    """The moment the plans of `year` are due: the end of the Nth working day after 1 January (N in force then)."""
    start = date(year, 1, 1)
    return add_working_days(start, policy_value(OPERATIONS_PLAN_DUE_WORKING_DAYS, start)).end_of_day


def filed_plan_exists(year):
    return Exists(OperationsPlan.objects.filter(year=year, filing__owner_org=OuterRef("pk"),
                                                filing__kind="operations_plan", filing__status__in=FILED_STATES))


def units_with_plan_status(user, year):
    """The org units of the user's scope that must file, with `has_plan` (filed or acknowledged for `year`)."""
    return (org_units_for(user, Filing, "view").filter(kind__in=COVERED_KINDS).select_related("parent")
            .annotate(has_plan=filed_plan_exists(year)))


def missing_plans(now):
    """Supervision: the units without a filed plan for the current year once its deadline has passed."""
    year = timezone.localdate(now).year
    deadline = due_at(year)
    units = covered_units() if now > deadline else covered_units().none()
    return (units.filter(~filed_plan_exists(year))
            .annotate(owner_org_id=F("pk"),
                      breach_started_at=Value(deadline, output_field=models.DateTimeField())))
