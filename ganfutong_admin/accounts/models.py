"""Users (one org unit each), and hashed expiring API tokens for other systems."""

import hashlib
import secrets
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("org unit"),
    )
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    # Read by the middleware from the already loaded user row (no extra query per request).
    must_change_password = models.BooleanField(
        _("must change password"), default=False,
        help_text=_("Set for an initial or reset password: the user must choose a new one before anything else."),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # Does the user hold a django-guardian grant on a single record? Kept by a signal on guardian's table
    # (signals.refresh_record_grant_flag) so that scoping adds the grant branch only for such users: the
    # `owner IN (subtree) OR pk IN (grants)` filter defeats the owner index (issue 9).
    has_record_grants = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "has_record_grants"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("assign_role", _("Can grant and revoke roles")),
            ("unmask_personal_data", _("Can see citizens' personal data unmasked")),
            ("export_scores", _("Can export evaluation results")),
            # sec_admin's (docs/roles.md): per-record grants, the security policy, other people's API tokens.
            ("grant_record", _("Can grant and revoke permissions on single records")),
            ("set_security_policy", _("Can set the security policy")),
            ("revoke_api_tokens", _("Can revoke other users' API tokens")),
        ]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self):
        """Names of the user's roles (groups), read once per request."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *names):
        return bool(self.role_names.intersection(names))


class PasswordHistory(models.Model):
    """A hash of a password the user had: the last few cannot be chosen again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password"), max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("former password")
        verbose_name_plural = _("former passwords")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_pwhist_user_idx")]

    def __str__(self):
        return f"{self.user} @ {self.created_at:%Y-%m-%d}"


class UserSessionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)


class UserSession(models.Model):
    """One sign-in of a user: lets the oldest session end past the limit, and all end at logout."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions")
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in session")
        verbose_name_plural = _("sign-in sessions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "ended_at"], name="accounts_usersess_open_idx")]

    def __str__(self):
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"


def _hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token for another system. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # False: issued on a password alone; the second-factor enforcement refuses such a token.
    second_factor_verified = models.BooleanField(_("second factor verified"), default=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, name="", *, request=None, second_factor_verified=False):
        """Create a token and return (token, raw value). Its lifetime is the API_TOKEN_DAYS policy value in
        force now; a TOKEN_ISSUED event records it."""
        from ganfutong_admin.audit.models import EventKind, record
        from ganfutong_admin.policy.parameters import value

        from .security_policy import API_TOKEN_DAYS

        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            key_hash=_hash_token(raw),
            prefix=raw[:8],
            name=name,
            expires_at=timezone.now() + timedelta(days=value(API_TOKEN_DAYS)),
            second_factor_verified=second_factor_verified,
        )
        record(EventKind.TOKEN_ISSUED, user=user, request=request, target=user.username, token=token.prefix,
               expires_at=token.expires_at.isoformat())
        return token, raw

    @property
    def status(self):
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"

    @classmethod
    def find_active(cls, raw):
        return cls.objects.active().select_related("user", "user__org_unit").filter(
            key_hash=_hash_token(raw)
        ).first()


class RecordGrantQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(revoked_at__isnull=True)

    def expired(self, now=None):
        return self.in_force().filter(expires_at__lte=now or timezone.now())


class RecordGrant(models.Model):
    """An explicit grant of one permission on one record (the django-guardian row), with its expiry: the beat task
    removes the guardian row when it expires. Kept after revocation, so that who was granted what stays known."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_grants",
                             verbose_name=_("user"))
    permission = models.CharField(_("permission"), max_length=200)  # "app_label.codename"
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT,
                                     verbose_name=_("record type"))
    object_pk = models.CharField(_("record id"), max_length=64)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("granted by"))
    created_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = RecordGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("record grant")
        verbose_name_plural = _("record grants")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.permission} #{self.object_pk}"
