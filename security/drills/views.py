"""第二十三条 pages: emergency plans (list with overdue drills, detail with versions and drills, new plan) and drills
(list, detail with findings and their rectifications, record a drill)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView

from .forms import DrillForm, PlanForm
from .lifecycle import ARTICLE, create_plan, record_drill
from .models import Drill, EmergencyPlan


class PlanListView(ScopedListView):
    model = EmergencyPlan
    template_name = "security/drills/plan_list.html"
    sort_fields = {"due": "next_drill_due", "org": "owner_org__path", "title": "title"}
    default_sort = ("next_drill_due", "pk")
    article = ARTICLE
    export_filename = "emergency-plans"
    export_columns = [
        (gettext_lazy("Title"), lambda p: p.title),
        (gettext_lazy("Org unit"), lambda p: p.owner_org.name),
        (gettext_lazy("Next drill due"), lambda p: p.next_drill_due),
        (gettext_lazy("Drill overdue"), lambda p: _("Yes") if p.drill_overdue else _("No")),
        (gettext_lazy("Drills"), lambda p: p.drill_count),
    ]

    def base_queryset(self):
        qs = super().base_queryset().select_related("owner_org").annotate(drill_count=Count("drills"))
        if self.request.GET.get("overdue") == "true":
            qs = qs.drill_overdue()
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(can_add=user.has_perm("security.add_emergencyplan"),
                   can_drill=user.has_perm("security.add_drill"), today=timezone.localdate())
        return ctx


class PlanDetailView(LoginRequiredMixin, DetailView):
    model = EmergencyPlan
    template_name = "security/drills/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return get_visible_or_404(EmergencyPlan, self.request.user, self.kwargs["pk"],
                                  queryset=EmergencyPlan.objects.select_related("owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE, versions=self.object.versions.all(),
                   drills=self.object.drills.annotate(finding_count=Count("findings")).order_by("-held_on"),
                   can_drill=self.request.user.has_perm("security.add_drill"))
        return ctx


class PlanCreateView(LoginRequiredMixin, View):
    template_name = "security/drills/plan_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("security.add_emergencyplan"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": PlanForm(user=request.user), "article": ARTICLE})

    def post(self, request):
        form = PlanForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)
        plan, status = save_form(form, request.user, lambda: create_plan(user=request.user, **form.cleaned_data),
                                 action="add")
        if plan is None:
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=status)
        messages.success(request, _("Emergency plan saved."))
        return redirect("security:plan-detail", pk=plan.pk)


class DrillListView(ScopedListView):
    model = Drill
    template_name = "security/drills/drill_list.html"
    sort_fields = {"date": "held_on", "org": "owner_org__path"}
    default_sort = ("-held_on", "-pk")
    article = ARTICLE
    export_filename = "drills"
    export_columns = [
        (gettext_lazy("Scenario"), lambda d: d.scenario),
        (gettext_lazy("Emergency plan"), lambda d: d.plan.title),
        (gettext_lazy("Org unit"), lambda d: d.owner_org.name),
        (gettext_lazy("Held on"), lambda d: d.held_on),
        (gettext_lazy("Findings"), lambda d: d.finding_count),
    ]

    def base_queryset(self):
        return (super().base_queryset().select_related("owner_org", "plan")
                .annotate(finding_count=Count("findings")))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_drill")
        return ctx


class DrillDetailView(LoginRequiredMixin, DetailView):
    model = Drill
    template_name = "security/drills/drill_detail.html"
    context_object_name = "drill"

    def get_object(self, queryset=None):
        return get_visible_or_404(Drill, self.request.user, self.kwargs["pk"],
                                  queryset=Drill.objects.select_related("owner_org", "plan", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE, findings=self.object.findings.select_related("rectification"))
        return ctx


class DrillCreateView(LoginRequiredMixin, View):
    template_name = "security/drills/drill_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("security.add_drill"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {"plan": request.GET["plan"]} if request.GET.get("plan", "").isdigit() else {}
        return render(request, self.template_name, {"form": DrillForm(user=request.user, initial=initial),
                                                    "article": ARTICLE})

    def post(self, request):
        form = DrillForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)
        data = dict(form.cleaned_data)
        drill, status = save_form(form, request.user, lambda: record_drill(user=request.user, **data), action="add")
        if drill is None:
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=status)
        messages.success(request, _("Drill recorded: %(count)s rectifications opened.") % {
            "count": len(data["findings"])})
        return redirect("security:drill-detail", pk=drill.pk)
