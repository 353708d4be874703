"""Jurisdiction scoping: the one queryset method every view, API, export and count goes through.

`Model.objects.visible_to(user, action)` returns the records the user may see (action="view") or
act on (any other action). It follows docs/roles.md:

- no model permission for the action: nothing;
- the provincial authority: everything; auditors: everything, read only;
- other org-unit kinds that the model lets reach every record for that action (`scope_everything`, e.g. the
  operator sees every service but edits none of a county's);
- everyone else: their own org unit's subtree (a city sees its counties, a county only itself);
- plus explicit django-guardian grants on single records;
- and last the model's own rule for the action, given what the above reaches (`scope_rule(user, action, reach)`
  -> Q: e.g. platform inspections are acted on by those who inspect the platform, wherever they are).

A model without an owner of its own shares its parent's scope: `scope_through = "inspection"` (the parent's
scope for the same action, this model's permission). Seeing and acting are separate rules: each is asked for
its own action. Out of scope is "does not exist": callers turn an empty get() into 404, never 403.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast

VIEW = "view"

# Kinds of org unit whose members see everything (for the actions their role allows).
ALL_SEEING_KINDS = {"provincial_authority"}


# scope_everything value: every action.
ALL_ACTIONS = "*"


def permission_for(model, action):
    """`app.action_model` for CRUD actions; `app.codename` as given; other actions in the model's app. A model may
    name another permission for an action (`scope_permissions`: measurements are read with the uptime one)."""
    if "." in action:
        return action
    override = getattr(model, "scope_permissions", {}).get(action)
    if override:
        return override
    opts = model._meta
    if action in {"view", "add", "change", "delete"}:
        return f"{opts.app_label}.{action}_{opts.model_name}"
    return f"{opts.app_label}.{action}"


def user_sees_everything(user, model, action=VIEW):
    """Does the user reach every record of `model` for `action` (before per-record grants and extra rules)?"""
    org = getattr(user, "org_unit", None)
    if user.is_superuser:
        return True
    if org is None:
        return False
    if org.kind in ALL_SEEING_KINDS:
        return True
    if action == VIEW and user.groups.filter(name="auditor").exists():
        return True
    actions = getattr(model, "scope_everything", {}).get(org.kind, ())
    return actions == ALL_ACTIONS or action in actions


def org_units_in_reach(user, model, action=VIEW):
    """The org units whose records of `model` the user reaches for `action`: what a choice of org unit (a list
    filter) may offer. Every unit for those who see everything, else the user's own subtree; a model scoped
    through its parent follows the parent's rule. Lazy: asking costs no query until the choices are read
    (the auditor test of user_sees_everything() is a subquery here)."""
    from django.contrib.auth.models import Group

    from .models import OrgUnit

    if user is None or not user.is_authenticated:
        return OrgUnit.objects.none()
    while model is not None and getattr(model, "scope_through", None):
        model = model._meta.get_field(model.scope_through).related_model
    org = getattr(user, "org_unit", None)
    if user.is_superuser or model is None:
        return OrgUnit.objects.all()
    if org is None:
        return OrgUnit.objects.none()
    everything = getattr(model, "scope_everything", {}).get(org.kind, ())
    if org.kind in ALL_SEEING_KINDS or everything == ALL_ACTIONS or action in everything:
        return OrgUnit.objects.all()
    subtree = models.Q(path__startswith=org.path)
    if action == VIEW:
        return OrgUnit.objects.filter(models.Exists(Group.objects.filter(name="auditor", user=user)) | subtree)
    return OrgUnit.objects.filter(subtree)


class ScopedQuerySet(models.QuerySet):
    owner_field = "owner_org"

    def visible_to(self, user, action=VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not user.has_perm(permission_for(self.model, action)):
            return self.none()
        return self.in_scope(user, action)

    def in_scope(self, user, action=VIEW):
        """The records the user's org unit reaches for `action`, whatever the user's permissions (visible_to() adds
        the permission check; a model scoped through its parent asks the parent's scope with this)."""
        through = getattr(self.model, "scope_through", None)
        if through:
            parent = self.model._meta.get_field(through).related_model
            return self.filter(**{f"{through}__in": parent._default_manager.all().in_scope(user, action).values("pk")})
        reach = self._reach(user, action)
        rule = getattr(self.model, "scope_rule", None)
        if rule is not None:
            reach = rule(user, action, reach if reach is not None else models.Q(pk__in=[]))
        return self.none() if reach is None else self.filter(reach)

    def _reach(self, user, action):
        """Q of the records the user's org unit reaches (Q() for everything), or None for nothing."""
        if user_sees_everything(user, self.model, action):
            return models.Q()
        org = getattr(user, "org_unit", None)
        if org is None:
            return None
        from .models import OrgUnit

        subtree = OrgUnit.objects.filter(path__startswith=org.path).values("pk")
        owned = models.Q(**{f"{self.owner_field}__in": subtree})
        # The grant branch only for a user who holds a grant (a flag on the user row, kept by a signal on
        # guardian's table): `owner IN (...) OR pk IN (grants)` defeats the owner index, and almost nobody
        # holds a grant.
        if not getattr(user, "has_record_grants", True):
            return owned
        return owned | models.Q(pk__in=self._granted_pks(user, action))

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
