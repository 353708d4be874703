"""第二十一条 over the API: the data-security register (list, read, create, edit with the version)."""

from rest_framework import exceptions, mixins, viewsets

from ganfutong_admin.core.api import ScopedViewSetMixin, ScopedWriteMixin

from .filters import RegisterFilter
from .models import DataSecurityRegister
from .serializers import RegisterSerializer


class RegisterViewSet(ScopedWriteMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Register entries of the caller's own records (in security the operator sees only its own)."""

    queryset = DataSecurityRegister.objects.all()
    serializer_class = RegisterSerializer
    filterset_class = RegisterFilter

    def scoped_queryset(self, queryset):
        return queryset.select_related("service", "owner_org").order_by("owner_org__path", "service__code", "pk")

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("security.add_datasecurityregister"):
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)
