import django_filters
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import IncidentSeverity, IncidentStatus, SecurityIncident, within_limit_q


class IncidentFilter(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=IncidentSeverity.choices, label=_("Severity"))
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, label=_("Status"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    late = django_filters.BooleanFilter(method="filter_late", label=_("Reported late"))

    class Meta:
        model = SecurityIncident
        fields = []

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(within_limit_q()) if value else queryset.filter(within_limit_q())
