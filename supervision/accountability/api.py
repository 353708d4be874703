"""第二十六条 over the API: /api/v1/supervision/accountability/ (list, detail, create, update with `version`),
POST …/{id}/links/ {target_type: "app_label.model", target_id} to link a record behind the case."""

from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedReadOnlyViewSet, ScopedWriteMixin
from ganfutong_admin.core.scoping import get_for_action

from .linking import resolve
from .models import AccountabilityLink, AccountabilityRecord
from .serializers import AccountabilitySerializer, LinkRequestSerializer


class AccountabilityViewSet(ScopedWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                            ScopedReadOnlyViewSet):
    queryset = AccountabilityRecord.objects.all()
    serializer_class = AccountabilitySerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def scoped_queryset(self, queryset):
        return queryset.select_related("owner_org").prefetch_related("links__target_type").order_by(
            "-decided_on", "-pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("supervision.add_accountabilityrecord"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    @extend_schema(request=LinkRequestSerializer, responses=AccountabilitySerializer)
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        from django.core.exceptions import PermissionDenied as DjangoDenied
        from django.http import Http404
        from rest_framework.exceptions import NotFound, PermissionDenied

        try:
            record = get_for_action(AccountabilityRecord, request.user, pk, "change")
        except Http404:
            raise NotFound() from None
        except DjangoDenied:
            raise PermissionDenied() from None
        body = LinkRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            target_type, target = resolve(request.user, body.validated_data["target_type"],
                                          body.validated_data["target_id"])
        except ValueError as exc:
            field, message = exc.args[0]
            raise ValidationError({field: [message]}) from None
        try:
            with transaction.atomic():
                AccountabilityLink.objects.create(record=record, target_type=target_type, target_id=target.pk,
                                                  target_label=str(target)[:200])
        except IntegrityError:
            pass  # linked already: the same answer
        record = self.scoped_queryset(AccountabilityRecord.objects.all()).get(pk=record.pk)
        return Response(AccountabilitySerializer(record).data, status=status.HTTP_200_OK)
