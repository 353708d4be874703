import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import OPEN_RISK_STATES, AssessmentKind, Risk, RiskStatus, SecurityAssessment


class RiskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, label=_("Status"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Treatment overdue"))

    class Meta:
        model = Risk
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"status__in": OPEN_RISK_STATES, "due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class AssessmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AssessmentKind.choices, label=_("Kind"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = SecurityAssessment
        fields = []
