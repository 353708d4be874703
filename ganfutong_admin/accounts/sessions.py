"""Sign-in sessions and API tokens (GB/T 22239-2019 level 3: 身份鉴别, 访问控制): idle timeout, absolute
lifetime, a limit of concurrent sessions, and ending a user's sessions and tokens at logout, password change,
reset or an administrator's revoke.

Everything is decided at sign-in (user_logged_in) and kept in the session, so the per-request check
(middleware.AccountPolicyMiddleware) reads only the session and the user row already loaded.

    end_sessions(user, keep_session_key=None, by=None)   ends the user's tracked sessions (deleted from the store)
    revoke_tokens(user, by=None)                         revokes the user's active API tokens
"""

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ganfutong_admin.policy.parameters import value

from .security_policy import (
    MAX_CONCURRENT_SESSIONS,
    SESSION_ABSOLUTE_HOURS,
    SESSION_IDLE_MINUTES,
    SYSTEM_ROLE_IDLE_MINUTES,
)

# Session keys written at sign-in.
SESSION_ENDS_AT = "_gft_session_ends_at"  # POSIX seconds: the absolute end, whatever the activity
SESSION_PASSWORD_EXPIRED = "_gft_password_expired"  # True: a rotated role's password is past its age

USER_AGENT_LENGTH = 200


def _session_store():
    """The configured engine's SessionStore (db, cache or cached_db alike: each deletes its own copy)."""
    return import_module(settings.SESSION_ENGINE).SessionStore


def _delete_from_store(session_key):
    store = _session_store()
    store(session_key=session_key).delete(session_key)


def _client_ip(request):
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def end_sessions(user, *, keep_session_key=None, by=None, request=None, reason="revoked"):
    """End every open session of `user` except `keep_session_key`: delete it from the session store (its
    browser is signed out at its next request) and mark it ended. One SESSION_ENDED event per session.
    Returns how many were ended."""
    from ganfutong_admin.audit.models import EventKind, record

    from .models import UserSession

    ended = 0
    with transaction.atomic():
        rows = UserSession.objects.open().filter(user=user).select_for_update()
        if keep_session_key:
            rows = rows.exclude(session_key=keep_session_key)
        for session in rows:
            _delete_from_store(session.session_key)
            session.ended_at = timezone.now()
            session.save(update_fields=["ended_at"])
            record(EventKind.SESSION_ENDED, user=by or user, request=request, target=user.username,
                   reason=reason, session=session.pk)
            ended += 1
    return ended


def revoke_tokens(user, *, by=None, request=None, reason="revoked"):
    """Revoke every active API token of `user`; one TOKEN_REVOKED event when any was. Returns the count."""
    from ganfutong_admin.audit.models import EventKind, record

    from .models import ApiToken

    with transaction.atomic():
        prefixes = list(ApiToken.objects.active().filter(user=user).values_list("prefix", flat=True))
        if not prefixes:
            return 0
        ApiToken.objects.active().filter(user=user).update(revoked_at=timezone.now())
        record(EventKind.TOKEN_REVOKED, user=by or user, request=request, target=user.username,
               reason=reason, tokens=prefixes)
    return len(prefixes)


def revoke_token(token, *, by, request=None):
    """Revoke one token (the user's own from the tokens page, or sec_admin's)."""
    from ganfutong_admin.audit.models import EventKind, record

    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(EventKind.TOKEN_REVOKED, user=by, request=request, target=token.user.username,
           reason="revoked", tokens=[token.prefix])
    return True


def idle_minutes(user):
    from .roles import SYSTEM_ROLES

    return value(SYSTEM_ROLE_IDLE_MINUTES if user.has_role(*SYSTEM_ROLES) else SESSION_IDLE_MINUTES)


def on_sign_in(sender, request, user, **kwargs):
    """user_logged_in: set the idle timeout and the absolute end, note a password past its age, record the
    session and end the oldest ones past MAX_CONCURRENT_SESSIONS."""
    from .passwords import password_expired

    session = getattr(request, "session", None)
    if session is None:
        return
    now = timezone.now()
    session.set_expiry(idle_minutes(user) * 60)
    session[SESSION_ENDS_AT] = int(now.timestamp()) + value(SESSION_ABSOLUTE_HOURS) * 3600
    if password_expired(user, now):
        session[SESSION_PASSWORD_EXPIRED] = True
    if not session.session_key:  # login() cycles the key, so a key exists; belt and braces
        session.save()
    _track(request, user, session.session_key, now)


def _track(request, user, session_key, now):
    from ganfutong_admin.audit.models import EventKind, record

    from .models import User, UserSession

    meta = getattr(request, "META", {})
    with transaction.atomic():
        # One sign-in of the account at a time counts its sessions (two at once cannot both keep 3 others).
        # NO KEY UPDATE: a security event written meanwhile (actor -> this row, a KEY SHARE lock) is not held up,
        # so the chain lock taken below cannot deadlock with it.
        User.objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk", flat=True).first()
        UserSession.objects.update_or_create(session_key=session_key, defaults={
            "user": user, "created_at": now, "ended_at": None, "ip_address": _client_ip(request),
            "user_agent": meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        })
        store = _session_store()
        still_open = []
        for row in UserSession.objects.open().filter(user=user).order_by("-created_at", "-pk"):
            if row.session_key == session_key or store().exists(row.session_key):
                still_open.append(row)
            else:  # expired or flushed without a logout (idle timeout, browser closed): only the bookkeeping
                UserSession.objects.filter(pk=row.pk).update(ended_at=now)
        for row in still_open[value(MAX_CONCURRENT_SESSIONS):]:
            _delete_from_store(row.session_key)
            UserSession.objects.filter(pk=row.pk).update(ended_at=now)
            record(EventKind.SESSION_ENDED, user=user, request=request, target=user.username,
                   reason="concurrent_limit", session=row.pk)


def on_sign_out(sender, request, user, **kwargs):
    """user_logged_out: the logout ends the user's other sessions and revokes its API tokens too."""
    if user is None or not getattr(user, "pk", None):
        return
    end_sessions(user, request=request, reason="logout")
    revoke_tokens(user, request=request, reason="logout")


def end_this_session(request, reason):
    """End the request's own session (absolute lifetime reached): flushed and marked ended, no other session
    of the user touched."""
    from django.contrib.auth.models import AnonymousUser

    from ganfutong_admin.audit.models import EventKind, record

    from .models import UserSession

    user = request.user
    if not user.is_authenticated:  # loads the lazy user before the flush empties the session
        user = None
    key = request.session.session_key
    request.session.flush()
    request.user = AnonymousUser()
    if key:
        ended = UserSession.objects.open().filter(session_key=key).update(ended_at=timezone.now())
        if ended:
            record(EventKind.SESSION_ENDED, user=user, request=request, target=getattr(user, "username", ""),
                   reason=reason)
