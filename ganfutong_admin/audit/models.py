"""The append-only security event log (DESIGN §6): login, failed login, export, unmask, role change.

Each row carries the SHA-256 of its own content and of the previous row, so an edited or deleted row
breaks the chain (`manage.py verify_audit_log` finds the first broken link). On PostgreSQL a trigger
refuses UPDATE and DELETE outright; the model refuses them too.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.scoping import ReferenceQuerySet

GENESIS = "0" * 64
# The PostgreSQL advisory lock that serializes appends to the chain ("gftaudit" in ASCII; any bigint no other
# code of this database uses as an advisory lock key).
CHAIN_LOCK_KEY = 0x6766_7461_7564_6974


class EventKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    EXPORT = "export", _("Export")
    UNMASK = "unmask", _("Personal data unmasked")
    ROLE_CHANGE = "role_change", _("Role change")
    PERMISSION_GRANT = "permission_grant", _("Permission grant")
    POLICY_CHANGE = "policy_change", _("Policy parameter version added")
    PERSONAL_DATA_SEARCH = "personal_data_search", _("Search by personal data")
    # Accounts and sign-in (MLPS level 3, 安全审计: every security-relevant event is written).
    LOCKOUT = "lockout", _("Account locked out")
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    OTP_FAILED = "otp_failed", _("Second factor failed")
    OTP_RESET = "otp_reset", _("Second factor reset")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    ACCOUNT_CREATE = "account_create", _("Account created")
    ACCOUNT_DISABLE = "account_disable", _("Account disabled")
    ACCOUNT_ENABLE = "account_enable", _("Account enabled")
    ACCOUNT_UNLOCK = "account_unlock", _("Account unlocked")
    ROLE_GRANT = "role_grant", _("Role granted")
    ROLE_REVOKE = "role_revoke", _("Role revoked")
    RECORD_GRANT = "record_grant", _("Record permission granted")
    RECORD_REVOKE = "record_revoke", _("Record permission revoked")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    SESSION_ENDED = "session_ended", _("Session ended")
    ACCESS_DENIED = "access_denied", _("Access denied")


class EventResult(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


# The kinds that record a refusal or a failed attempt; every other kind records something that was done. The result
# follows from the kind alone, so a search by result is a search by kind (the indexed column), with no column to add.
FAILURE_KINDS = frozenset({EventKind.LOGIN_FAILED, EventKind.OTP_FAILED, EventKind.LOCKOUT, EventKind.ACCESS_DENIED})


def result_of(kind):
    """EventResult.FAILURE for a refusal or a failed attempt, else EventResult.SUCCESS."""
    return EventResult.FAILURE if kind in FAILURE_KINDS else EventResult.SUCCESS


class AppendOnlyError(Exception):
    pass


class SecurityEvent(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["pk"]
        permissions = [("export_securityevent", _("Can export the security event log"))]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("security events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("security events cannot be deleted")

    def content(self):
        return event_content(self)

    def compute_hash(self):
        return hashlib.sha256(f"{self.prev_hash}|{self.content()}".encode()).hexdigest()

    @property
    def result(self):
        return result_of(self.kind)

    def get_result_display(self):
        return EventResult(self.result).label


def event_content(event):
    """What a row's hash covers; the same for a live row and its archived copy."""
    return json.dumps({
        "kind": event.kind, "actor": event.actor_id, "username": event.username, "ip": event.ip_address,
        "target": event.target, "detail": event.detail, "at": event.created_at.isoformat(),
    }, sort_keys=True, ensure_ascii=False)


# The security log is kept at least this long (the Cybersecurity Law, art. 21: network logs for no less than six
# months): SECURITY_LOG_RETENTION_DAYS may be longer, never shorter, and on PostgreSQL the database refuses to
# delete a younger row (migration 0005).
MIN_RETENTION_DAYS = 180


