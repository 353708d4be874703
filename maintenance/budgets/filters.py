import django_filters
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import BudgetPlan, BudgetStatus


class BudgetPlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    status = django_filters.ChoiceFilter(choices=BudgetStatus.choices, label=_("Status"))

    class Meta:
        model = BudgetPlan
        fields = []
