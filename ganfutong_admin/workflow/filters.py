import django_filters
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.orgs.scoping import org_units_in_reach

from . import kinds
from .models import (
    FILING_ACTIVE_STATES,
    RECTIFICATION_OPEN_STATES,
    Filing,
    FilingStatus,
    Rectification,
    RectificationStatus,
)


@extend_schema_field(OpenApiTypes.INT)
class OrgSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter by an org unit (its id) and everything below it. It offers only the units whose records the
    user reaches in the list's model: a 九江市 user chooses among 九江市 and its counties, not the province's
    ~130 units; a unit outside that is not a valid choice."""

    def get_queryset(self, request):
        units = super().get_queryset(request)
        if units is None:
            units = OrgUnit.objects.all()
        model = getattr(getattr(self.parent, "_meta", None), "model", None)
        reach = org_units_in_reach(getattr(request, "user", None), model)
        return units.filter(pk__in=reach.values("pk"))

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(owner_org__in=OrgUnit.objects.subtree_of(value).values("pk"))


class FilingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=kinds.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=FilingStatus.choices, label=_("Status"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Filing
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = kinds.choices()

    def search(self, qs, name, value):
        return qs.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def filter_overdue(self, qs, name, value):
        overdue = Q(status__in=FILING_ACTIVE_STATES, due_at__lt=Now())
        return qs.filter(overdue) if value else qs.exclude(overdue)


class RectificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=RectificationStatus.choices, label=_("Status"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Rectification
        fields = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_overdue(self, qs, name, value):
        overdue = Q(status__in=RECTIFICATION_OPEN_STATES, due_at__lt=Now())
        return qs.filter(overdue) if value else qs.exclude(overdue)