class ArchivedSecurityEvent(models.Model):
    """A security event moved out of the live log after its retention period (ganfutong_admin.observability's
    housekeeping), unchanged: the same id, content and hashes. The archive is the start of the one chain (the
    oldest rows, in id order) and the live log continues it, so verification walks the archive, then the live
    rows, and finds an edit, a deletion or a gap in either. Append-only like the live log."""

    id = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=30)
    actor_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    target = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)
    archived_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("archived security event")
        verbose_name_plural = _("archived security events")
        ordering = ["id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username} (archived)"

    def content(self):
        return event_content(self)

    def compute_hash(self):
        return hashlib.sha256(f"{self.prev_hash}|{self.content()}".encode()).hexdigest()


def _lock_chain():
    """Make this transaction the only writer of the chain until it ends, and return the queryset to read the
    last row through. Locking the last row itself (select_for_update) does not do it on PostgreSQL: under
    READ COMMITTED a writer that waited for that lock still gets the row it waited on, which is no longer the
    last one, so several rows link to it; and on an empty log there is no row to lock at all. A transaction-
    level advisory lock taken before reading makes the read see every chain row committed before it.
    On SQLite the database write lock serializes writers (transaction_mode IMMEDIATE in settings)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        return SecurityEvent.objects.all()
    return SecurityEvent.objects.select_for_update()


def record(kind, *, user=None, request=None, target="", **detail):
    """Append one event. Writers are serialized (_lock_chain) so that concurrent writers keep one chain; the
    lock is held until the outermost transaction ends."""
    username = getattr(user, "username", "") or detail.pop("username", "")
    ip = None
    if request is not None:
        from axes.helpers import get_client_ip_address

        ip = get_client_ip_address(request)
    with transaction.atomic():
        last = _lock_chain().order_by("-pk").only("row_hash").first()
        if last is None:  # everything archived (housekeeping keeps the newest row live; belt and braces)
            last = ArchivedSecurityEvent.objects.order_by("-id").only("row_hash").first()
        event = SecurityEvent(
            kind=kind, actor=user if getattr(user, "pk", None) else None, username=username, ip_address=ip,
            target=str(target)[:200], detail=detail, prev_hash=last.row_hash if last else GENESIS,
        )
        event.row_hash = event.compute_hash()
        event.save()
    return event


@dataclass(frozen=True)
class ChainCheck:
    """What one walk of the chain found: how many rows it read (archived ones included) and the first broken row."""

    checked: int
    archived: int
    broken: object = None  # a SecurityEvent or ArchivedSecurityEvent, or None when the chain is intact

    @property
    def intact(self):
        return self.broken is None


def verify_chain():
    """Walk the whole chain: the archived rows first (the oldest part of the chain), then the live log, which
    continues the archive's last hash. Stops at the first event whose hash or link does not match."""
    prev = GENESIS
    last_archived_id = None
    checked = archived = 0
    for event in ArchivedSecurityEvent.objects.order_by("id").iterator(chunk_size=1000):
        checked += 1
        archived += 1
        if event.prev_hash != prev or event.compute_hash() != event.row_hash:
            return ChainCheck(checked, archived, event)
        prev, last_archived_id = event.row_hash, event.id
    for event in SecurityEvent.objects.order_by("pk").iterator(chunk_size=1000):
        checked += 1
        # A live row at or before the archive's end would be a copy left behind (or a forged continuation).
        if last_archived_id is not None and event.pk <= last_archived_id:
            return ChainCheck(checked, archived, event)
        if event.prev_hash != prev or event.compute_hash() != event.row_hash:
            return ChainCheck(checked, archived, event)
        prev = event.row_hash
    return ChainCheck(checked, archived)


def first_broken_link():
    """The first event whose hash or link does not match, or None when the chain is intact."""
    return verify_chain().broken


def last_hash():
    """The hash at the end of the chain (the backup manifest records it)."""
    last = SecurityEvent.objects.order_by("-pk").only("row_hash").first()
    if last is None:
        last = ArchivedSecurityEvent.objects.order_by("-id").only("row_hash").first()
    return last.row_hash if last else GENESIS
