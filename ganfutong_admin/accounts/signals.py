from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .roles import SYSTEM_ROLES


def keep_system_roles_alone(sender, instance, action, pk_set, model, **kwargs):
    """Refuse to combine a system role with any other role, or to give one to a superuser."""
    if action != "pre_add" or not pk_set or not hasattr(instance, "role_names"):
        return
    from django.contrib.auth.models import Group

    adding = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    current = set(instance.groups.values_list("name", flat=True))
    combined = adding | current
    if combined & SYSTEM_ROLES and len(combined) > 1:
        raise ValidationError(_("A system role (sys_admin, sec_admin, audit_admin) must be held alone."))
    if combined & SYSTEM_ROLES and instance.is_superuser:
        raise ValidationError(_("A system role cannot be given to a superuser."))
    instance.__dict__.pop("role_names", None)


def refresh_record_grant_flag(sender, instance, **kwargs):
    """After a user's record grant is added or removed, set User.has_record_grants from guardian's table, on the
    row and on the user object the grant was made with (the caller goes on using it)."""
    from .models import User

    holds = sender.objects.filter(user_id=instance.user_id).exists()
    User.objects.filter(pk=instance.user_id).update(has_record_grants=holds)
    cached = instance._state.fields_cache.get("user")
    if cached is not None:
        cached.has_record_grants = holds
