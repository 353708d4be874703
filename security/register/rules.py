"""What supervision asks of the data-security register (第二十一条), in SQL."""

from django.db.models import Case, Count, F, FloatField, Q, When
from django.db.models.functions import Cast, Coalesce

from services import selectors as service_selectors


def listed_without_complete_register(now):
    """Listed services whose register entry is missing or incomplete (each row carries its `owner_org_id`); the
    breach runs from the listing: a listed service is to have a complete entry from its first day."""
    return (service_selectors.listed_services()
            .exclude(security_register__complete=True)
            .annotate(breach_started_at=Coalesce("listed_at", "created_at")))


def register_completeness(org_unit_ids, period_start, period_end):
    """Share of each org unit's listed services whose register entry is complete (now: the register has no
    history by period; the period is accepted for the contract)."""
    rows = (service_selectors.listed_services().filter(owner_org_id__in=org_unit_ids)
            .values("owner_org_id")
            .annotate(total=Count("pk"), complete=Count("pk", filter=Q(security_register__complete=True)))
            .annotate(rate=Case(When(total=0, then=None),
                                default=Cast(F("complete"), FloatField()) / Cast(F("total"), FloatField()),
                                output_field=FloatField())))
    return {row["owner_org_id"]: row["rate"] for row in rows}
