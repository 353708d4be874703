import django_filters
from rest_framework import serializers, viewsets

from ..models import OrgKind, OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, default=None)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "division_code", "name", "kind", "parent", "path"]
        read_only_fields = fields


class OrgUnitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices)
    parent = django_filters.CharFilter(field_name="parent__code")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = OrgUnit
        fields = ["kind", "parent", "q"]


class OrgUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The org-unit tree is reference data: every signed-in user with the role may read all of it."""

    queryset = OrgUnit.objects.filter(is_active=True).select_related("parent").order_by("path")
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilter
    lookup_field = "code"

    def get_queryset(self):
        if not self.request.user.has_perm("orgs.view_orgunit"):
            return OrgUnit.objects.none()
        return super().get_queryset()
