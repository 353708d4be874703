"""第十九条 pages: annual maintenance budget plans, their items, sign-off, and the summary by city."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.core.exports import xlsx_response
from ganfutong_admin.core.scoping import EditConflict, OutOfScope, get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.scoping import permission_for
from ganfutong_admin.privacy.redaction import redact_query
from ganfutong_admin.workflow.transition_views import TransitionView

from .filters import BudgetPlanFilter
from .forms import ActualAmountForm, BudgetItemFormSet, BudgetPlanForm, SummaryYearForm
from .lifecycle import ItemInput, allowed_transitions, save_plan
from .models import BudgetPlan, BudgetStatus, percentage, signed, signed_percent
from .summary import city_summary, totals

ARTICLE = "第十九条"


class BudgetPlanListView(ScopedListView):
    model = BudgetPlan
    filterset_class = BudgetPlanFilter
    template_name = "maintenance/budgets/plan_list.html"
    sort_fields = {"year": "year", "org": "owner_org__path", "status": "status", "planned": "planned_total",
                   "actual": "actual_total", "variance": "variance", "updated": "updated_at"}
    default_sort = ("-year", "owner_org__path")
    article = ARTICLE
    export_filename = "budget-plans"
    export_columns = [
        (gettext_lazy("Year"), lambda p: p.year),
        (gettext_lazy("Org unit"), lambda p: p.owner_org.name),
        (gettext_lazy("Org unit code"), lambda p: p.owner_org.code),
        (gettext_lazy("Title"), lambda p: p.title),
        (gettext_lazy("Status"), lambda p: p.get_status_display()),
        (gettext_lazy("Items"), lambda p: p.item_count),
        (gettext_lazy("Planned amount (yuan)"), lambda p: float(p.planned_total)),
        (gettext_lazy("Actual amount (yuan)"), lambda p: None if p.actual_total is None else float(p.actual_total)),
        (gettext_lazy("Variance (yuan)"), lambda p: None if p.variance is None else float(p.variance)),
        (gettext_lazy("Variance (%)"), lambda p: signed_percent(p.variance_percentage)),
        (gettext_lazy("Signed off at"), lambda p: timezone.localtime(p.signed_off_at) if p.signed_off_at else None),
    ]

    def base_queryset(self):
        return super().base_queryset().with_totals().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("maintenance.add_budgetplan")
        return ctx


class BudgetPlanDetailView(LoginRequiredMixin, DetailView):
    model = BudgetPlan
    template_name = "maintenance/budgets/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return get_visible_or_404(BudgetPlan, self.request.user, self.kwargs["pk"],
                                  queryset=BudgetPlan.objects.with_totals().select_related(
                                      "owner_org", "created_by", "signed_off_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        user = self.request.user
        may_change = still_in_scope(plan, user, "change")
        ctx.update(
            article=ARTICLE,
            items=plan.items.with_variance().order_by("order", "pk"),
            can_edit=may_change and plan.status == BudgetStatus.DRAFT,
            can_record_actuals=may_change and plan.status == BudgetStatus.SIGNED_OFF,
            transitions=allowed_transitions(plan, user),
            events=plan.events.select_related("actor", "actor__org_unit"),
            history=plan.history.select_related("history_user")[:50],
        )
        return ctx


def _plan_for_change(user, pk):
    """404 outside the user's sight, 403 when visible but not the user's to change."""
    return get_for_action(BudgetPlan, user, pk, "change", queryset=BudgetPlan.objects.select_related("owner_org"))


def _item_initial(plan):
    return [{"id": i.pk, "name": i.name, "category": i.category, "planned_amount": i.planned_amount,
             "actual_amount": i.actual_amount, "note": i.note} for i in plan.items.order_by("order", "pk")]


class BudgetPlanEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a draft plan with its items (a formset; empty rows are ignored)."""

    template_name = "maintenance/budgets/plan_form.html"

    def get_plan(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("maintenance.add_budgetplan"):
                raise PermissionDenied
            return None
        plan = _plan_for_change(user, self.kwargs["pk"])
        if plan.status != BudgetStatus.DRAFT:
            raise PermissionDenied
        return plan

    def render_page(self, form, formset, plan, status=200):
        version = self.request.POST.get("version") if self.request.method == "POST" else None
        return render(self.request, self.template_name, {
            "form": form, "formset": formset, "plan": plan, "article": ARTICLE,
            "version": version or (plan.version if plan else ""),
        }, status=status)

    def get(self, request, pk=None):
        plan = self.get_plan()
        form = BudgetPlanForm(instance=plan, user=request.user)
        formset = BudgetItemFormSet(prefix="items", initial=_item_initial(plan) if plan else None)
        return self.render_page(form, formset, plan)

    def post(self, request, pk=None):
        plan = self.get_plan()
        form = BudgetPlanForm(request.POST, instance=plan, user=request.user)
        formset = BudgetItemFormSet(request.POST, prefix="items")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_page(form, formset, plan, status=400)
        items = [ItemInput(name=f.cleaned_data["name"], category=f.cleaned_data["category"],
                           planned_amount=f.cleaned_data["planned_amount"],
                           actual_amount=f.cleaned_data.get("actual_amount"), note=f.cleaned_data.get("note", ""),
                           pk=f.cleaned_data.get("id")) for f in formset.filled_forms()]
        data = form.cleaned_data
        fields = {"owner_org": data["owner_org"], "year": data["year"], "title": data["title"],
                  "note": data.get("note", "")}
        try:
            saved = save_plan(request.user, plan=plan, version=request.POST.get("version"), items=items,
                              fields=fields)
        except (EditConflict, OutOfScope) as exc:
            form.add_error(None, exc.message)
            return self.render_page(form, formset, plan, status=409 if isinstance(exc, EditConflict) else 400)
        messages.success(request, _("Budget plan saved."))
        return redirect("maintenance:budget-detail", pk=saved.pk)


class BudgetActualsView(LoginRequiredMixin, View):
    """During the year: record the actual amount of each item of a signed-off plan."""

    template_name = "maintenance/budgets/plan_actuals.html"

    def get_plan(self):
        plan = _plan_for_change(self.request.user, self.kwargs["pk"])
        if plan.status != BudgetStatus.SIGNED_OFF:
            raise PermissionDenied
        return plan

    def rows(self, plan, data=None):
        return [(item, ActualAmountForm(data, prefix=f"item-{item.pk}",
                                        initial={"actual_amount": item.actual_amount, "note": item.note}))
                for item in plan.items.order_by("order", "pk")]

    def render_page(self, plan, rows, status=200, problem=None):
        version = self.request.POST.get("version") if self.request.method == "POST" else None
        return render(self.request, self.template_name, {"plan": plan, "rows": rows, "article": ARTICLE,
                                                         "problem": problem, "version": version or plan.version},
                      status=status)

    def get(self, request, pk):
        plan = self.get_plan()
        return self.render_page(plan, self.rows(plan))

    def post(self, request, pk):
        plan = self.get_plan()
        rows = self.rows(plan, request.POST)
        if not all([form.is_valid() for _item, form in rows]):
            return self.render_page(plan, rows, status=400)
        items = [ItemInput(name=item.name, category=item.category, planned_amount=item.planned_amount,
                           actual_amount=form.cleaned_data.get("actual_amount"),
                           note=form.cleaned_data.get("note", ""), pk=item.pk) for item, form in rows]
        try:
            saved = save_plan(request.user, plan=plan, version=request.POST.get("version"), items=items,
                              editable_states=(BudgetStatus.SIGNED_OFF,), reason=_("Actual amounts recorded"))
        except (EditConflict, OutOfScope) as exc:
            return self.render_page(plan, rows, status=409 if isinstance(exc, EditConflict) else 400,
                                    problem=exc.message)
        messages.success(request, _("Actual amounts saved."))
        return redirect("maintenance:budget-detail", pk=saved.pk)


class BudgetTransitionView(TransitionView):
    model = BudgetPlan

    def success_message(self, plan, action):
        return _("Done: the plan is now “%(status)s”.") % {"status": plan.get_status_display()}


@login_required
def budget_summary(request):
    """Each city with its counties for one year: planned, actual, variance, plans, units without a plan."""
    if not request.user.has_perm(permission_for(BudgetPlan, "view")):
        raise PermissionDenied
    this_year = timezone.localdate().year
    form = SummaryYearForm(request.GET or {"year": this_year})
    year = form.cleaned_data["year"] if form.is_valid() else this_year
    summary = city_summary(request.user, year)
    columns = [
        (gettext_lazy("City"), lambda c: c.name),
        (gettext_lazy("Org units"), lambda c: c.unit_count),
        (gettext_lazy("Budget plans"), lambda c: c.plan_count),
        (gettext_lazy("Signed off"), lambda c: c.signed_off_count),
        (gettext_lazy("Units without a plan"), lambda c: c.units_without_plan),
        (gettext_lazy("Planned amount (yuan)"), lambda c: float(c.planned)),
        (gettext_lazy("Actual amount (yuan)"), lambda c: None if c.actual is None else float(c.actual)),
        (gettext_lazy("Variance (yuan)"), lambda c: None if c.variance is None else float(c.variance)),
        (gettext_lazy("Variance (%)"), lambda c: signed_percent(c.variance_percentage)),
    ]
    rows = list(summary)
    for row in rows:
        row.variance_percentage = percentage(row.variance, row.planned)
        row.variance_display, row.percentage_display = signed(row.variance), signed_percent(row.variance_percentage)
    if request.GET.get("export") == "xlsx":
        record(EventKind.EXPORT, user=request.user, request=request, target="budget-summary",
               query=redact_query(request.GET.urlencode()))
        return xlsx_response(columns, rows, f"budget-summary-{year}", title=f"budget-summary-{year}")
    params = request.GET.copy()
    params["year"] = str(year)
    return render(request, "maintenance/budgets/summary.html", {
        "form": form, "year": year, "rows": rows, "totals": totals(request.user, year), "article": ARTICLE,
        "querystring": params.urlencode(), "can_export": True,
    }, status=200 if form.is_valid() or not request.GET else 400)
