import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import Duty, ResponsiblePerson, Validity, current_on


class ResponsiblePersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    duty = django_filters.ChoiceFilter(choices=Duty.choices, label=_("Duty"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    validity = django_filters.ChoiceFilter(choices=Validity.choices, method="filter_validity",
                                           label=pgettext_lazy("validity", "Validity"))

    class Meta:
        model = ResponsiblePerson
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(post__icontains=value)) if value else qs

    def filter_validity(self, qs, name, value):
        today = timezone.localdate()
        if value == Validity.CURRENT:
            return qs.filter(current_on(today))
        if value == Validity.FUTURE:
            return qs.filter(valid_from__gt=today)
        if value == Validity.EXPIRED:
            return qs.filter(valid_to__lt=today)
        return qs


class CoverageFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=[], label=_("Kind"))
    parent = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.filter(kind="city_authority"),
                                              method="within", label=_("City (with its counties)"))

    class Meta:
        model = OrgUnit
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .coverage import COVERED_KINDS

        self.filters["kind"].extra["choices"] = [(k.value, k.label) for k in COVERED_KINDS]

    def within(self, qs, name, value):
        return qs.filter(path__startswith=value.path) if value else qs
