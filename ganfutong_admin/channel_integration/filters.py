import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import UNFINISHED, AppType, LegacyApp, MigrationStatus


class LegacyAppFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    app_type = django_filters.ChoiceFilter(choices=AppType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=MigrationStatus.choices, label=_("Status"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = LegacyApp
        fields = []

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(vendor__icontains=value))

    def filter_overdue(self, qs, name, value):
        overdue = Q(status__in=UNFINISHED, target_date__lt=timezone.localdate())
        return qs.filter(overdue) if value else qs.exclude(overdue)
