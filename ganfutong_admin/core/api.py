"""Scoped API viewsets: every queryset goes through visible_to(); writes keep records in scope."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status, viewsets

from ganfutong_admin.orgs.scoping import VIEW, permission_for

from .scoping import EditConflict, OutOfScope, scoped_save

# The scope action of each viewset action that changes a record; everything else reads (VIEW) and, if it
# changes something (a custom action), checks its own permission through the engine or the kernel helpers.
WRITE_SCOPE = {"update": "change", "partial_update": "change", "destroy": "delete"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record was changed by someone else. Reload and try again.")
    default_code = "conflict"


class ScopedViewSetMixin:
    """Every API queryset goes through visible_to(), for the action the request takes."""

    lookup_value_regex = r"\d+"

    def get_queryset(self):
        action = WRITE_SCOPE.get(getattr(self, "action", None), VIEW)
        return self.scoped_queryset(self.queryset.model.objects.visible_to(self.request.user, action))

    def scoped_queryset(self, queryset):
        return queryset

    def list(self, request, *args, **kwargs):
        # Like the list pages: without the model's view permission the list is 403, not an empty 200.
        # (A single record stays 404 through the scoped queryset.)
        if not request.user.has_perm(permission_for(self.queryset.model, VIEW)):
            raise exceptions.PermissionDenied()
        return super().list(request, *args, **kwargs)


class ScopedWriteMixin:
    """Creates and updates through core.scoping.scoped_save: the saved record must stay the caller's (else 400 on
    the owner field, nothing saved); an update of a versioned record names the `version` it was based on (409
    when someone changed it meanwhile, 400 when missing)."""

    # Statuses in which a versioned record may still be edited (None: any).
    editable_states = None

    def perform_create(self, serializer):
        extra = {"created_by": self.request.user} if _has_field(serializer.Meta.model, "created_by") else {}
        self._save(serializer, **extra)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer, **extra):
        record = serializer.instance
        version = self.request.data.get("version") if hasattr(self.request.data, "get") else None
        if record is not None and _has_field(type(record), "version") and version in (None, ""):
            raise exceptions.ValidationError({"version": [_("Give the version of the record you changed.")]})
        # The version goes up with the save (scoped_save): the one the client sent is only compared.
        serializer.validated_data.pop("version", None)
        try:
            scoped_save(self.request.user, lambda: serializer.save(**extra), record=record, version=version,
                        editable=self.editable_states)
        except OutOfScope as exc:
            raise exceptions.ValidationError({exc.field: [exc.message]}) from None
        except EditConflict as exc:
            raise Conflict(exc.message) from None


def _has_field(model, name):
    return any(f.name == name for f in model._meta.concrete_fields)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
