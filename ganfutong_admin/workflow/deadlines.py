"""Lateness that stays visible (issue 15, point 4): a deadline met late keeps the fact.

A record's light (red / yellow / green, "overdue") is computed from its open deadline and the current time, so
it forgets: once the late action is taken the light turns green. What does not forget is the timeline row of the
action that met the deadline: a transition declares the deadline field it meets (`Transition(meets="due_at",
late_label=...)`), and the engine, before the action's own hooks move or clear that field, stores on the row the
deadline (`deadline_at`) and how many working days late the action was (`late_working_days`: 0 on time, N late,
NULL for actions that meet no deadline). Detail pages, timelines and the on-time measures of supervision read
these stored facts; nothing is recomputed from the light.

Working days late: the working days after the deadline's day up to and including the day of the action (the
working-day calendar); an action after the deadline on the next rest day is late by one (a late action is never
"late by 0").
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import working_days_between


@dataclass(frozen=True)
class DeadlineMet:
    due_at: datetime | None
    met_at: datetime
    late_working_days: int | None  # None: there was no deadline to meet

    @property
    def late(self):
        return bool(self.late_working_days)


def late_working_days(due_at, met_at):
    """0 when `met_at` is not after `due_at`, else the working days late (at least 1)."""
    if due_at is None:
        return None
    if met_at <= due_at:
        return 0
    due_day, met_day = timezone.localtime(due_at).date(), timezone.localtime(met_at).date()
    return max(1, working_days_between(due_day, met_day))


def met(due_at, met_at):
    return DeadlineMet(due_at, met_at, late_working_days(due_at, met_at))


def lateness_text(late_label, days):
    """“逾期签收 3 个工作日”."""
    return _("%(what)s by %(days)s working days") % {"what": late_label, "days": days}


def late_events(event_model, actions=None, record_field=None):
    """An Exists() over the record's timeline: some action (of `actions`) met its deadline late. For the on-time
    measures: `queryset.annotate(was_late=late_events(WorkOrderEvent))`."""
    record_field = record_field or event_model.record_field
    qs = event_model.objects.filter(**{record_field: OuterRef("pk")}, late_working_days__gt=0)
    if actions is not None:
        qs = qs.filter(action__in=actions)
    return Exists(qs)
