"""Promotion activities as supervision measures them (第十三条、第二十五条), declared through
OperationsConfig.evaluation_indicators().

The evaluation's indicator is of the "target" method: points × min(1, measured / target), the target set on the
period's indicator (4 by default, supervision/evaluation/defaults.py). An org unit that planned its own number of
activities for the year (PromotionPlan.activity_target) is measured against its plan instead: the plan's yearly
number, prorated to the days of the period inside that year, is its target for the period, and the figure is its
activities scaled to the default target (DEFAULT_TARGET × done / own target), so that the share the scoring takes
is done / own target. Without a plan the figure is the number of activities. Every org unit asked about gets a
figure (none held: 0). Two queries: the activity counts (selectors.activity_figures) and the plans."""

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator

from .models import PromotionPlan
from .selectors import _day, activity_figures

INDICATOR = "operations.promotion_activities"
ARTICLE = "第十三条"
DEFAULT_TARGET = 4  # the default target of the indicator (supervision/evaluation/defaults.py)


def period_target(annual, start, end):
    """The part of a yearly number of activities that falls in the period (days of the period in the plan's year
    over the days of that year), rounded up, at least 1."""
    year = start.year
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    days = (min(end, year_end) - max(start, year_start)).days + 1
    return max(1, math.ceil(annual * max(days, 0) / ((year_end - year_start).days + 1)))


def targets(org_unit_ids, period_start, period_end):
    """{org_unit_id: the unit's own target for the period} for the units with a plan for the period's year."""
    start, end = _day(period_start), _day(period_end)
    plans = PromotionPlan.objects.filter(owner_org_id__in=list(org_unit_ids), year=start.year).values_list(
        "owner_org_id", "activity_target")
    return {org_id: period_target(annual, start, end) for org_id, annual in plans}


def promotion_activities(org_unit_ids, period_start, period_end):
    ids = list(org_unit_ids)
    done = activity_figures(ids, period_start, period_end)
    own = targets(ids, period_start, period_end)
    result = {}
    for org_id in ids:
        count = done.get(org_id, {}).get("activities", 0)
        if org_id in own:
            value = Decimal(count * DEFAULT_TARGET) / Decimal(own[org_id])
            result[org_id] = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        else:
            result[org_id] = count
    return result


promotion_activities.targets = targets


def indicators():
    return (EvaluationIndicator(INDICATOR, _("Promotion activities against the target of the period"), ARTICLE,
                                promotion_activities, kind="count"),)
