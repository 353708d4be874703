import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter
from services.models import Service

from .figures import DOWN, UNKNOWN, UP
from .models import ACTIVE_STATES, AnomalyStatus, AvailabilityAnomaly, UptimeDay

STATE_CHOICES = [(UP, _("Up")), (DOWN, _("Down")), (UNKNOWN, _("Unknown"))]


class ServiceOrgSubtreeFilter(OrgSubtreeFilter):
    """The owner org of the record's service, and everything below it."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(service__owner_org__in=OrgUnit.objects.subtree_of(value).values("pk"))


def search_service(qs, prefix, value):
    value = (value or "").strip()
    if not value:
        return qs
    return qs.filter(Q(**{f"{prefix}name__icontains": value}) | Q(**{f"{prefix}code__icontains": value}))


class MonitoredServiceFilter(django_filters.FilterSet):
    """The dashboard and the status API: services annotated by figures.monitored_in_scope()."""

    q = django_filters.CharFilter(method="search", label=_("Service name or code"))
    state = django_filters.ChoiceFilter(choices=STATE_CHOICES, label=_("Current state"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    anomaly = django_filters.BooleanFilter(method="filter_anomaly", label=_("Unresolved anomaly"))
    below = django_filters.NumberFilter(method="filter_below", label=_("30-day uptime below (%)"), min_value=0,
                                        max_value=100)

    class Meta:
        model = Service
        fields = []

    def search(self, qs, name, value):
        return search_service(qs, "", value)

    def filter_anomaly(self, qs, name, value):
        return qs.filter(open_anomalies__gt=0) if value else qs.filter(open_anomalies=0)

    def filter_below(self, qs, name, value):
        return qs.filter(uptime_30d__lt=float(value))


class AnomalyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Service name or code"))
    status = django_filters.ChoiceFilter(choices=AnomalyStatus.choices, label=_("Status"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("Not resolved"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service (id)"),
                                          widget=forms.HiddenInput)
    started_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte",
                                             label=_("Started from"),
                                             widget=forms.DateInput(attrs={"type": "date"}))
    started_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label=_("Started until"),
                                           widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AvailabilityAnomaly
        fields = []

    def search(self, qs, name, value):
        return search_service(qs, "service__", value)

    def filter_active(self, qs, name, value):
        return qs.filter(status__in=ACTIVE_STATES) if value else qs.exclude(status__in=ACTIVE_STATES)


class UptimeDayFilter(django_filters.FilterSet):
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service (id)"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"))
    org = ServiceOrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = UptimeDay
        fields = []
