"""GET /api/v1/policy-parameters/ (+ /{name}/): every declared parameter with its value in force and its
versions, for the readers of the policy page. POST /{name}/versions/ adds a version (provincial reviewers), with
the same validation as the page: 400 with a message per field, 403 without the right."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import parameters


class ParameterVersionSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    effective_from = serializers.DateField()
    article = serializers.CharField()
    reason = serializers.CharField()
    set_by = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_set_by(self, version) -> str:
        return version.set_by.username if version.set_by_id else ""


class PolicyParameterSerializer(serializers.Serializer):
    name = serializers.CharField(source="spec.name")
    label = serializers.CharField(source="spec.label")
    article = serializers.CharField(source="spec.article")
    unit = serializers.CharField(source="spec.unit")
    default = serializers.IntegerField(source="spec.default")
    min = serializers.IntegerField(source="spec.min")
    max = serializers.IntegerField(source="spec.max")
    value = serializers.IntegerField(help_text="The value in force today.")
    effective_since = serializers.SerializerMethodField(help_text="Effective date of the version in force today "
                                                                  "(null: the declared default applies).")
    scheduled = ParameterVersionSerializer(many=True, help_text="Versions taking effect after today.")
    versions = ParameterVersionSerializer(many=True, help_text="Every version, oldest first.")

    def get_effective_since(self, row) -> str | None:
        return row["current"].effective_from.isoformat() if row["current"] else None


class NewVersionSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    effective_from = serializers.DateField()
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class PolicyParameterViewSet(viewsets.ViewSet):
    lookup_field = "name"
    lookup_value_regex = r"[A-Z][A-Z0-9_]*"

    def _check_view(self, request):
        if not parameters.can_view(request.user):
            raise exceptions.PermissionDenied()

    def _row(self, name):
        for row in parameters.overview():
            if row["spec"].name == name:
                return row
        raise exceptions.NotFound()

    @extend_schema(responses=PolicyParameterSerializer(many=True))
    def list(self, request):
        self._check_view(request)
        return Response(PolicyParameterSerializer(parameters.overview(), many=True).data)

    @extend_schema(responses=PolicyParameterSerializer)
    def retrieve(self, request, name=None):
        self._check_view(request)
        return Response(PolicyParameterSerializer(self._row(name)).data)

    @extend_schema(request=NewVersionSerializer, responses={201: PolicyParameterSerializer})
    @action(detail=True, methods=["post"], url_path="versions")
    def versions(self, request, name=None):
        self._check_view(request)
        self._row(name)
        if not parameters.can_set(request.user, parameters.spec(name)):
            raise exceptions.PermissionDenied()
        payload = NewVersionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            parameters.add_version(name=name, value=data["value"], effective_from=data["effective_from"],
                                   reason=data["reason"], user=request.user, request=request)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from None
        return Response(PolicyParameterSerializer(self._row(name)).data, status=status.HTTP_201_CREATED)


