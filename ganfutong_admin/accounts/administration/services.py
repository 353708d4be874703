"""What the administration pages and the beat tasks do to accounts, roles and record grants, each change
written to the security log once: state changes are compare-and-swap (an UPDATE ... WHERE of the old state,
or a row lock), so two administrators acting at once change and log it once."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.audit.models import EventKind, record

from .. import roles

# --- accounts (sys_admin) ----------------------------------------------------------------------------------------

def _save_history(user, by):
    """A row of the user's change history (simple-history writes it on save(); a queryset update() writes none)."""
    user.refresh_from_db()
    user._history_user = by
    user.save(update_fields=["is_active"])


def disable_account(user, *, by, request=None, reason="administrator"):
    """Disable (never delete) an account; end its sessions and revoke its tokens. False when it was already
    disabled (by someone else just now): nothing is changed or logged twice."""
    from ..sessions import end_sessions, revoke_tokens

    User = get_user_model()
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            return False
        _save_history(user, by)
        end_sessions(user, by=by, request=request, reason="account_disabled")
        revoke_tokens(user, by=by, request=request, reason="account_disabled")
        record(EventKind.ACCOUNT_DISABLE, user=by, request=request, target=user.username, reason=reason)
    return True


def enable_account(user, *, by, request=None):
    User = get_user_model()
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
            return False
        _save_history(user, by)
        record(EventKind.ACCOUNT_ENABLE, user=by, request=request, target=user.username)
    return True


def accounts():
    """Every account of the province: people, not django-guardian's stand-in for anonymous visitors."""
    from guardian.conf import settings as guardian_settings

    return get_user_model().objects.exclude(username=guardian_settings.ANONYMOUS_USER_NAME)


def last_activity():
    """When an account last signed in, or was created when it never did (the dormancy clock)."""
    return Coalesce("last_login", "date_joined")


def dormant_accounts(now=None):
    """Active accounts not signed in for DORMANT_ACCOUNT_DAYS (never signed in: counted from date_joined)."""
    from ganfutong_admin.policy.parameters import value

    from ..security_policy import DORMANT_ACCOUNT_DAYS

    now = now or timezone.now()
    days = value(DORMANT_ACCOUNT_DAYS, at=now)
    return (accounts().filter(is_active=True).annotate(last_activity=last_activity())
            .filter(last_activity__lt=now - timedelta(days=days)))


def disable_dormant_accounts(now=None):
    """The beat task: disable every dormant account (ACCOUNT_DISABLE, reason=dormant). Returns how many."""
    disabled = 0
    for user in dormant_accounts(now).order_by("pk").iterator(chunk_size=200):
        disabled += disable_account(user, by=None, reason="dormant")
    return disabled


def unlock_account(user, *, by, request=None):
    """Lift a lockout. False when the account was not locked (or someone else unlocked it just now)."""
    from .. import lockout

    if not lockout.unlock(user.username):
        return False
    record(EventKind.ACCOUNT_UNLOCK, user=by, request=request, target=user.username)
    return True


# --- roles (sec_admin) -----------------------------------------------------------------------------------------

class RoleChangeRefused(Exception):
    pass


def allowed_roles(user):
    kind = user.org_unit.kind if user.org_unit_id else None
    return roles.roles_for_org_kind(kind) if kind else []


