"""The second-factor pages: enrolment (QR code, secret, a first code, then ten recovery codes shown once) and the
verification step after the password. Both refuse to run when OTP_REQUIRED is off (nothing sends anyone here then,
and a verified session would cost a device query on each request)."""

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from ganfutong_admin.audit.models import EventKind, record

from . import (
    FAILURES_BEFORE_SIGN_OUT,
    clear_failures,
    confirm_enrolment,
    has_second_factor,
    needs_second_factor,
    pending_device,
    qr,
    record_failure,
    remaining_recovery_codes,
    required,
    session_verified,
    verify_code,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code or recovery code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "form-control",
                                      "inputmode": "text", "spellcheck": "false"}),
    )


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return candidate
    return reverse("core:home")


def _with_next(url_name, request):
    query = urlencode({"next": _next_url(request)})
    return f"{reverse(url_name)}?{query}"


def grouped(secret):
    """The base32 secret in groups of four, as authenticator apps show it for typing in by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


class SecondFactorPage(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not required():
            messages.info(request, _("The second factor is not enabled in this environment."))
            return redirect("core:home")
        return super().dispatch(request, *args, **kwargs)

    def wrong_code(self, request, form, verification, stage):
        """Record the failure; the fifth in a row ends the session (back to the login page)."""
        failures = record_failure(request, request.user, stage=stage, verification=verification)
        if failures >= FAILURES_BEFORE_SIGN_OUT:
            from ganfutong_admin.accounts.sessions import end_this_session

            end_this_session(request, reason="second_factor_failures")
            messages.error(request, _("Too many wrong codes: you have been signed out. Sign in again."))
            return redirect("accounts:login")
        if verification.locked_until is not None:
            when = formats.time_format(timezone.localtime(verification.locked_until), "H:i:s")
            form.add_error("code", _("Too many wrong codes: try again after %(time)s.") % {"time": when})
        else:
            form.add_error("code", _("The code is wrong or has already been used."))
        return None


class EnrolPage(SecondFactorPage):
    template_name = "accounts/otp_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and required() and has_second_factor(request.user):
            # Enrolled already: a second authenticator only after sys_admin resets the first.
            return HttpResponseRedirect(_with_next("accounts:otp_verify", request))
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, form, status=200):
        device = pending_device(request.user, create=True)
        return TemplateResponse(request, self.template_name, {
            "form": form, "secret": grouped(b32encode(device.bin_key).decode()), "next": _next_url(request),
            "voluntary": not needs_second_factor(request.user),
        }, status=status)

    def get(self, request):
        return self.render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        verification, codes = confirm_enrolment(request.user, form.cleaned_data["code"])
        if not verification.ok:
            signed_out = self.wrong_code(request, form, verification, stage="enrol")
            return signed_out or self.render(request, form, status=400)
        otp_login(request, verification.device)
        clear_failures(request)
        record(EventKind.OTP_ENROLLED, user=request.user, request=request, target=request.user.username,
               recovery_codes=len(codes))
        # Shown in this answer only: the database keeps them for checking, no page shows them again.
        return TemplateResponse(request, "accounts/otp_recovery_codes.html",
                                {"codes": codes, "next": _next_url(request)})


class EnrolQrCode(SecondFactorPage):
    """The QR code of the authenticator being enrolled. Never that of a confirmed one: a session alone must not
    be able to copy a second factor."""

    def get(self, request):
        device = pending_device(request.user)
        if device is None:
            raise Http404
        response = HttpResponse(qr.svg(device.config_url, title=_("QR code for your authenticator app")),
                                content_type="image/svg+xml")
        response["Cache-Control"] = "no-store"
        return response


class VerifyPage(SecondFactorPage):
    template_name = "accounts/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and required():
            if session_verified(request):
                return HttpResponseRedirect(_next_url(request))
            if not has_second_factor(request.user):
                return HttpResponseRedirect(_with_next("accounts:otp_enrol", request))
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, form, status=200):
        return TemplateResponse(request, self.template_name, {"form": form, "next": _next_url(request)},
                                status=status)

    def get(self, request):
        return self.render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        verification = verify_code(request.user, form.cleaned_data["code"])
        if not verification.ok:
            signed_out = self.wrong_code(request, form, verification, stage="verify")
            return signed_out or self.render(request, form, status=400)
        otp_login(request, verification.device)
        clear_failures(request)
        if isinstance(verification.device, StaticDevice):
            left = remaining_recovery_codes(request.user)
            messages.warning(request, _("You signed in with a recovery code: %(count)s left.") % {"count": left})
        return HttpResponseRedirect(_next_url(request))
