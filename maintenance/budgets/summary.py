"""第十九条 summary by city for one year: each city with its counties, as SQL aggregates.

One query: the cities of the user's jurisdiction, each annotated with correlated subqueries over the plans the
user may see (visible_to) whose owner is the city or one of its counties (materialized-path prefix).
"""

from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import TOTAL, ZERO, BudgetItem, BudgetPlan, BudgetStatus, percentage, signed, signed_percent

SUMMARY_KINDS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY)


class SubqueryAggregate(Func):
    """SUM(x) / COUNT(x) over a correlated subquery without a GROUP BY (one value per outer row)."""

    template = "%(function)s(%(expressions)s)"


def _scalar(queryset, function, field, output_field):
    # No ORDER BY (PostgreSQL refuses to order an aggregate by other columns) and no GROUP BY: one row.
    return Subquery(queryset.order_by().annotate(value=SubqueryAggregate(F(field), function=function,
                                                                         output_field=output_field)).values("value"),
                    output_field=output_field)


def city_summary(user, year):
    plans = BudgetPlan.objects.visible_to(user).filter(year=year)
    units = org_units_for(user, BudgetPlan, "view").filter(kind__in=SUMMARY_KINDS)
    in_city_plans = plans.filter(owner_org__path__startswith=OuterRef("path"))
    in_city_items = BudgetItem.objects.filter(plan__in=plans.values("pk"),
                                              plan__owner_org__path__startswith=OuterRef("path"))
    in_city_units = units.filter(path__startswith=OuterRef("path"))
    count = models.IntegerField()
    return (
        OrgUnit.objects.filter(kind=OrgKind.CITY_AUTHORITY, is_active=True)
        .filter(Exists(units.filter(path__startswith=OuterRef("path"))))
        .annotate(
            planned=Coalesce(_scalar(in_city_items, "SUM", "planned_amount", TOTAL), ZERO, output_field=TOTAL),
            actual=_scalar(in_city_items, "SUM", "actual_amount", TOTAL),
            plan_count=Coalesce(_scalar(in_city_plans, "COUNT", "pk", count), 0),
            signed_off_count=Coalesce(_scalar(in_city_plans.filter(status=BudgetStatus.SIGNED_OFF), "COUNT", "pk",
                                              count), 0),
            unit_count=Coalesce(_scalar(in_city_units, "COUNT", "pk", count), 0),
            units_without_plan=Coalesce(_scalar(in_city_units.exclude(pk__in=plans.values("owner_org_id")),
                                                "COUNT", "pk", count), 0),
        )
        .annotate(variance=ExpressionWrapper(F("actual") - F("planned"), output_field=TOTAL))
        .order_by("path")
    )


def totals(user, year):
    """The province-wide line over the same plans and units (SQL aggregates; Django cannot aggregate over the
    summary's correlated subqueries without dropping them)."""
    units = org_units_for(user, BudgetPlan, "view").filter(kind__in=SUMMARY_KINDS)
    plans = BudgetPlan.objects.visible_to(user).filter(year=year, owner_org__in=units.values("pk"))
    figures = BudgetItem.objects.filter(plan__in=plans.values("pk")).aggregate(
        planned=Coalesce(Sum("planned_amount"), ZERO, output_field=TOTAL), actual=Sum("actual_amount"))
    figures.update(plans.aggregate(plan_count=Count("pk"),
                                   signed_off_count=Count("pk", filter=Q(status=BudgetStatus.SIGNED_OFF))))
    figures.update(units.aggregate(unit_count=Count("pk"), units_without_plan=Count(
        "pk", filter=~Q(pk__in=plans.values("owner_org_id")))))
    figures["variance"] = None if figures["actual"] is None else figures["actual"] - figures["planned"]
    figures["variance_percentage"] = percentage(figures["variance"], figures["planned"])
    figures["variance_display"] = signed(figures["variance"])
    figures["percentage_display"] = signed_percent(figures["variance_percentage"])
    return figures
