"""Scoped API viewsets: every queryset goes through visible_to()."""

from rest_framework import exceptions, viewsets

from ganfutong_admin.orgs.scoping import VIEW, permission_for


class ScopedViewSetMixin:
    """Every API queryset goes through visible_to(); writes re-check the saved record's scope."""

    scope_action = VIEW

    def get_queryset(self):
        action = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return self.scoped_queryset(self.queryset.model.objects.visible_to(self.request.user, action))

    def scoped_queryset(self, queryset):
        return queryset

    def list(self, request, *args, **kwargs):
        # Like the list pages: without the model's view permission the list is 403, not an empty 200.
        # (A single record stays 404 through the scoped queryset.)
        if not request.user.has_perm(permission_for(self.queryset.model, VIEW)):
            raise exceptions.PermissionDenied()
        return super().list(request, *args, **kwargs)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
