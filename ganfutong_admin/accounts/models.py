"""Users (one org unit each), and hashed expiring API tokens for other systems."""

import hashlib
import secrets
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

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("assign_role", _("Can grant and revoke roles")),
            ("unmask_personal_data", _("Can see citizens' personal data unmasked")),
            ("export_scores", _("Can export evaluation results")),
        ]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self):
        """Names of the user's roles (groups), read once per request."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *names):
        return bool(self.role_names.intersection(names))


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

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, name=""):
        """Create a token and return (token, raw value)."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            key_hash=_hash_token(raw),
            prefix=raw[:8],
            name=name,
            expires_at=timezone.now() + settings.API_TOKEN_TTL,
        )
        return token, raw

    @classmethod
    def find_active(cls, raw):
        return cls.objects.active().select_related("user", "user__org_unit").filter(
            key_hash=_hash_token(raw)
        ).first()
