import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import SelfTestReport, Service, ServiceCategory, ServiceStatus, TechStandard


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code"))
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=ServiceCategory.choices, label=_("Category"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = Service
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value))


class SelfTestReportFilter(django_filters.FilterSet):
    service = django_filters.NumberFilter(field_name="service_id", label=_("Service"))
    standard = django_filters.CharFilter(field_name="standard__version", label=_("Standard version"))
    passed = django_filters.BooleanFilter(label=_("Passed"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = SelfTestReport
        fields = []


class TechStandardFilter(django_filters.FilterSet):
    in_force = django_filters.BooleanFilter(label=_("In force"))

    class Meta:
        model = TechStandard
        fields = []
