"""The signed-in user's own pages: change one's password, list and revoke one's API tokens."""

from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from ganfutong_admin.policy.parameters import value

from .middleware import password_change_due
from .models import ApiToken
from .passwords import change_password
from .security_policy import PASSWORD_HISTORY, PASSWORD_MIN_LENGTH
from .sessions import SESSION_PASSWORD_EXPIRED, revoke_token


class PasswordChangePage(LoginRequiredMixin, FormView):
    template_name = "accounts/password_change.html"
    # Old password, new one twice; the policy's validators run on the new one (AUTH_PASSWORD_VALIDATORS). The
    # form is never saved: form_valid calls change_password (history, sessions, tokens, the event).
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            min_length=value(PASSWORD_MIN_LENGTH), history=value(PASSWORD_HISTORY),
            forced=password_change_due(self.request),
            expired=bool(self.request.session.get(SESSION_PASSWORD_EXPIRED)) and not user.must_change_password,
        )
        return context

    def form_valid(self, form):
        try:
            change_password(self.request.user, form.cleaned_data["new_password1"], request=self.request)
        except ValidationError as error:  # a rule that changed between clean() and now: show it, save nothing
            form.add_error("new_password2", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your password has been changed. Your other sessions have ended and "
                                         "your API tokens are revoked."))
        return redirect("core:home")


class TokenListPage(LoginRequiredMixin, ListView):
    """The user's own API tokens, newest first."""

    template_name = "accounts/tokens.html"
    context_object_name = "tokens"
    paginate_by = 20
    page_title = gettext_lazy("My API tokens")

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user).order_by("-created_at", "-pk")


class TokenRevokeView(LoginRequiredMixin, View):
    """POST only. Another user's token is a 404, like a token that does not exist."""

    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=request.user)
        if revoke_token(token, by=request.user, request=request):
            messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
        else:
            messages.info(request, _("Token %(prefix)s… was already revoked.") % {"prefix": token.prefix})
        return redirect("accounts:tokens")
