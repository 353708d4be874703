"""第二十二条 pages: connected systems with their MLPS level and last assessment, the overdue assessments, and one
org unit's network-security duties (its responsible person, read from operations, and its systems)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, org_units_for
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.scoping import permission_for

from .forms import SystemForm
from .models import ConnectedSystem

ARTICLE = "第二十二条"
SECURITY_DUTY = "security"  # operations' Duty.SECURITY, by value: this chapter does not import operations' models


class SystemListView(ScopedListView):
    model = ConnectedSystem
    template_name = "security/duties/system_list.html"
    sort_fields = {"name": "name", "org": "owner_org__path", "level": "mlps_level", "due": "assessment_due_on"}
    default_sort = ("owner_org__path", "name")
    article = ARTICLE
    export_filename = "connected-systems"
    export_columns = [
        (gettext_lazy("System"), lambda s: s.name),
        (gettext_lazy("Org unit"), lambda s: s.owner_org.name),
        (gettext_lazy("MLPS level"), lambda s: s.mlps_level),
        (gettext_lazy("Last MLPS assessment on"), lambda s: s.last_assessed_on),
        (gettext_lazy("Next assessment due on"), lambda s: s.assessment_due_on),
    ]

    def base_queryset(self):
        qs = super().base_queryset().select_related("owner_org")
        if self.request.GET.get("overdue") == "1":
            qs = qs.assessment_overdue()
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(can_add=self.request.user.has_perm("security.add_connectedsystem"),
                   overdue_only=self.request.GET.get("overdue") == "1")
        return ctx


class SystemEditView(LoginRequiredMixin, View):
    template_name = "security/duties/system_form.html"

    def get_system(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("security.add_connectedsystem"):
                raise PermissionDenied
            return ConnectedSystem(created_by=user)
        return get_for_action(ConnectedSystem, user, self.kwargs["pk"], "change")

    def render_page(self, form, system, status=200):
        return render(self.request, self.template_name, {"form": form, "system": system, "article": ARTICLE},
                      status=status)

    def get(self, request, pk=None):
        system = self.get_system()
        return self.render_page(SystemForm(instance=system, user=request.user), system)

    def post(self, request, pk=None):
        system = self.get_system()
        form = SystemForm(request.POST, instance=system, user=request.user)
        if not form.is_valid():
            return self.render_page(form, system, status=400)
        saved, status = save_form(form, request.user, form.save, action="change" if system.pk else "add")
        if saved is None:
            return self.render_page(form, system, status=status)
        messages.success(request, _("System saved."))
        return redirect("security:system-list")


@login_required
def org_duties(request, org_id):
    """One org unit's network-security duties: its responsible person and its connected systems."""
    from operations.selectors import current_responsible_person

    if not request.user.has_perm(permission_for(ConnectedSystem, "view")):
        raise PermissionDenied
    unit = org_units_for(request.user, ConnectedSystem, "view").filter(pk=org_id).first()
    if unit is None:
        raise Http404
    return render(request, "security/duties/org_duties.html", {
        "article": ARTICLE, "unit": unit, "today": timezone.localdate(),
        "person": current_responsible_person(unit, SECURITY_DUTY),
        "systems": list(ConnectedSystem.objects.visible_to(request.user).filter(owner_org=unit)
                        .order_by("name", "pk")),
    })
