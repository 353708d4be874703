from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters, mixins, viewsets

from ganfutong_admin.core.api import ScopedViewSetMixin, ScopedWriteMixin
from ganfutong_admin.core.filtering import CheckedFilterBackend
from ganfutong_admin.workflow.api.transitions import TransitionActionMixin

from ..filters import AnnouncementFilter, with_state
from ..forms import operator_unit
from ..models import Announcement, AnnouncementStatus
from .serializers import AnnouncementSerializer


class AnnouncementViewSet(TransitionActionMixin, ScopedWriteMixin, ScopedViewSetMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """第十一条, 第十六条: the platform's announcements. Drafts are created and edited here; publishing
    (now or scheduled by publish_at) and withdrawing go through `transitions`."""

    queryset = Announcement.objects.all()
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilter
    filter_backends = [CheckedFilterBackend, filters.OrderingFilter]
    ordering_fields = ["publish_at", "created_at", "updated_at", "title"]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self, queryset):
        return with_state(queryset).select_related(
            "owner_org", "published_by", "created_by", "source_type").order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("announcements.add_announcement"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)

    editable_states = (AnnouncementStatus.DRAFT,)

    def perform_create(self, serializer):
        extra = {"created_by": self.request.user}
        if "owner_org" not in serializer.validated_data:
            default = operator_unit()
            if default is None or not serializer.fields["owner_org"].queryset.filter(pk=default.pk).exists():
                raise exceptions.ValidationError({"owner_org": [_("This field is required.")]})
            extra["owner_org"] = serializer.validate_owner_org(default)
        self._save(serializer, **extra)
        self._reread(serializer)

    def perform_update(self, serializer):
        serializer.instance._change_reason = str(_("Draft edited"))
        super().perform_update(serializer)
        self._reread(serializer)

    def _reread(self, serializer):
        """Answer with the computed state, as a read would."""
        serializer.instance = self.scoped_queryset(Announcement.objects.all()).get(pk=serializer.instance.pk)
