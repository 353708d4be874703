"""Filter bars (and API filters) of advance filings and fault reports."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter
from ganfutong_admin.workflow.models import Filing, FilingStatus

from .models import FAULT_OPEN_STATES, AdvanceEventType, FaultReport, FaultSeverity, FaultStatus, within_limit_q

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def day_after(day):
    return day_start(day + timedelta(days=1))


class AdvanceFilingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    event_type = django_filters.ChoiceFilter(field_name="advance_filing__event_type",
                                             choices=AdvanceEventType.choices, label=_("Event type"))
    status = django_filters.ChoiceFilter(choices=FilingStatus.choices, label=_("Status"))
    late = django_filters.BooleanFilter(field_name="advance_filing__filed_late", label=_("Filed late"))
    window_from = django_filters.DateFilter(method="filter_window_from", label=_("Window from"), widget=DATE_WIDGET)
    window_to = django_filters.DateFilter(method="filter_window_to", label=_("Window to"), widget=DATE_WIDGET)
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = Filing
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(reference__icontains=value) | Q(title__icontains=value)) if value else qs

    # A window is in the range when it overlaps it: it ends after the range starts and starts before it ends.
    def filter_window_from(self, qs, name, value):
        return qs.filter(advance_filing__window_end__gte=day_start(value))

    def filter_window_to(self, qs, name, value):
        return qs.filter(advance_filing__window_start__lt=day_after(value))


class MaintenanceWindowFilter(django_filters.FilterSet):
    event_type = django_filters.ChoiceFilter(field_name="advance_filing__event_type",
                                             choices=AdvanceEventType.choices, label=_("Event type"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    days = django_filters.ChoiceFilter(method="filter_days", label=_("Period"), choices=[
        ("7", _("Next 7 days")), ("30", _("Next 30 days")), ("90", _("Next 90 days")), ("365", _("Next 365 days")),
    ])

    class Meta:
        model = Filing
        fields = []

    def filter_days(self, qs, name, value):
        return qs.filter(advance_filing__window_start__lt=timezone.now() + timedelta(days=int(value)))


class FaultReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    severity = django_filters.ChoiceFilter(choices=FaultSeverity.choices, label=_("Severity"))
    status = django_filters.ChoiceFilter(choices=FaultStatus.choices, label=_("Status"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Still being handled"))
    late = django_filters.BooleanFilter(method="filter_late", label=_("Reported late"))
    occurred_from = django_filters.DateFilter(method="filter_from", label=_("Occurred from"), widget=DATE_WIDGET)
    occurred_to = django_filters.DateFilter(method="filter_to", label=_("Occurred to"), widget=DATE_WIDGET)
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = FaultReport
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(impact__icontains=value)) if value else qs

    def filter_open(self, qs, name, value):
        return qs.filter(status__in=FAULT_OPEN_STATES) if value else qs.exclude(status__in=FAULT_OPEN_STATES)

    def filter_late(self, qs, name, value):
        return qs.exclude(within_limit_q()) if value else qs.filter(within_limit_q())

    def filter_from(self, qs, name, value):
        return qs.filter(occurred_at__gte=day_start(value))

    def filter_to(self, qs, name, value):
        return qs.filter(occurred_at__lt=day_after(value))
