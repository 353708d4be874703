import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import ACTIVE_STATES, Alert, AlertLevel, AlertStatus, rules_by_code


def rule_choices():
    return [(code, rule.label) for code, rule in rules_by_code().items()]


class AlertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Record"))
    rule = django_filters.ChoiceFilter(choices=rule_choices, label=_("Rule"))
    level = django_filters.ChoiceFilter(choices=AlertLevel.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=AlertStatus.choices, label=_("Status"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("Not resolved"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = Alert
        fields = []

    def search(self, qs, name, value):
        value = (value or "").strip()
        return qs.filter(Q(source_label__icontains=value)) if value else qs

    def filter_active(self, qs, name, value):
        return qs.filter(status__in=ACTIVE_STATES) if value else qs.exclude(status__in=ACTIVE_STATES)
