"""第二十一条 pages: suppliers with their confidentiality agreements and personnel, and what expires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.scoping import permission_for

from .forms import PersonForm, SupplierForm
from .models import EXPIRY_WINDOW_DAYS, Supplier, SupplierPerson

ARTICLE = "第二十一条"


class SupplierListView(ScopedListView):
    model = Supplier
    template_name = "security/suppliers/supplier_list.html"
    sort_fields = {"name": "name", "org": "owner_org__path", "expires": "nda_expires_on"}
    default_sort = ("owner_org__path", "name")
    article = ARTICLE
    export_filename = "suppliers"
    export_columns = [
        (gettext_lazy("Supplier"), lambda s: s.name),
        (gettext_lazy("Org unit"), lambda s: s.owner_org.name),
        (gettext_lazy("Confidentiality agreement signed on"), lambda s: s.nda_signed_on),
        (gettext_lazy("Confidentiality agreement expires on"), lambda s: s.nda_expires_on),
        (gettext_lazy("Personnel"), lambda s: s.person_count),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org").annotate(person_count=Count("people"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_supplier")
        return ctx


class SupplierDetailView(LoginRequiredMixin, DetailView):
    model = Supplier
    template_name = "security/suppliers/supplier_detail.html"
    context_object_name = "supplier"

    def get_object(self, queryset=None):
        return get_visible_or_404(Supplier, self.request.user, self.kwargs["pk"],
                                  queryset=Supplier.objects.select_related("owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        can_edit = still_in_scope(self.object, self.request.user, "change")
        ctx.update(article=ARTICLE, can_edit=can_edit, people=self.object.people.with_flags().order_by("name"),
                   person_form=kwargs.get("person_form") or (PersonForm() if can_edit else None),
                   history=self.object.history.select_related("history_user")[:50])
        return ctx


class SupplierEditView(LoginRequiredMixin, View):
    template_name = "security/suppliers/supplier_form.html"

    def get_supplier(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("security.add_supplier"):
                raise PermissionDenied
            return Supplier(created_by=user)
        return get_for_action(Supplier, user, self.kwargs["pk"], "change")

    def render_page(self, form, supplier, status=200):
        return render(self.request, self.template_name, {"form": form, "supplier": supplier, "article": ARTICLE},
                      status=status)

    def get(self, request, pk=None):
        supplier = self.get_supplier()
        return self.render_page(SupplierForm(instance=supplier, user=request.user), supplier)

    def post(self, request, pk=None):
        supplier = self.get_supplier()
        form = SupplierForm(request.POST, request.FILES, instance=supplier, user=request.user)
        if not form.is_valid():
            return self.render_page(form, supplier, status=400)
        saved, status = save_form(form, request.user, form.save, action="change" if supplier.pk else "add")
        if saved is None:
            return self.render_page(form, supplier, status=status)
        messages.success(request, _("Supplier saved."))
        return redirect("security:supplier-detail", pk=saved.pk)


@login_required
@require_POST
def person_add(request, pk):
    supplier = get_for_action(Supplier, request.user, pk, "change")
    form = PersonForm(request.POST)
    if not form.is_valid():
        view = SupplierDetailView(request=request, kwargs={"pk": pk}, object=supplier)
        return render(request, view.template_name, view.get_context_data(object=supplier, person_form=form),
                      status=400)
    person = form.save(commit=False)
    person.supplier = supplier
    person.save()
    messages.success(request, _("Person added."))
    return redirect("security:supplier-detail", pk=pk)


@login_required
def expiry(request):
    """Confidentiality agreements and background checks that expire within the window, and those that expired;
    personnel of suppliers without a valid agreement."""
    if not request.user.has_perm(permission_for(Supplier, "view")):
        raise PermissionDenied
    today = timezone.localdate()
    suppliers = Supplier.objects.visible_to(request.user).select_related("owner_org")
    people = (SupplierPerson.objects.visible_to(request.user).filter(core_data_access=True)
              .select_related("supplier", "supplier__owner_org"))
    return render(request, "security/suppliers/expiry.html", {
        "article": ARTICLE, "today": today, "days": EXPIRY_WINDOW_DAYS,
        "nda_expiring": list(suppliers.nda_expiring(today).order_by("nda_expires_on", "pk")),
        "nda_expired": list(suppliers.nda_expired(today).order_by("nda_expires_on", "pk")),
        "checks_expiring": list(people.check_expiring(today).order_by("check_expires_on", "pk")),
        "checks_expired": list(people.check_expired(today).order_by("check_expires_on", "pk")),
        "flagged": list(people.with_flags(today).filter(supplier_nda_expired=True).order_by("supplier__name", "pk")),
    })
