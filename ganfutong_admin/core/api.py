"""Scoped API viewsets: every queryset goes through visible_to()."""

from rest_framework import viewsets

from ganfutong_admin.orgs.scoping import VIEW


class ScopedViewSetMixin:
    """Every API queryset goes through visible_to(); writes re-check the saved record's scope."""

    scope_action = VIEW

    def get_queryset(self):
        action = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return self.scoped_queryset(self.queryset.model.objects.visible_to(self.request.user, action))

    def scoped_queryset(self, queryset):
        return queryset


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
