"""What supervision asks of connected systems, in SQL: MLPS assessments past their due day."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .models import ConnectedSystem


def assessment_overdue(now):
    return ConnectedSystem.objects.assessment_overdue(timezone.localtime(now).date()).annotate(
        breach_started_at=ExpressionWrapper(Cast(F("assessment_due_on"), DateTimeField()) + Value(timedelta(days=1)),
                                            output_field=DateTimeField()))
