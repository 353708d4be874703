"""Account administration (sys_admin: accounts.add_user / change_user) and role and grant administration
(sec_admin: accounts.assign_role, grant_record, revoke_api_tokens, set_security_policy). Every refusal of a page
is a 403 written to the security log (ACCESS_DENIED); every change is a security event. State changes are POST
only. A password (initial or reset) is shown once, in the answer to the POST that made it, and never stored in
clear: the page is not cached and reloading it does not show it again."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.core.views_base import ScopedListView

from .. import roles
from . import forms, services

ARTICLE = "第二十一条"
MANAGE_ACCOUNTS = "accounts.change_user"
CREATE_ACCOUNTS = "accounts.add_user"
ASSIGN_ROLES = "accounts.assign_role"
GRANT_RECORDS = "accounts.grant_record"
REVOKE_TOKENS = "accounts.revoke_api_tokens"
SET_SECURITY_POLICY = "accounts.set_security_policy"


def require(request, permission):
    """403 unless the user holds `permission`; the refusal is a security event (ACCESS_DENIED, once per request,
    naming the permission that was missing)."""
    if not request.user.has_perm(permission):
        from ganfutong_admin.audit.denials import record_access_denied

        record_access_denied(request, permission=permission)
        raise PermissionDenied


def _account(pk):
    return get_object_or_404(get_user_model().objects.select_related("org_unit"), pk=pk)


def _show_password(request, account, raw, *, created):
    response = render(request, "accounts/admin/password_shown.html", {
        "account": account, "password": raw, "created": created, "article": ARTICLE})
    response["Cache-Control"] = "no-store"
    return response


# --- lists -----------------------------------------------------------------------------------------------------

class AccountListView(ScopedListView):
    """Every account of the province (system administrators are not scoped by org unit)."""

    model = get_user_model()
    filterset_class = forms.AccountFilter
    template_name = "accounts/admin/account_list.html"
    sort_fields = {"username": "username", "login": "last_login", "joined": "date_joined"}
    default_sort = ("username",)
    article = ARTICLE
    permission = MANAGE_ACCOUNTS
    mode = "accounts"
    title = gettext_lazy("Accounts")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return services.accounts().select_related("org_unit").prefetch_related("groups")

    def get_context_data(self, **kwargs):
        from .. import lockout

        ctx = super().get_context_data(**kwargs)
        for account in ctx["object_list"]:
            account.role_badges = sorted((g.name, roles.ROLE_LABELS.get(g.name, g.name)) for g in account.groups.all())
        ctx.update(mode=self.mode, title=self.title,
                   locked=lockout.locked_usernames([u.username for u in ctx["object_list"]]))
        return ctx


class RoleAccountListView(AccountListView):
    """The same list for the security administrator: each account leads to its role page."""

    permission = ASSIGN_ROLES
    mode = "roles"
    title = gettext_lazy("Roles and grants")


class DormantAccountListView(AccountListView):
    template_name = "accounts/admin/dormant_list.html"
    sort_fields = {"username": "username", "activity": "last_activity"}
    default_sort = ("last_activity",)

    def base_queryset(self):
        return services.dormant_accounts().select_related("org_unit").prefetch_related("groups")

    def get_context_data(self, **kwargs):
        from ganfutong_admin.policy.parameters import value

        from ..security_policy import DORMANT_ACCOUNT_DAYS

        ctx = super().get_context_data(**kwargs)
        ctx["dormant_days"] = value(DORMANT_ACCOUNT_DAYS)
        return ctx


# --- one account (sys_admin) -----------------------------------------------------------------------------------

@never_cache
@login_required
def account_create(request):
    require(request, CREATE_ACCOUNTS)
    form = forms.AccountCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            from ..passwords import set_initial_password

            with transaction.atomic():
                account = form.save(commit=False)
                account._history_user = request.user
                raw = set_initial_password(account)
                record(EventKind.ACCOUNT_CREATE, user=request.user, request=request, target=account.username,
                       org_unit=account.org_unit.code, full_name=account.full_name)
            return _show_password(request, account, raw, created=True)
        messages.error(request, _("Nothing was saved; see the errors below."))
    return render(request, "accounts/admin/account_form.html", {"form": form, "article": ARTICLE},
                  status=400 if request.method == "POST" else 200)


@login_required
def account_detail(request, pk):
    require(request, MANAGE_ACCOUNTS)
    from .. import lockout

    account = _account(pk)
    from ..second_factor import has_second_factor

    second_factor = has_second_factor(account)
    locked_until = lockout.locked_until(account.username)
    return render(request, "accounts/admin/account_detail.html", {
        "account": account,
        "roles": [roles.ROLE_LABELS.get(r, r) for r in sorted(account.role_names)],
        "locked": locked_until is not None,
        "locked_until": locked_until,
        "second_factor": second_factor,
        "history": account.history.select_related("history_user").order_by("-history_date", "-history_id")[:50],
        "article": ARTICLE,
    })


def _done(request, pk, changed, done_message, nothing_message):
    if changed:
        messages.success(request, done_message)
    else:
        messages.info(request, nothing_message)
    return redirect("accounts:administration:account-detail", pk=pk)


@require_POST
@login_required
def account_disable(request, pk):
    require(request, MANAGE_ACCOUNTS)
    account = _account(pk)
    if account.pk == request.user.pk:
        messages.error(request, _("You cannot disable your own account."))
        return redirect("accounts:administration:account-detail", pk=pk)
    changed = services.disable_account(account, by=request.user, request=request)
    return _done(request, pk, changed, _("The account is disabled: its sessions ended and its API tokens were "
                                         "revoked. Its history is kept."), _("The account was already disabled."))


@require_POST
@login_required
def account_enable(request, pk):
    require(request, MANAGE_ACCOUNTS)
    account = _account(pk)
    changed = services.enable_account(account, by=request.user, request=request)
    return _done(request, pk, changed, _("The account is enabled."), _("The account was already enabled."))


@require_POST
@never_cache
@login_required
def account_reset_password(request, pk):
    require(request, MANAGE_ACCOUNTS)
    from ..passwords import reset_password

    account = _account(pk)
    if account.pk == request.user.pk:
        messages.error(request, _("Change your own password from the user menu, not by a reset."))
        return redirect("accounts:administration:account-detail", pk=pk)
    raw = reset_password(account, by=request.user, request=request)
    return _show_password(request, account, raw, created=False)


@require_POST
@login_required
def account_unlock(request, pk):
    require(request, MANAGE_ACCOUNTS)
    account = _account(pk)
    changed = services.unlock_account(account, by=request.user, request=request)
    return _done(request, pk, changed, _("The account is unlocked."), _("The account was not locked."))


@require_POST
@login_required
def account_reset_second_factor(request, pk):
    require(request, MANAGE_ACCOUNTS)
    from ..second_factor import has_second_factor, reset_second_factor

    account = _account(pk)
    if not has_second_factor(account):
        return _done(request, pk, False, "", _("The account has no second factor to reset."))
    reset_second_factor(account, by=request.user, request=request)
    return _done(request, pk, True, _("The second factor is reset: the user enrols again at the next sign-in."), "")


# --- roles, record grants and tokens of one account (sec_admin) -------------------------------------------------

def _role_page(request, account, role_form=None, grant_form=None, status=200):
    from ..models import ApiToken, RecordGrant

    return render(request, "accounts/admin/account_roles.html", {
        "account": account,
        "role_form": role_form or forms.RoleForm(account=account, initial={"roles": sorted(account.role_names)}),
        "grant_form": grant_form or (forms.RecordGrantForm() if request.user.has_perm(GRANT_RECORDS) else None),
        "grants": RecordGrant.objects.filter(user=account).select_related("content_type", "granted_by")[:100],
        "tokens": ApiToken.objects.active().filter(user=account).order_by("-created_at"),
        "can_revoke_tokens": request.user.has_perm(REVOKE_TOKENS),
        "allowed_roles": [roles.ROLE_LABELS[r] for r in services.allowed_roles(account)],
        "article": ARTICLE,
    }, status=status)


@login_required
def account_roles(request, pk):
    require(request, ASSIGN_ROLES)
    account = _account(pk)
    if request.method != "POST":
        return _role_page(request, account)
    form = forms.RoleForm(request.POST, account=account)
    if form.is_valid():
        try:
            granted, revoked = services.set_roles(account, form.cleaned_data["roles"], by=request.user,
                                                  request=request)
        except services.RoleChangeRefused as exc:
            for problem in exc.args[0]:
                form.add_error("roles", problem)
        else:
            if granted or revoked:
                messages.success(request, _("Roles saved: %(granted)s granted, %(revoked)s revoked.") % {
                    "granted": "、".join(str(roles.ROLE_LABELS[r]) for r in granted) or "—",
                    "revoked": "、".join(str(roles.ROLE_LABELS[r]) for r in revoked) or "—"})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("accounts:administration:account-roles", pk=pk)
    messages.error(request, _("Nothing was saved; see the errors below."))
    return _role_page(request, account, role_form=form, status=400)


@require_POST
@login_required
def record_grant_add(request, pk):
    require(request, GRANT_RECORDS)
    account = _account(pk)
    form = forms.RecordGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        model = services.grantable_models()[data["model"]]
        try:
            services.grant_record(account, model=model, object_pk=data["object_pk"], action=data["action"],
                                  expires_at=data["expires_at"], by=request.user, request=request,
                                  reason=data["reason"])
        except services.RoleChangeRefused as exc:
            for problem in exc.args[0]:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The record is granted until %(until)s.") % {
                "until": data["expires_at"].strftime("%Y-%m-%d %H:%M")})
            return redirect("accounts:administration:account-roles", pk=pk)
    messages.error(request, _("Nothing was saved; see the errors below."))
    return _role_page(request, account, grant_form=form, status=400)


@require_POST
@login_required
def record_grant_revoke(request, pk, grant_pk):
    require(request, GRANT_RECORDS)
    from ..models import RecordGrant

    grant = get_object_or_404(RecordGrant.objects.select_related("user", "content_type"), pk=grant_pk, user_id=pk)
    if services.revoke_grant(grant, by=request.user, request=request):
        messages.success(request, _("The record grant is revoked."))
    else:
        messages.info(request, _("The record grant was already revoked."))
    return redirect("accounts:administration:account-roles", pk=pk)


@require_POST
@login_required
def account_revoke_tokens(request, pk):
    require(request, REVOKE_TOKENS)
    from ..sessions import revoke_tokens

    account = _account(pk)
    revoke_tokens(account, by=request.user, request=request, reason="security_administrator")
    messages.success(request, _("Every API token of the account is revoked."))
    return redirect("accounts:administration:account-roles", pk=pk)


# --- the security policy (sec_admin) ---------------------------------------------------------------------------

@login_required
def security_policy(request):
    """The policy parameters the user sets through their own permission (ParameterSpec.set_permission): for
    sec_admin, the password, session, lockout, token and dormancy values; each links to its version history."""
    require(request, SET_SECURITY_POLICY)
    from django.utils import timezone

    from ganfutong_admin.policy import parameters

    rows = [row for row in parameters.overview()
            if row["spec"].set_permission and request.user.has_perm(row["spec"].set_permission)]
    return render(request, "policy/parameter_list.html", {
        "rows": rows, "today": timezone.localdate(), "page_heading": _("Security policy"),
        "note_template": "accounts/admin/_security_policy_note.html",
        "page_intro": _("Password, session, lockout, API token and dormancy rules (GB/T 22239-2019 level 3). "
                        "Each value has a version history; a value cannot be set below the level-3 floor.")})
