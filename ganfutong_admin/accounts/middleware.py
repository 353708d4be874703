"""The per-request half of the sign-in policy: the session's absolute lifetime, and a forced password change
before anything else. It reads only the session and the user row AuthenticationMiddleware loads anyway: no
query on an ordinary request (the decisions are taken at sign-in, accounts.sessions.on_sign_in)."""

import time

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .sessions import SESSION_ENDS_AT, SESSION_PASSWORD_EXPIRED, end_this_session

API_PREFIX = "/api/"
# Reachable while a password change is due: the second-factor enrolment comes right after it.
OTP_PREFIX = "/accounts/otp/"


def password_change_due(request):
    """An initial or reset password (on the user row), or a rotated role's password past its age (decided at
    sign-in, in the session)."""
    return bool(request.user.must_change_password or request.session.get(SESSION_PASSWORD_EXPIRED))


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def allowed_prefixes(self):
        return (reverse("accounts:password_change"), reverse("accounts:logout"), settings.STATIC_URL,
                OTP_PREFIX, "/i18n/")

    def __call__(self, request):
        # No session cookie: nobody is signed in by session, nothing to load.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            refusal = self.check(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def check(self, request):
        ends_at = request.session.get(SESSION_ENDS_AT)
        if ends_at is not None and time.time() >= ends_at:
            end_this_session(request, reason="absolute_lifetime")
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"detail": _("Your session has ended: sign in again.")}, status=401)
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL), REDIRECT_FIELD_NAME)
        if not request.user.is_authenticated or not password_change_due(request):
            return None
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": _("Change your password before using the system.")}, status=403)
        if request.path.startswith(self.allowed_prefixes):
            return None
        return redirect("accounts:password_change")
