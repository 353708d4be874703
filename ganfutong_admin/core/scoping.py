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

    One rule for every source: the model has get_absolute_url() and reads through visible_to(), or
    names in `scoped_through` the parent whose scope it shares (an inspection finding, its
    inspection). Otherwise, or out of scope, there is no link and callers show the stored label."""
    if content_type is None or not object_id:
        return ""
    model = content_type.model_class()
    if model is None or not hasattr(model, "get_absolute_url"):
        return ""
    parent_field = getattr(model, "scoped_through", None)
    if parent_field:
        record = model._default_manager.filter(pk=object_id).select_related(parent_field).first()
        parent = getattr(record, parent_field, None)
        if parent is None or not type(parent).objects.visible_to(user).filter(pk=parent.pk).exists():
            return ""
        return record.get_absolute_url()
    if not hasattr(model._default_manager, "visible_to"):
        return ""
    record = model._default_manager.visible_to(user).filter(pk=object_id).first()
    return record.get_absolute_url() if record else ""
