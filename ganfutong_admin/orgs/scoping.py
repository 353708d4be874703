"""Jurisdiction scoping: the one queryset method every view, API, export and count goes through.

`Model.objects.visible_to(user, action)` returns the records the user may see (action="view") or
act on (any other action). It follows ROLES.md:

- no model permission for the action: nothing;
- the provincial authority: everything; auditors: everything, read only;
- the operator: everything of models with `operator_sees_all`, else its own;
- everyone else: their own org unit's subtree (a city sees its counties, a county only itself);
- plus explicit django-guardian grants on single records.

Out of scope is "does not exist": callers turn an empty get() into 404, never 403.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast

VIEW = "view"

# Kinds of org unit whose members see everything (for the actions their role allows).
ALL_SEEING_KINDS = {"provincial_authority"}


def permission_for(model, action):
    """`app.action_model` for CRUD actions; `app.codename` as given; other actions in the model's app."""
    if "." in action:
        return action
    opts = model._meta
    if action in {"view", "add", "change", "delete"}:
        return f"{opts.app_label}.{action}_{opts.model_name}"
    return f"{opts.app_label}.{action}"


def user_sees_everything(user, model, action=VIEW):
    org = getattr(user, "org_unit", None)
    if user.is_superuser:
        return True
    if org is None:
        return False
    if org.kind in ALL_SEEING_KINDS:
        return True
    if action == VIEW and user.groups.filter(name="auditor").exists():
        return True
    return org.kind == "operator" and getattr(model, "operator_sees_all", False)


class ScopedQuerySet(models.QuerySet):
    owner_field = "owner_org"

    def visible_to(self, user, action=VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not user.has_perm(permission_for(self.model, action)):
            return self.none()
        if user_sees_everything(user, self.model, action):
            return self
        org = getattr(user, "org_unit", None)
        if org is None:
            return self.none()
        from .models import OrgUnit

        subtree = OrgUnit.objects.filter(path__startswith=org.path).values("pk")
        in_scope = models.Q(**{f"{self.owner_field}__in": subtree})
        return self.filter(in_scope | models.Q(pk__in=self._granted_pks(user, action)))

    def _granted_pks(self, user, action):
        """Primary keys of records granted to the user one by one (django-guardian), as a subquery."""
        from guardian.models import UserObjectPermission

        codename = permission_for(self.model, action).split(".", 1)[1]
        return (
            UserObjectPermission.objects.filter(
                user=user,
                content_type=ContentType.objects.get_for_model(self.model),
                permission__codename=codename,
            )
            .annotate(object_pk_int=Cast("object_pk", models.BigIntegerField()))
            .values("object_pk_int")
        )

    def in_scope_of_org(self, org):
        """Records owned by the org's subtree: used when a figure is computed for one unit."""
        from .models import OrgUnit

        return self.filter(**{f"{self.owner_field}__in": OrgUnit.objects.subtree_of(org).values("pk")})


class ReferenceQuerySet(models.QuerySet):
    """Reference data that belongs to nobody in particular (standards, checklists): the same method,
    scoped by permission only, so views and APIs call visible_to() on every model alike."""

    def visible_to(self, user, action=VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not user.has_perm(permission_for(self.model, action)):
            return self.none()
        return self
