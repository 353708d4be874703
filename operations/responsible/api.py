"""第十二条 over the API: the responsible-person register (mobile numbers write-only, read back masked) and the
coverage of the caller's jurisdiction."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedViewSetMixin, ScopedWriteMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.orgs.scoping import permission_for
from ganfutong_admin.privacy.masking import mask_phone

from .coverage import coverage_queryset, has_field
from .filters import ResponsiblePersonFilter
from .models import MOBILE, Duty, ResponsiblePerson


class ResponsiblePersonSerializer(serializers.ModelSerializer):
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    mobile = serializers.CharField(write_only=True, validators=[MOBILE], max_length=11)
    mobile_masked = serializers.SerializerMethodField()
    validity = serializers.CharField(read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = ResponsiblePerson
        fields = ["id", "owner_org", "owner_org_name", "duty", "name", "post", "office_phone", "mobile",
                  "mobile_masked", "valid_from", "valid_to", "note", "validity", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_mobile_masked(self, person) -> str:
        return mask_phone(person.mobile)

    def validate_owner_org(self, org):
        user = self.context["request"].user
        if not org_units_for(user, ResponsiblePerson, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(_("You cannot put a record outside your jurisdiction."))
        return org

    def validate(self, data):
        start = data.get("valid_from", getattr(self.instance, "valid_from", None))
        end = data.get("valid_to", getattr(self.instance, "valid_to", None))
        if start and end and end < start:
            raise serializers.ValidationError({"valid_to": [_("The end of validity cannot be before its start.")]})
        return data


class ResponsiblePersonViewSet(ScopedWriteMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                               mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """第十二条: who answers for each duty of each org unit. PUT/PATCH name the `version` they were based on."""

    queryset = ResponsiblePerson.objects.all()
    serializer_class = ResponsiblePersonSerializer
    filterset_class = ResponsiblePersonFilter

    def scoped_queryset(self, queryset):
        return queryset.with_validity().select_related("owner_org").order_by("owner_org__path", "duty",
                                                                             "-valid_from", "pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("operations.add_responsibleperson"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("show", str, enum=["all"], required=False)],
        responses=inline_serializer("ResponsibleCoverageRow", {
            "code": serializers.CharField(), "name": serializers.CharField(), "kind": serializers.CharField(),
            "missing": serializers.ListField(child=serializers.ChoiceField(choices=Duty.choices))}, many=True))
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def coverage(self, request):
        """Org units of the caller's jurisdiction lacking a current person, per duty (`?show=all`: every unit)."""
        if not request.user.has_perm(permission_for(ResponsiblePerson, "view")):
            raise exceptions.PermissionDenied()
        units = coverage_queryset(request.user, timezone.localdate()).order_by("path")
        if request.query_params.get("show") != "all":
            units = units.filter(is_gap=True)
        return Response([{"code": u.code, "name": u.name, "kind": u.kind,
                          "missing": [d for d in Duty.values if not getattr(u, has_field(d))]} for u in units])
