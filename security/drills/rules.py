"""What supervision asks of emergency plans, in SQL: plans in force whose next drill is overdue."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .models import EmergencyPlan


def drill_overdue(now):
    return EmergencyPlan.objects.drill_overdue(timezone.localtime(now).date()).annotate(
        breach_started_at=ExpressionWrapper(Cast(F("next_drill_due"), DateTimeField()) + Value(timedelta(days=1)),
                                            output_field=DateTimeField()))
