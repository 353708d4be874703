"""No password is checked for a web request except through the sign-in guard (signin_guard).

First in AUTHENTICATION_BACKENDS: django.contrib.auth.authenticate() with a request that the guard did not mark
(the Django admin's own login form, or any view added later that calls authenticate() itself) is refused before
any backend checks the password, so that no path escapes the guard's counts and locks. Django then sends
user_login_failed, which the security log writes as a failed sign-in. Calls without a request (a test's
client.login(), the shell) are not sign-ins from the network and pass.
"""

from django.core.exceptions import PermissionDenied

GUARDED = "_signin_guarded"


def mark_guarded(request):
    """The guard's mark: this request's authenticate() call has been counted."""
    setattr(request, GUARDED, True)


class SigninGuardBackend:
    """Authenticates nobody and grants nothing (no has_perm: permission checks skip it)."""

    def authenticate(self, request, **credentials):
        if request is not None and not getattr(request, GUARDED, False):
            raise PermissionDenied("sign-in outside the sign-in guard")
        return None  # the next backend checks the password
