import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Partner, PartnerStatus


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=PartnerStatus.choices, label=_("Status"))

    class Meta:
        model = Partner
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(services_offered__icontains=value)) if value else qs
