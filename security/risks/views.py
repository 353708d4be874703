"""第二十条 pages: the risk register (list with export, detail, create/edit, heat map of open risks) and security
assessments (list, detail with findings and their rectifications, record)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.scoping import permission_for

from .filters import AssessmentFilter, RiskFilter
from .forms import AssessmentForm, RiskForm
from .lifecycle import ARTICLE, record_assessment
from .models import Risk, RiskLevel, SecurityAssessment, level_of


class RiskListView(ScopedListView):
    model = Risk
    filterset_class = RiskFilter
    template_name = "security/risks/risk_list.html"
    sort_fields = {"due": "due_on", "score": "score_value", "org": "owner_org__path", "status": "status"}
    default_sort = ("due_on", "pk")
    article = ARTICLE
    export_filename = "risk-register"
    export_columns = [
        (gettext_lazy("Threat"), lambda r: r.threat),
        (gettext_lazy("Asset or service"), lambda r: r.subject),
        (gettext_lazy("Org unit"), lambda r: r.owner_org.name),
        (gettext_lazy("Likelihood"), lambda r: r.likelihood),
        (gettext_lazy("Impact"), lambda r: r.impact),
        (gettext_lazy("Score"), lambda r: r.score),
        (gettext_lazy("Level"), lambda r: r.get_level_display()),
        (gettext_lazy("Risk owner"), lambda r: r.owner_name),
        (gettext_lazy("Treatment"), lambda r: r.treatment),
        (gettext_lazy("Treatment due on"), lambda r: r.due_on),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Overdue"), lambda r: _("Yes") if r.overdue else _("No")),
    ]

    def base_queryset(self):
        return super().base_queryset().with_flags().select_related("owner_org", "service")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_risk")
        return ctx


class RiskDetailView(LoginRequiredMixin, DetailView):
    model = Risk
    template_name = "security/risks/risk_detail.html"
    context_object_name = "risk"

    def get_object(self, queryset=None):
        return get_visible_or_404(Risk, self.request.user, self.kwargs["pk"], queryset=Risk.objects.with_flags()
                                  .select_related("owner_org", "service", "assessment", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE, can_edit=still_in_scope(self.object, self.request.user, "change"),
                   history=self.object.history.select_related("history_user")[:50])
        return ctx


class RiskEditView(LoginRequiredMixin, View):
    template_name = "security/risks/risk_form.html"

    def get_risk(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("security.add_risk"):
                raise PermissionDenied
            return Risk(created_by=user)
        return get_for_action(Risk, user, self.kwargs["pk"], "change")

    def render_page(self, form, risk, status=200):
        return render(self.request, self.template_name, {"form": form, "risk": risk, "article": ARTICLE},
                      status=status)

    def get(self, request, pk=None):
        risk = self.get_risk()
        return self.render_page(RiskForm(instance=risk, user=request.user), risk)

    def post(self, request, pk=None):
        risk = self.get_risk()
        form = RiskForm(request.POST, instance=risk, user=request.user)
        if not form.is_valid():
            return self.render_page(form, risk, status=400)

        def write():
            saved = form.save(commit=False)
            saved._change_reason = stored(lambda: _("Risk saved"))
            saved.save()
            return saved

        saved, status = save_form(form, request.user, write, record=risk if risk.pk else None,
                                  action="change" if risk.pk else "add")
        if saved is None:
            return self.render_page(form, risk, status=status)
        messages.success(request, _("Risk saved."))
        return redirect("security:risk-detail", pk=saved.pk)


def heat_map_cells(user):
    """[(likelihood, impact, count)] of the open risks the user sees, in one grouped query."""
    return list(Risk.objects.visible_to(user).open().values_list("likelihood", "impact")
                .annotate(count=Count("pk")).order_by("likelihood", "impact"))


@login_required
def risk_heat_map(request):
    if not request.user.has_perm(permission_for(Risk, "view")):
        raise PermissionDenied
    cells = heat_map_cells(request.user)
    grid = {(likelihood, impact): count for likelihood, impact, count in cells}
    rows = [{"impact": impact, "cells": [{"likelihood": likelihood, "count": grid.get((likelihood, impact), 0),
                                          "level": level_of(likelihood * impact)} for likelihood in range(1, 6)]}
            for impact in range(5, 0, -1)]
    chart = {"cells": [[likelihood - 1, impact - 1, count] for likelihood, impact, count in cells],
             "axis": [str(i) for i in range(1, 6)],
             "labels": {"likelihood": _("Likelihood"), "impact": _("Impact"), "risks": _("Open risks")}}
    return render(request, "security/risks/heat_map.html", {
        "rows": rows, "chart_data": chart, "total": sum(grid.values()), "article": ARTICLE,
        "levels": RiskLevel.choices})


class AssessmentListView(ScopedListView):
    model = SecurityAssessment
    filterset_class = AssessmentFilter
    template_name = "security/risks/assessment_list.html"
    sort_fields = {"date": "assessed_on", "org": "owner_org__path"}
    default_sort = ("-assessed_on", "-pk")
    article = ARTICLE
    export_filename = "security-assessments"
    export_columns = [
        (gettext_lazy("Title"), lambda a: a.title),
        (gettext_lazy("Kind"), lambda a: a.get_kind_display()),
        (gettext_lazy("Org unit"), lambda a: a.owner_org.name),
        (gettext_lazy("Assessed on"), lambda a: a.assessed_on),
        (gettext_lazy("Assessor"), lambda a: a.assessor),
        (gettext_lazy("Findings"), lambda a: a.finding_count),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org").annotate(finding_count=Count("findings"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_securityassessment")
        return ctx


class AssessmentDetailView(LoginRequiredMixin, DetailView):
    model = SecurityAssessment
    template_name = "security/risks/assessment_detail.html"
    context_object_name = "assessment"

    def get_object(self, queryset=None):
        return get_visible_or_404(SecurityAssessment, self.request.user, self.kwargs["pk"],
                                  queryset=SecurityAssessment.objects.select_related("owner_org", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE,
                   findings=self.object.findings.select_related("rectification").order_by("order", "pk"),
                   risks=self.object.risks.visible_to(self.request.user).order_by("due_on"))
        return ctx


class AssessmentCreateView(LoginRequiredMixin, View):
    template_name = "security/risks/assessment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("security.add_securityassessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request):
        return self.render_page(AssessmentForm(user=request.user))

    def post(self, request):
        form = AssessmentForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_page(form, status=400)
        data = dict(form.cleaned_data)
        findings = data.pop("findings")
        saved, status = save_form(form, request.user,
                                  lambda: record_assessment(user=request.user, findings=findings, **data),
                                  action="add")
        if saved is None:
            return self.render_page(form, status=status)
        messages.success(request, _("Assessment recorded: %(count)s rectifications opened.") % {
            "count": len(findings)})
        return redirect("security:assessment-detail", pk=saved.pk)


