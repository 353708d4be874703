import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import Inspection, InspectionKind, InspectionStatus, InspectionTemplate

DATE = forms.DateInput(attrs={"type": "date"})


class InspectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Status"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    inspected_from = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", widget=DATE,
                                               label=_("Inspected from"))
    inspected_to = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", widget=DATE,
                                             label=_("Inspected to"))
    open_problems = django_filters.BooleanFilter(method="filter_open_problems", label=_("Has open problems"))

    class Meta:
        model = Inspection
        fields = []

    def filter_open_problems(self, qs, name, value):
        return qs.with_open_problems(value)


class InspectionTemplateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = InspectionTemplate
        fields = []


class CoverageFilter(django_filters.FilterSet):
    """The coverage page's filter bar. `days` and `show` are read by the view (they shape the annotation)."""

    days = django_filters.NumberFilter(method="keep", label=_("Working days"),
                                       widget=forms.NumberInput(attrs={"min": 1, "max": 60}))
    show = django_filters.ChoiceFilter(method="keep", empty_label=None, label=_("Show"), choices=[
        ("gaps", _("Only units without a recent daily inspection")), ("all", _("All units")),
    ])
    kind = django_filters.ChoiceFilter(label=_("Kind of org unit"), choices=[
        ("city_authority", _("City authority")), ("county_authority", _("County authority")),
        ("provincial_department", _("Provincial department")),
    ])
    org = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), method="subtree",
                                           label=_("Org unit (with subordinates)"))

    class Meta:
        model = OrgUnit
        fields = []

    def keep(self, qs, name, value):
        return qs

    def subtree(self, qs, name, value):
        return qs.filter(path__startswith=value.path) if value else qs
