"""The second factor on every page and on the API for signed-in sessions (API tokens: accounts.authentication).

Placed after the forced password change. With OTP_REQUIRED off it reads one setting and nothing else; on, it reads
the session and the user's roles (which the menu reads anyway), no query of its own; an unverified session of a
user who needs a second factor reaches only the second-factor pages, the password change and logout: pages
redirect to the verification (which sends a user not enrolled yet to the enrolment), the API answers 403.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import needs_second_factor, required, session_verified

API_PREFIX = "/api/"
# Reachable before the second factor: its own pages, the password change that comes first, logout, the language
# switch, static files, the token endpoint family (a token is checked on its own) and the health probe.
ALLOWED_PREFIXES = (
    "/accounts/otp/", "/accounts/password/", "/accounts/logout/", "/i18n/", "/static/", "/api/v1/auth/",
    "/healthz",
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if required() and not request.path.startswith(ALLOWED_PREFIXES):
            refusal = self.refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def refusal(request):
        user = request.user
        if not user.is_authenticated or session_verified(request) or not needs_second_factor(user, request.session):
            return None
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": _("Sign in with your second factor before using the API.")}, status=403)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse("accounts:otp_verify") + (f"?{query}" if query else ""))
