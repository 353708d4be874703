"""The login page, through the sign-in guard (signin_guard): the same rate limit, failure counts and lock as the
token endpoint. A refused attempt gets the lockout page (429) and its password is never checked."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError

from . import lockout, signin_guard


class GuardedAuthenticationForm(AuthenticationForm):
    """AuthenticationForm whose password check is the guard's (instead of a bare authenticate())."""

    refusal = None  # the guard's Outcome when it refused the attempt

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            outcome = signin_guard.sign_in(self.request, username, password)
            if outcome.refused:
                self.refusal = outcome
                raise ValidationError(lockout.refusal_message(outcome), code="refused")
            if outcome.user is None:
                raise self.get_invalid_login_error()
            self.user_cache = outcome.user
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class GuardedAdminAuthenticationForm(GuardedAuthenticationForm, AdminAuthenticationForm):
    """For admin.site.login_form: the Django admin's own login counts and locks like every other sign-in."""


class GuardedLoginView(LoginView):
    form_class = GuardedAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        refusal = signin_guard.check_rate(request)
        if refusal is not None:
            return lockout.refusal_page(request, refusal)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.refusal is not None:
            return lockout.refusal_page(self.request, form.refusal)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        from ganfutong_admin.policy.parameters import value

        from . import security_policy as policy

        # The rules as the policy sets them today (sec_admin may have changed them).
        return super().get_context_data(
            failure_limit=value(policy.LOCKOUT_FAILURE_LIMIT), lockout_minutes=value(policy.LOCKOUT_MINUTES),
            idle_minutes=value(policy.SESSION_IDLE_MINUTES), **kwargs)
