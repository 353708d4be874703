import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import DataSecurityRegister


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Service name or code"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    complete = django_filters.BooleanFilter(label=pgettext_lazy("register", "Complete"))

    class Meta:
        model = DataSecurityRegister
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(service__name__icontains=value) | Q(service__code__icontains=value))
