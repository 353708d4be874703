import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import OperationsReport, ReportKind, ReportStatus


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))

    class Meta:
        model = OperationsReport
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(number__icontains=value)) if value else qs
