"""What other areas may ask of promotion (第十三条) without reaching into its internals: the activity figures of
org units over a period, in one aggregate query. The supervision indicator and the summary page use it, and so
may the operations reports."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from .models import PromotionActivity

FIGURES = ("activities", "views", "participants", "registrations")


def _day(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def activity_figures(org_ids, start, end, by_month=False):
    """{org_unit_id: {"activities", "views", "participants", "registrations"}} of the activities held from `start`
    to `end` (dates or datetimes, both days included) by the org units `org_ids` (ids or a queryset of ids). Org
    units without an activity are absent. With `by_month`, the keys are (org_unit_id, month). One query."""
    rows = PromotionActivity.objects.filter(owner_org_id__in=org_ids, held_on__gte=_day(start),
                                            held_on__lte=_day(end))
    group = ["owner_org_id"]
    if by_month:
        rows = rows.annotate(month=ExtractMonth("held_on"))
        group.append("month")
    rows = (rows.values(*group).order_by()
            .annotate(activities=Count("pk"), views_sum=Coalesce(Sum("views"), 0),
                      participants_sum=Coalesce(Sum("participants"), 0),
                      registrations_sum=Coalesce(Sum("registrations"), 0)))
    result = {}
    for row in rows:
        key = (row["owner_org_id"], row["month"]) if by_month else row["owner_org_id"]
        result[key] = {"activities": row["activities"], "views": row["views_sum"],
                       "participants": row["participants_sum"], "registrations": row["registrations_sum"]}
    return result
