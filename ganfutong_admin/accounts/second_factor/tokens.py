"""The second factor for API tokens: the token endpoint takes an optional `otp` code and marks the token verified;
HashedTokenAuthentication refuses (403) an unverified token of a user who needs a second factor.

Per request this reads the setting and the token row already loaded; only an unverified token (with OTP_REQUIRED
on) asks for the user's roles.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from . import needs_second_factor, record_failure, required, verify_code

# Reachable with an unverified token: the token endpoints themselves (revoking one's own token, signing out).
EXEMPT_PREFIXES = ("/api/v1/auth/",)


def refuse_unverified_token(request, token):
    if not required() or token.second_factor_verified or request.path.startswith(EXEMPT_PREFIXES):
        return
    if needs_second_factor(token.user):
        raise exceptions.PermissionDenied(_(
            "This token was issued without the second factor: ask for a new one with the \"otp\" code of your "
            "authenticator app."
        ))


class WrongSecondFactorCode(exceptions.APIException):
    # 401 like a wrong password (AuthenticationFailed would become 403 in a view without authenticators).
    status_code = 401
    default_detail = _("Wrong or already used second-factor code.")
    default_code = "wrong_second_factor_code"


def code_verifies(request, user, code):
    """For the token endpoint: False when no code was given; True when it verifies; a wrong code is recorded
    and refused (401), so that no token comes out of it."""
    if not code:
        return False
    verification = verify_code(user, code)
    if not verification.ok:
        record_failure(request, user, stage="token", verification=verification, in_session=False)
        raise WrongSecondFactorCode()
    return True
