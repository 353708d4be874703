"""第二十一条 pages: the data-security register per service (list with export, detail, create, edit)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView

from .filters import RegisterFilter
from .forms import RegisterForm, services_for
from .models import DataSecurityRegister

ARTICLE = "第二十一条"


def _yes_no(value):
    return _("Yes") if value else _("No")


class RegisterListView(ScopedListView):
    model = DataSecurityRegister
    filterset_class = RegisterFilter
    template_name = "security/register/register_list.html"
    sort_fields = {"service": "service__code", "org": "owner_org__path", "complete": "complete",
                   "updated": "updated_at"}
    default_sort = ("owner_org__path", "service__code")
    article = ARTICLE
    export_filename = "data-security-register"
    export_columns = [
        (gettext_lazy("Service code"), lambda r: r.service.code),
        (gettext_lazy("Service"), lambda r: r.service.name),
        (gettext_lazy("Org unit"), lambda r: r.owner_org.name),
        (gettext_lazy("Personal data processed"), lambda r: "、".join(r.personal_data_labels())),
        (gettext_lazy("Masked on display"), lambda r: _yes_no(r.masking_on_display)),
        (gettext_lazy("Encrypted in transit"), lambda r: _yes_no(r.encrypted_in_transit)),
        (gettext_lazy("Encrypted at rest"), lambda r: _yes_no(r.encrypted_at_rest)),
        (gettext_lazy("Authorisation"), lambda r: r.consent_method),
        (gettext_lazy("Retention (months)"), lambda r: r.retention_months),
        (gettext_lazy("Data-sharing recipients"), lambda r: r.sharing_recipients),
        (gettext_lazy("No classified data declared"), lambda r: _yes_no(r.no_classified_data)),
        (pgettext_lazy("register", "Complete"), lambda r: _yes_no(r.complete)),
        (pgettext_lazy("register", "Missing"), lambda r: "、".join(str(m) for m in r.missing())),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("service", "owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_datasecurityregister")
        return ctx


class RegisterDetailView(LoginRequiredMixin, DetailView):
    model = DataSecurityRegister
    template_name = "security/register/register_detail.html"
    context_object_name = "entry"

    def get_object(self, queryset=None):
        return get_visible_or_404(DataSecurityRegister, self.request.user, self.kwargs["pk"],
                                  queryset=DataSecurityRegister.objects.select_related(
                                      "service", "owner_org", "declared_by", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE, missing=self.object.missing(),
                   can_edit=still_in_scope(self.object, self.request.user, "change"),
                   history=self.object.history.select_related("history_user")[:50])
        return ctx


class RegisterEditView(LoginRequiredMixin, View):
    """Create (no pk; ?service=<pk> preselects the service) or edit an entry."""

    template_name = "security/register/register_form.html"

    def get_entry(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("security.add_datasecurityregister"):
                raise PermissionDenied
            return DataSecurityRegister(created_by=user)
        return get_for_action(DataSecurityRegister, user, self.kwargs["pk"], "change",
                              queryset=DataSecurityRegister.objects.select_related("service", "owner_org"))

    def render_page(self, form, entry, status=200):
        return render(self.request, self.template_name, {"form": form, "entry": entry, "article": ARTICLE},
                      status=status)

    def get(self, request, pk=None):
        entry = self.get_entry()
        initial = {}
        if entry.pk is None and request.GET.get("service", "").isdigit():
            if services_for(request.user).filter(pk=request.GET["service"]).exists():
                initial["service"] = request.GET["service"]
        return self.render_page(RegisterForm(instance=entry, user=request.user, initial=initial), entry)

    def post(self, request, pk=None):
        entry = self.get_entry()
        form = RegisterForm(request.POST, instance=entry, user=request.user)
        if not form.is_valid():
            return self.render_page(form, entry, status=400)

        def write():
            saved = form.save(commit=False)
            saved._change_reason = stored(lambda: _("Register entry saved"))
            saved.save()
            return saved

        saved, status = save_form(form, request.user, write, record=entry if entry.pk else None,
                                  action="change" if entry.pk else "add")
        if saved is None:
            return self.render_page(form, entry, status=status)
        if saved.complete:
            messages.success(request, _("Register entry saved: complete."))
        else:
            messages.warning(request, _("Register entry saved, still incomplete: %(missing)s.") % {
                "missing": "、".join(str(m) for m in saved.missing())})
        return redirect("security:register-detail", pk=saved.pk)


