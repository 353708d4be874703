"""The second factor (TOTP with django-otp, plus ten one-time recovery codes) of the roles that decide, supervise,
audit or administer (issue 10, point 5; GB/T 22239-2019 8.1.4.1 d: two factors for the administrators).

Who needs it is read from what a request has already loaded (the user's roles, which every page's menu reads
anyway), and only while settings.OTP_REQUIRED is on: off (the embedded demo only), nothing here runs per request.
Whether a session passed it is in the session (django_otp.login writes the device there): no query per request,
where django-otp's own OTPMiddleware would load the device on every request of every verified user. That is
sound because a device only goes away through reset_second_factor(), which ends the user's sessions.
The account administration calls has_second_factor() and reset_second_factor().
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ganfutong_admin.audit.models import EventKind, record

# Reviewers, supervisors, org-unit administrators, auditors and the three system roles (docs/roles.md):
# submitters and publishers sign in with a password alone.
SECOND_FACTOR_ROLES = frozenset({
    "reviewer", "supervisor", "org_admin", "auditor", "sys_admin", "sec_admin", "audit_admin",
})
RECOVERY_CODE_COUNT = 10
# Wrong codes in a row that end the session (django-otp's throttling also makes each further try wait longer,
# 1, 2, 4... seconds, and that count survives the session).
FAILURES_BEFORE_SIGN_OUT = 5
FAILURES_SESSION_KEY = "second_factor_failures"
TOTP_DIGITS = 6


def required():
    """Whether the second factor is enforced (read at request time so that tests can turn it on)."""
    return settings.OTP_REQUIRED


# Set at sign-in for a user whose role does not need a second factor but who enrolled one anyway (from the user
# menu): from then on its sign-ins ask for it too. Read from the session, so no query per request.
ENROLLED_SESSION_KEY = "second_factor_enrolled"


def needs_second_factor(user, session=None):
    """Whether this user must pass a second factor; reads the roles the request has loaded anyway, and the
    session's note of a voluntary enrolment."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.has_role(*SECOND_FACTOR_ROLES)
        or bool(session is not None and session.get(ENROLLED_SESSION_KEY))
    )


def note_voluntary_enrolment(sender, request, user, **kwargs):
    """user_logged_in: a user who enrolled without needing to is asked for the second factor as well."""
    session = getattr(request, "session", None)
    if session is None or not required() or needs_second_factor(user) or not has_second_factor(user):
        return
    session[ENROLLED_SESSION_KEY] = True


def session_verified(request):
    """Whether this session passed the second factor: read from the session, no query."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(DEVICE_ID_SESSION_KEY))


def has_second_factor(user):
    """Whether the user has enrolled (a confirmed authenticator app)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def reset_second_factor(user, *, by, request=None):
    """Delete every device of the user (authenticator and recovery codes): the next sign-in enrols again. The
    user's sessions end (they were verified with the old device) and its tokens are no longer verified."""
    from ganfutong_admin.accounts.models import ApiToken
    from ganfutong_admin.accounts.sessions import end_sessions

    with transaction.atomic():
        removed = 0
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        ApiToken.objects.filter(user=user, second_factor_verified=True).update(second_factor_verified=False)
        record(EventKind.OTP_RESET, user=by, request=request, target=user.username, devices=removed)
        end_sessions(user, by=by, request=request, reason="second_factor_reset")
    return removed


def normalise(code):
    """What the user typed, as the devices store it: no spaces or dashes, recovery codes in lower case."""
    return "".join(str(code or "").split()).replace("-", "").lower()


@dataclass(frozen=True)
class Verification:
    device: object = None
    # Set when django-otp's throttling refused to check the code at all (too many wrong ones just before).
    locked_until: datetime | None = None

    @property
    def ok(self):
        return self.device is not None


def _check(device, code):
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return Verification(locked_until=(info or {}).get("locked_until"))
    return Verification(device=device if device.verify_token(code) else None)


def verify_code(user, code):
    """Check a code against the user's confirmed devices: six digits are a TOTP code, anything else a recovery
    code (consumed when it matches). The device row is locked meanwhile, so that one code cannot pass twice."""
    code = normalise(code)
    if not code:
        return Verification()
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        if device is None:
            return Verification()
        return _check(device, code)


def pending_device(user, *, create=False, for_update=False):
    """The authenticator being enrolled (not confirmed yet): kept between page loads so the QR code stays."""
    devices = TOTPDevice.objects.filter(user=user, confirmed=False)
    if for_update:
        devices = devices.select_for_update()
    device = devices.order_by("pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_enrolment(user, code):
    """Confirm the pending authenticator with a code from it; returns (verification, recovery codes)."""
    with transaction.atomic():
        device = pending_device(user, for_update=True)
        if device is None:
            return Verification(), []
        result = _check(device, normalise(code))
        if not result.ok:
            return result, []
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One authenticator per person: anything else pending goes.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = issue_recovery_codes(user)
    return result, codes


def issue_recovery_codes(user):
    """Ten new one-time codes (the old ones stop working); returned once, to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def record_failure(request, user, *, stage, verification, in_session=True):
    """One wrong (or throttled) code: a security event, and the count of wrong codes in a row in this session.
    Returns that count (0 without a session: the token endpoint, which must not start one)."""
    failures = 0
    session = getattr(request, "session", None) if in_session else None
    if session is not None:
        failures = session.get(FAILURES_SESSION_KEY, 0) + 1
        session[FAILURES_SESSION_KEY] = failures
    detail = {"stage": stage, "failures_in_a_row": failures}
    if verification.locked_until is not None:
        detail["throttled_until"] = verification.locked_until.isoformat()
    record(EventKind.OTP_FAILED, user=user, request=request, target=user.username, **detail)
    return failures


def clear_failures(request):
    getattr(request, "session", {}).pop(FAILURES_SESSION_KEY, None)
