"""The password policy (GB/T 22239-2019 level 3, 身份鉴别): complexity, no reuse, forced and periodic change.

Validators (wired in AUTH_PASSWORD_VALIDATORS, so Django's forms use them too):
    ComplexityValidator  at least PASSWORD_MIN_LENGTH characters of 3 of 4 classes
    HistoryValidator     not the current password nor one of the last PASSWORD_HISTORY ones

What the account pages call:
    change_password(user, raw, request=...)   the user's own change (validated)
    reset_password(user, by=..., request=...) an administrator's reset: a random password, changed at next login
    set_initial_password(user, raw=None)      a new account's first password, changed at first login

The policy values are read when a password is checked or set, never on every request.
"""

import secrets

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.policy.parameters import value

from .security_policy import PASSWORD_HISTORY, PASSWORD_MAX_AGE_DAYS, PASSWORD_MIN_LENGTH

# (The policy's minimums, 12 characters and 5 passwords, keep these messages plural: no ngettext.)
# The character classes of 3-of-4: anything neither letter nor digit counts as a symbol (incl. CJK, spaces).
CHARACTER_CLASSES = (str.isupper, str.islower, str.isdigit, lambda c: not c.isalnum())
REQUIRED_CLASSES = 3
# Roles whose password expires after PASSWORD_MAX_AGE_DAYS (the system roles and reviewers).
ROTATED_ROLES = ("sys_admin", "sec_admin", "audit_admin", "reviewer")
# History rows kept per user: the largest value PASSWORD_HISTORY may take.
HISTORY_KEPT = 24


def character_classes(password):
    """How many of upper case, lower case, digits and symbols `password` uses."""
    return sum(any(test(c) for c in password) for test in CHARACTER_CLASSES)


class ComplexityValidator:
    """At least PASSWORD_MIN_LENGTH characters, using 3 of: upper case, lower case, digits, symbols."""

    def validate(self, password, user=None):
        min_length = value(PASSWORD_MIN_LENGTH)
        errors = []
        if len(password) < min_length:
            errors.append(ValidationError(
                _("The password needs at least %(min)d characters.") % {"min": min_length},
                code="password_too_short"))
        if character_classes(password) < REQUIRED_CLASSES:
            errors.append(ValidationError(
                _("The password needs three of: upper case letters, lower case letters, digits, symbols."),
                code="password_too_simple"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        min_length = value(PASSWORD_MIN_LENGTH)
        return _("At least %(min)d characters, with three of: upper case letters, lower case letters, digits, "
                 "symbols.") % {"min": min_length}


class HistoryValidator:
    """Not the current password, nor one of the user's last PASSWORD_HISTORY passwords."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        count = value(PASSWORD_HISTORY)
        if any(check_password(password, encoded) for encoded in recent_hashes(user, count)):
            raise ValidationError(
                _("This password is your current one or one of your last %(count)d: choose another one.")
                % {"count": count},
                code="password_reused")

    def get_help_text(self):
        count = value(PASSWORD_HISTORY)
        return _("Not your current password nor one of your last %(count)d.") % {"count": count}


def recent_hashes(user, count):
    """The hashes of the user's last `count` passwords, the current one first."""
    from .models import PasswordHistory

    hashes = [user.password] if user.password else []
    for encoded in PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count]:
        if encoded not in hashes:
            hashes.append(encoded)
    return hashes[:count]


def password_expired(user, now=None):
    """Whether a system role's or reviewer's password is older than PASSWORD_MAX_AGE_DAYS (read at sign-in).
    An account whose password was never changed here counts from when it was created."""
    if not user.has_role(*ROTATED_ROLES):
        return False
    changed = user.password_changed_at or user.date_joined
    if changed is None:
        return False
    now = now or timezone.now()
    return (now - changed).days >= value(PASSWORD_MAX_AGE_DAYS)


def generate_password(length=16):
    """A random password that meets the policy (all four classes; no look-alike characters, and no symbol HTML
    escapes, & < > or quotes, so the page shows it as it is)."""
    length = max(length, value(PASSWORD_MIN_LENGTH))
    alphabets = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "@#$%*+-=?!")
    pool = "".join(alphabets)
    rng = secrets.SystemRandom()
    chars = [rng.choice(alphabet) for alphabet in alphabets]
    chars += [rng.choice(pool) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def _store(user, raw, *, must_change):
    """Set the password, remember its hash for the reuse check, and prune the history."""
    from .models import PasswordHistory

    user.set_password(raw)
    user.password_changed_at = timezone.now()
    user.must_change_password = must_change
    if user.pk is None:
        user.save()
    else:
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=user, password=user.password, created_at=user.password_changed_at)
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[HISTORY_KEPT:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def change_password(user, raw, *, request=None):
    """The user's own change: validated (ValidationError otherwise); clears a forced change, ends the user's
    other sessions and revokes its API tokens. The current session (request's, if it is this user's) stays."""
    from ganfutong_admin.audit.models import EventKind, record

    from .models import UserSession
    from .sessions import SESSION_PASSWORD_EXPIRED, end_sessions, revoke_tokens

    validate_password(raw, user)
    own_request = request is not None and getattr(request, "user", None) is not None and (
        request.user.pk == user.pk)
    keep = request.session.session_key if own_request else None
    with transaction.atomic():
        _store(user, raw, must_change=False)
        end_sessions(user, keep_session_key=keep, by=user, request=request, reason="password_change")
        revoke_tokens(user, by=user, request=request, reason="password_change")
        record(EventKind.PASSWORD_CHANGE, user=user, request=request, target=user.username)
    if own_request:
        # The session carries a hash of the password: without this the current session would end too.
        update_session_auth_hash(request, user)
        request.session.pop(SESSION_PASSWORD_EXPIRED, None)
        # update_session_auth_hash gave the session a new key: the session record follows it.
        UserSession.objects.filter(session_key=keep).update(session_key=request.session.session_key)


def reset_password(user, *, by, request=None):
    """An administrator's reset: returns a random compliant password, to be changed at the next sign-in. Ends
    every session of the user and revokes its API tokens."""
    from ganfutong_admin.audit.models import EventKind, record

    from .sessions import end_sessions, revoke_tokens

    raw = generate_password()
    with transaction.atomic():
        _store(user, raw, must_change=True)
        end_sessions(user, by=by, request=request, reason="password_reset")
        revoke_tokens(user, by=by, request=request, reason="password_reset")
        record(EventKind.PASSWORD_RESET, user=by, request=request, target=user.username)
    return raw


def set_initial_password(user, raw=None):
    """A new account's first password (random when `raw` is None; validated otherwise), to be changed at the
    first sign-in. Saves the user (creating it if new). Writes no event: the creator writes ACCOUNT_CREATE."""
    from .sessions import end_sessions, revoke_tokens

    if raw is None:
        raw = generate_password()
    else:
        validate_password(raw, user)
    with transaction.atomic():
        existed = user.pk is not None
        _store(user, raw, must_change=True)
        if existed:
            end_sessions(user, reason="password_reset")
            revoke_tokens(user, reason="password_reset")
    return raw
