"""View helpers over the one scoping method, so that pages and the API behave alike."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.orgs.scoping import VIEW, user_sees_everything


def get_visible_or_404(model, user, pk, action=VIEW, queryset=None):
    qs = queryset if queryset is not None else model.objects.all()
    obj = qs.visible_to(user, action).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_for_action(model, user, pk, action, queryset=None):
    """404 when the user cannot see the record, 403 when it is visible but not theirs to `action`."""
    obj = get_visible_or_404(model, user, pk, queryset=queryset)
    if action != VIEW and not model.objects.visible_to(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def org_units_for(user, model, action="add"):
    """Org units a user may own records in: everything for the all-seeing, else its own subtree."""
    if user_sees_everything(user, model, action):
        return OrgUnit.objects.filter(is_active=True)
    if user.org_unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(is_active=True, path__startswith=user.org_unit.path)


def still_in_scope(obj, user, action="change"):
    """After a create or update: is the saved record still the user's to act on?"""
    return type(obj).objects.visible_to(user, action).filter(pk=obj.pk).exists()


OUT_OF_SCOPE = _("You cannot put a record outside your jurisdiction.")
MISSING_VERSION = _("The edit does not say which version of the record it was made on: reload the page and "
                    "make the change again.")


class OutOfScope(Exception):
    """The saved record would not be the user's: nothing was saved."""

    def __init__(self, field="owner_org"):
        super().__init__(str(OUT_OF_SCOPE))
        self.field = field
        self.message = OUT_OF_SCOPE


class EditConflict(Exception):
    """Someone changed the record since the editor loaded it, or it left the editable states: nothing was saved."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def scoped_save(user, write, *, action="change", record=None, version=None, editable=None, field="owner_org"):
    """Save a new or edited record as `user` in one transaction, so that no edit is lost and no record leaves
    the user's jurisdiction. `write()` saves the record (and its related rows) and returns it.

    An edit of a versioned record (one with a `version` field) passes the `record` being edited and the
    `version` the editor loaded: its row is locked first, a missing or different version or a status outside
    `editable` raises EditConflict, and the version goes up with the save (as a transition's does). Afterwards
    the saved record must still be the user's to `action`, else everything is rolled back and OutOfScope names
    the `field` to blame."""
    from ganfutong_admin.workflow.engine import stale_message

    with transaction.atomic():
        if record is not None and record.pk is not None and hasattr(record, "version"):
            current = (type(record)._default_manager.select_for_update(of=("self",)).filter(pk=record.pk)
                       .values("version", *(["status"] if editable else [])).get())
            try:
                version = int(version)
            except (TypeError, ValueError):
                raise EditConflict(MISSING_VERSION) from None
            if current["version"] != version:
                raise EditConflict(stale_message(current["version"], version))
            if editable and current["status"] not in editable:
                raise EditConflict(_("This record was moved on by someone else meanwhile and can no longer be "
                                     "edited. Reload it to see its state."))
            record.version = version + 1
        saved = write()
        if not type(saved).objects.visible_to(user, action).filter(pk=saved.pk).exists():
            raise OutOfScope(field)
    return saved


def record_url(user, content_type, object_id):
    """The page of any record a rectification or announcement came from, if the user may see it.

    One rule for every source: the model has get_absolute_url() and reads through visible_to() (a model scoped
    through its parent, like an inspection finding, shares its parent's scope there). Otherwise, or out of
    scope, there is no link and callers show the stored label."""
    if content_type is None or not object_id:
        return ""
    model = content_type.model_class()
    if model is None or not hasattr(model, "get_absolute_url"):
        return ""
    if not hasattr(model._default_manager, "visible_to"):
        return ""
    record = model._default_manager.visible_to(user).filter(pk=object_id).first()
    return record.get_absolute_url() if record else ""
