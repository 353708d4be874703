import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import ActivityMode, Channel, PromotionActivity, PromotionPlan


class PromotionActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=pgettext_lazy("promotion", "Channel"))
    mode = django_filters.ChoiceFilter(choices=ActivityMode.choices, label=_("Online or offline"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("From"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("To"),
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = PromotionActivity
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value)) if value else qs


class PromotionPlanFilter(django_filters.FilterSet):
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))

    class Meta:
        model = PromotionPlan
        fields = []
