"""What supervision asks of the risk register, in SQL: open risks whose treatment is past its due date."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .models import Risk


def treatment_overdue(now):
    """Open risks due before `now`'s day; the breach began when the due day ended (the next day's start)."""
    today = timezone.localtime(now).date()
    return (Risk.objects.overdue(today).annotate(breach_started_at=ExpressionWrapper(
        Cast(F("due_on"), DateTimeField()) + Value(timedelta(days=1)), output_field=DateTimeField())))
