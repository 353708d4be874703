"""Inspection templates (checklists): reference data managed by the provincial authority and the operator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView

from .filters import InspectionTemplateFilter
from .forms import InspectionTemplateForm, template_item_formset
from .models import Inspection, InspectionTemplate

ARTICLE = "第十六条、第十七条"


def can_add_template(user):
    return user.has_perm("maintenance.add_inspectiontemplate")


def can_change_template(user):
    return user.has_perm("maintenance.change_inspectiontemplate")


class TemplateListView(ScopedListView):
    model = InspectionTemplate
    filterset_class = InspectionTemplateFilter
    template_name = "maintenance/inspections/template_list.html"
    sort_fields = {"name": "name", "kind": "kind", "updated": "updated_at"}
    default_sort = ("kind", "name")
    article = ARTICLE

    def base_queryset(self):
        return super().base_queryset().annotate(item_count=Count("items"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = can_add_template(self.request.user)
        return ctx


class TemplateDetailView(LoginRequiredMixin, DetailView):
    model = InspectionTemplate
    template_name = "maintenance/inspections/template_detail.html"
    context_object_name = "template_obj"

    def get_object(self, queryset=None):
        return get_visible_or_404(InspectionTemplate, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        template = self.object
        user = self.request.user
        ctx.update(
            article=ARTICLE,
            items=template.items.all(),
            can_change=can_change_template(user),
            inspection_count=Inspection.objects.visible_to(user).filter(template=template).count(),
            history=template.history.select_related("history_user")[:50],
        )
        return ctx


class TemplateEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a template with its checklist. Past inspections keep the item texts they used."""

    template_name = "maintenance/inspections/template_form.html"

    def get_template(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not can_add_template(user):
                raise PermissionDenied
            return InspectionTemplate(created_by=user)
        template = get_visible_or_404(InspectionTemplate, user, self.kwargs["pk"])
        if not can_change_template(user):
            raise PermissionDenied
        return template

    def forms(self, template, data=None):
        formset_class = template_item_formset(extra=3 if template.pk is None else 1)
        return (InspectionTemplateForm(data, instance=template),
                formset_class(data, instance=template, prefix="items"))

    def render_page(self, form, formset, status=200):
        return render(self.request, self.template_name,
                      {"form": form, "formset": formset, "template_obj": form.instance, "article": ARTICLE},
                      status=status)

    def get(self, request, pk=None):
        return self.render_page(*self.forms(self.get_template()))

    def post(self, request, pk=None):
        template = self.get_template()
        form, formset = self.forms(template, request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_page(form, formset, status=400)
        with transaction.atomic():
            template = form.save()
            for item_form in formset.forms:
                data = getattr(item_form, "cleaned_data", {}) or {}
                item = item_form.instance
                if data.get("DELETE") or not (data.get("text") or "").strip():
                    if item.pk:
                        item.delete()
            order = 0
            for item_form in formset.forms:
                data = getattr(item_form, "cleaned_data", {}) or {}
                text = (data.get("text") or "").strip()
                if data.get("DELETE") or not text:
                    continue
                order += 1
                item = item_form.instance
                item.template, item.order, item.text = template, order, text
                item.save()
        messages.success(request, _("Template saved with %(count)s check items.") % {"count": order})
        return redirect("maintenance:inspection-template-detail", pk=template.pk)


@login_required
@require_POST
def template_toggle_active(request, pk):
    """Deactivate (or reactivate) a template: inactive ones are kept for past inspections only."""
    template = get_visible_or_404(InspectionTemplate, request.user, pk)
    if not can_change_template(request.user):
        raise PermissionDenied
    with transaction.atomic():
        template = InspectionTemplate.objects.select_for_update().get(pk=template.pk)
        template.is_active = not template.is_active
        template._change_reason = stored(lambda: _("Reactivated") if template.is_active else _("Deactivated"))
        template.save(update_fields=["is_active", "updated_at"])
    messages.success(request, _("The template can be chosen for new inspections again.") if template.is_active
                     else _("The template is deactivated: it is kept for past inspections only."))
    return redirect("maintenance:inspection-template-detail", pk=pk)
