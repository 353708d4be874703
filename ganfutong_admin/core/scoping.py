"""View helpers over the one scoping method, so that pages and the API behave alike."""

from django.http import Http404

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.orgs.scoping import VIEW, user_sees_everything


def get_visible_or_404(model, user, pk, action=VIEW, queryset=None):
    qs = queryset if queryset is not None else model.objects.all()
    obj = qs.visible_to(user, action).filter(pk=pk).first()
    if obj is None:
        raise Http404
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


def record_url(user, content_type, object_id):
    """The page of any record a rectification or announcement came from, if the user may see it.

    One rule for every source: the model reads through visible_to() and has get_absolute_url();
    otherwise (or out of scope) there is no link and callers show the stored label only."""
    if content_type is None or not object_id:
        return ""
    model = content_type.model_class()
    manager = getattr(model, "objects", None)
    if manager is None or not hasattr(manager, "visible_to") or not hasattr(model, "get_absolute_url"):
        return ""
    record = manager.visible_to(user).filter(pk=object_id).first()
    return record.get_absolute_url() if record else ""
