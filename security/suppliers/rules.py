"""What supervision asks of suppliers, in SQL: confidentiality agreements and background checks that expired."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .models import Supplier, SupplierPerson


def _day_after(field):
    return ExpressionWrapper(Cast(F(field), DateTimeField()) + Value(timedelta(days=1)), output_field=DateTimeField())


def nda_expired(now):
    return Supplier.objects.nda_expired(timezone.localtime(now).date()).annotate(
        breach_started_at=_day_after("nda_expires_on"))


def background_check_expired(now):
    """People with access to core business data whose check expired (the supplier's org unit is responsible)."""
    return (SupplierPerson.objects.filter(core_data_access=True).check_expired(timezone.localtime(now).date())
            .annotate(owner_org_id=F("supplier__owner_org_id"), breach_started_at=_day_after("check_expires_on")))