def role_change_problems(account, wanted, *, by):
    """[message] of what forbids giving `account` exactly the roles `wanted`."""
    problems = []
    if account.pk == by.pk:
        problems.append(_("Nobody changes their own roles: another security administrator does."))
    unknown = set(wanted) - set(roles.ROLE_PERMISSIONS)
    if unknown:
        problems.append(_("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))})
    if not account.org_unit_id and wanted:
        problems.append(_("The account belongs to no org unit: give it one before any role."))
    else:
        misplaced = sorted(set(wanted) - set(allowed_roles(account)) - unknown)
        if misplaced:
            problems.append(_("An account of %(kind)s cannot hold %(roles)s (docs/roles.md).") % {
                "kind": account.org_unit.get_kind_display(),
                "roles": "、".join(str(roles.ROLE_LABELS.get(r, r)) for r in misplaced)})
    for problem in roles.separation_problems(wanted, account.is_superuser, demo=True):
        problems.append(_("The account would break the separation of duties: it %(problem)s.") % {"problem": problem})
    return problems


def set_roles(account, wanted, *, by, request=None):
    """Give `account` exactly the roles `wanted`; ROLE_GRANT / ROLE_REVOKE per role changed. The account row is
    locked while its roles are read and changed, so two administrators at once neither double-log nor combine
    roles behind each other's back. Raises RoleChangeRefused([message])."""
    User = get_user_model()
    wanted = set(wanted)
    with transaction.atomic():
        account = User.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=account.pk)
        problems = role_change_problems(account, wanted, by=by)
        if problems:
            raise RoleChangeRefused(problems)
        held = set(account.groups.values_list("name", flat=True))
        revoked, granted = sorted(held - wanted), sorted(wanted - held)
        if revoked:
            account.groups.remove(*Group.objects.filter(name__in=revoked))
        if granted:
            try:
                account.groups.add(*Group.objects.filter(name__in=granted))
            except ValidationError as exc:  # signals.keep_system_roles_alone, the backstop
                raise RoleChangeRefused(exc.messages) from None
        for role in granted:
            record(EventKind.ROLE_GRANT, user=by, request=request, target=account.username, role=role,
                   org_unit=account.org_unit.code)
        for role in revoked:
            record(EventKind.ROLE_REVOKE, user=by, request=request, target=account.username, role=role,
                   org_unit=account.org_unit.code if account.org_unit_id else "")
    account.__dict__.pop("role_names", None)
    return granted, revoked


# --- record grants (sec_admin) ---------------------------------------------------------------------------------

GRANTABLE_ACTIONS = ("view", "change")


def grantable_models():
    """Models whose scope adds explicit per-record grants (orgs.scoping.ScopedQuerySet), by label."""
    from django.apps import apps

    from ganfutong_admin.orgs.scoping import ScopedQuerySet

    found = {}
    for model in apps.get_models():
        manager = getattr(model, "_default_manager", None)
        if manager is not None and isinstance(manager.all(), ScopedQuerySet) and not model._meta.abstract:
            found[model._meta.label_lower] = model
    return dict(sorted(found.items()))


def grant_record(account, *, model, object_pk, action, expires_at, by, request=None, reason=""):
    """Grant `action` on one record until `expires_at` (django-guardian assign_perm + RecordGrant). The role must
    already allow the action on such records: a grant widens the scope, never what the role may do."""
    from django.contrib.contenttypes.models import ContentType
    from guardian.shortcuts import assign_perm

    from ganfutong_admin.orgs.scoping import permission_for

    from ..models import RecordGrant

    permission = permission_for(model, action)
    problems = []
    if account.pk == by.pk:
        problems.append(_("Nobody grants themselves access to a record."))
    if not account.is_active:
        problems.append(_("The account is disabled."))
    if not account.has_perm(permission):
        problems.append(_("The account's roles do not allow this on any %(model)s: a record grant adds a record "
                          "to its scope, never a permission its role lacks.") % {"model": model._meta.verbose_name})
    if expires_at <= timezone.now():
        problems.append(_("The expiry must be in the future."))
    record_obj = model._default_manager.filter(pk=object_pk).first()
    if record_obj is None:
        problems.append(_("No %(model)s has the id %(pk)s.") % {"model": model._meta.verbose_name, "pk": object_pk})
    if problems:
        raise RoleChangeRefused(problems)
    with transaction.atomic():
        assign_perm(permission, account, record_obj)
        grant = RecordGrant.objects.create(
            user=account, permission=permission, content_type=ContentType.objects.get_for_model(model),
            object_pk=str(record_obj.pk), expires_at=expires_at, granted_by=by, reason=reason)
        record(EventKind.RECORD_GRANT, user=by, request=request, target=account.username, permission=permission,
               record=f"{model._meta.label_lower}#{record_obj.pk}", expires_at=expires_at.isoformat(), reason=reason)
    return grant


def revoke_grant(grant, *, by, request=None, reason="revoked"):
    """Remove the guardian row of one grant (unless another grant in force still gives the same); False when it
    was revoked already (by the task or someone else just now)."""
    from guardian.models import UserObjectPermission

    from ..models import RecordGrant

    with transaction.atomic():
        if not RecordGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
            return False
        still_granted = RecordGrant.objects.in_force().filter(
            user_id=grant.user_id, permission=grant.permission, content_type_id=grant.content_type_id,
            object_pk=grant.object_pk).exists()
        if not still_granted:
            codename = grant.permission.split(".", 1)[1]
            UserObjectPermission.objects.filter(
                user_id=grant.user_id, permission__codename=codename, content_type_id=grant.content_type_id,
                object_pk=grant.object_pk).delete()
        record(EventKind.RECORD_REVOKE, user=by, request=request, target=grant.user.username,
               permission=grant.permission, record=f"{grant.content_type.app_label}.{grant.content_type.model}"
               f"#{grant.object_pk}", reason=reason)
    return True


def revoke_expired_grants(now=None):
    """The beat task: revoke every grant whose expiry has passed. Returns how many."""
    from ..models import RecordGrant

    revoked = 0
    for grant in RecordGrant.objects.expired(now).select_related("user", "content_type").order_by("pk"):
        revoked += revoke_grant(grant, by=None, reason="expired")
    return revoked


def search_accounts(queryset, text):
    """User name or full name contains `text` (never a password, hash or other field)."""
    return queryset.filter(Q(username__icontains=text) | Q(full_name__icontains=text))
