import django_filters
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, filters, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ganfutong_admin.core.api import ScopedViewSetMixin
from ganfutong_admin.core.scoping import still_in_scope
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.api.serializers import TransitionRequestSerializer

from ..filters import AnnouncementFilter, with_state
from ..forms import operator_unit
from ..models import Announcement, AnnouncementStatus
from .serializers import AnnouncementSerializer


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record was changed in the meantime.")
    default_code = "conflict"


def run_transition(request, pk):
    """POST {action, version, comment}: 200 with the record, 400/403/404/409 with a message.

    The same contract as workflow.api.views.run_transition (which re-reads filings with their overdue flag);
    here the record is re-read with its computed state."""
    payload = TransitionRequestSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    data = payload.validated_data
    try:
        obj = engine.perform(Announcement, pk, data["action"], request.user, data["version"], data["comment"])
    except engine.NotFound:
        raise exceptions.NotFound() from None
    except engine.TransitionError as exc:
        return Response({"detail": str(exc.message), "code": type(exc).__name__}, status=exc.status_code)
    obj = with_state(Announcement.objects.select_related("owner_org", "published_by", "created_by",
                                                         "source_type")).get(pk=obj.pk)
    return Response(AnnouncementSerializer(obj, context={"request": request}).data, status=status.HTTP_200_OK)


class AnnouncementViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          viewsets.ReadOnlyModelViewSet):
    """第十一条, 第十六条: the platform's announcements. Drafts are created and edited here; publishing
    (now or scheduled by publish_at) and withdrawing go through `transitions`."""

    queryset = Announcement.objects.all()
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.OrderingFilter]
    ordering_fields = ["publish_at", "created_at", "updated_at", "title"]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, queryset):
        return with_state(queryset).select_related(
            "owner_org", "published_by", "created_by", "source_type").order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("announcements.add_announcement"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.validated_data.pop("version", None)
        extra = {"created_by": self.request.user}
        if "owner_org" not in serializer.validated_data:
            default = operator_unit()
            if default is None or not serializer.fields["owner_org"].queryset.filter(pk=default.pk).exists():
                raise exceptions.ValidationError({"owner_org": [_("This field is required.")]})
            extra["owner_org"] = serializer.validate_owner_org(default)
        self._save_in_scope(serializer, **extra)

    def perform_update(self, serializer):
        with transaction.atomic():
            current = Announcement.objects.select_for_update(of=("self",)).get(pk=serializer.instance.pk)
            if current.status != AnnouncementStatus.DRAFT:
                raise Conflict(_("Only a draft can be edited. This announcement is “%(status)s”.")
                               % {"status": current.get_status_display()})
            expected = serializer.validated_data.pop("version")
            if expected != current.version:
                raise Conflict(
                    _("This record was changed by someone else (version %(current)s, you had %(yours)s). "
                      "Reload and try again.") % {"current": current.version, "yours": expected})
            serializer.instance.version = current.version + 1
            serializer.instance._change_reason = str(_("Draft edited"))
            self._save_in_scope(serializer)

    def _save_in_scope(self, serializer, **extra):
        with transaction.atomic():
            obj = serializer.save(**extra)
            if not still_in_scope(obj, self.request.user, "change"):
                transaction.set_rollback(True)
                raise exceptions.ValidationError(
                    {"owner_org": [_("You cannot put a record outside your jurisdiction.")]})
        # Answer with the computed state, as a read would.
        serializer.instance = with_state(Announcement.objects.select_related(
            "owner_org", "published_by", "created_by", "source_type")).get(pk=obj.pk)

    @extend_schema(request=TransitionRequestSerializer, responses={200: AnnouncementSerializer})
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        """Publish (scheduled when publish_at is in the future) or withdraw (a comment is required)."""
        return run_transition(request, pk)
