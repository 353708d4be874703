"""第二十五条 pages: evaluation periods (list, new, detail with the ranking), score sheets, manual scores,
finalizing through the engine."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.models import OrgKind
from ganfutong_admin.workflow.transition_views import TransitionView

from .forms import DimensionFormSet, IndicatorFormSet, ManualScoreForm, PeriodForm
from .models import EvaluationPeriod, ManualScore, PeriodStatus, ScoreSheet
from .scoring import compute, copy_tree, tree_problems

ARTICLE = "第二十五条"
KIND_FILTERS = (OrgKind.CITY_AUTHORITY, OrgKind.COUNTY_AUTHORITY, OrgKind.PROVINCIAL_DEPARTMENT)


class PeriodListView(ScopedListView):
    model = EvaluationPeriod
    template_name = "supervision/evaluation/period_list.html"
    default_sort = ("-start", "-pk")
    article = ARTICLE


class PeriodCreateView(LoginRequiredMixin, View):
    template_name = "supervision/evaluation/period_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("supervision.add_evaluationperiod"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": PeriodForm(), "article": ARTICLE})

    def post(self, request):
        form = PeriodForm(request.POST)
        if form.is_valid():
            source = form.cleaned_data.get("copy_from")

            def write():
                period = form.save(commit=False)
                period.owner_org, period.created_by = request.user.org_unit, request.user
                period.save()
                copy_tree(period, source)
                period.record_event(request.user, "open", "", period.status, "")
                return period

            data = form.cleaned_data
            if EvaluationPeriod.objects.filter(kind=data["kind"], start=data["start"]).exists():
                form.add_error("start", _("An evaluation of this period exists already."))
            else:
                period, status = save_form(form, request.user, write, action="add")
                if period is not None:
                    messages.success(request, _("Evaluation period opened."))
                    return redirect(period)
        return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)


def ranking_rows(period, user, params):
    """The rows of the ranking a user sees: frozen sheets (their own scope) of a finalized period; for a period
    being scored, the live computation, for those who score it."""
    kind, city = params.get("kind", ""), params.get("city", "")
    if period.is_final:
        rows = (ScoreSheet.objects.visible_to(user, "view").filter(period=period).select_related("owner_org")
                .order_by("rank_overall"))
        if kind:
            rows = rows.filter(org_kind=kind)
        if city:
            rows = rows.filter(city_code=city)
        rows = list(rows)
        previous = period.previous()
        before = {}
        if previous is not None and rows:
            before = {s.owner_org_id: s for s in ScoreSheet.objects.filter(
                period=previous, owner_org_id__in=[r.owner_org_id for r in rows])}
        for row in rows:
            row.before = before.get(row.owner_org_id)
        return rows, previous
    if not (user.has_perm("supervision.finalize_evaluation") or user.has_perm("supervision.add_manualscore")):
        return [], None
    rows = compute(period)
    for row in rows:
        row.owner_org, row.org_kind, row.before, row.pk = row.org, row.org.kind, None, None
    if kind:
        rows = [r for r in rows if r.org_kind == kind]
    if city:
        rows = [r for r in rows if r.city_code == city]
    return rows, None


class PeriodDetailView(LoginRequiredMixin, DetailView):
    model = EvaluationPeriod
    template_name = "supervision/evaluation/period_detail.html"
    context_object_name = "period"

    def get_object(self, queryset=None):
        return get_visible_or_404(EvaluationPeriod, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period, user = self.object, self.request.user
        rows, previous = ranking_rows(period, user, self.request.GET)
        dimensions = list(period.dimensions.prefetch_related("indicators"))
        cities = sorted({(r.city_code, r.city_name) for r in rows if r.city_code})
        ctx.update(
            article=ARTICLE, rows=rows, previous=previous, dimensions=dimensions,
            adjustments=[i for i in period.indicators.all() if i.dimension_id is None],
            problems=tree_problems(period) if not period.is_final else [],
            transitions=EvaluationPeriod.workflow.allowed(period, user),
            events=period.events.select_related("actor", "actor__org_unit"),
            can_score=not period.is_final and user.has_perm("supervision.add_manualscore"),
            can_export=period.is_final and user.has_perm("accounts.export_scores"),
            kinds=[(k, OrgKind(k).label) for k in KIND_FILTERS], cities=cities,
            current_kind=self.request.GET.get("kind", ""), current_city=self.request.GET.get("city", ""),
        )
        return ctx


class PeriodTransitionView(TransitionView):
    model = EvaluationPeriod

    def success_message(self, period, action):
        return _("The evaluation is finalized: every org unit's score is frozen and ranked.")


class ScoreSheetView(LoginRequiredMixin, DetailView):
    model = ScoreSheet
    template_name = "supervision/evaluation/score_detail.html"
    context_object_name = "sheet"

    def get_object(self, queryset=None):
        return get_visible_or_404(ScoreSheet, self.request.user, self.kwargs["pk"],
                                  queryset=ScoreSheet.objects.select_related("period", "owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        sheet = self.object
        previous = sheet.period.previous()
        ctx.update(
            article=ARTICLE, period=sheet.period,
            before=ScoreSheet.objects.filter(period=previous, owner_org=sheet.owner_org).first() if previous else None,
            previous=previous,
            groups=[{"dimension": d, "items": [i for i in sheet.items if i["dimension"] == d["dimension"]]}
                    for d in sheet.dimension_scores],
            adjustments=[i for i in sheet.items if i["dimension"] is None],
            manual=ManualScore.objects.visible_to(self.request.user, "view").filter(
                period=sheet.period, owner_org=sheet.owner_org).select_related("indicator"),
        )
        return ctx


class ManualScoreView(LoginRequiredMixin, View):
    template_name = "supervision/evaluation/manual_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("supervision.add_manualscore"):
            raise PermissionDenied
        self.period = get_visible_or_404(EvaluationPeriod, request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        return {"form": form, "period": self.period, "article": ARTICLE,
                "scores": ManualScore.objects.filter(period=self.period).select_related("indicator", "owner_org")}

    def get(self, request, pk):
        existing = None
        if request.GET.get("score"):
            existing = get_object_or_404(ManualScore, pk=request.GET["score"], period=self.period)
        return render(request, self.template_name, self.context(ManualScoreForm(instance=existing,
                                                                                period=self.period)))

    def post(self, request, pk):
        existing = None
        if request.POST.get("indicator") and request.POST.get("owner_org"):
            existing = ManualScore.objects.filter(period=self.period, indicator_id=request.POST["indicator"],
                                                  owner_org_id=request.POST["owner_org"]).first()
        form = ManualScoreForm(request.POST, request.FILES, instance=existing, period=self.period)
        if self.period.status != PeriodStatus.DRAFT:
            form.is_valid()
            form.add_error(None, _("The evaluation is finalized: its scores cannot change."))
            return render(request, self.template_name, self.context(form), status=409)
        if existing is not None and "version" not in request.POST:
            form.is_valid()
            form.add_error(None, _("A score for this org unit exists already: edit it from the list below."))
            return render(request, self.template_name, self.context(form), status=409)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=400)

        def write():
            score = form.save(commit=False)
            score.period = self.period
            if score.created_by_id is None:
                score.created_by = request.user
            score._change_reason = score.reason[:100]
            score.save()
            return score

        with transaction.atomic():
            saved, status = save_form(form, request.user, write, record=existing,
                                      action="change" if existing else "add")
        if saved is None:
            return render(request, self.template_name, self.context(form), status=status)
        messages.success(request, _("Manual score saved."))
        return redirect("supervision:evaluation-manual", pk=self.period.pk)



class TreeEditView(LoginRequiredMixin, View):
    """The provincial authority adjusts the weights and points of a period being scored (its own tree: other
    periods do not move). The tree must balance again before the period can be finalized."""

    template_name = "supervision/evaluation/tree_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("supervision.change_evaluationperiod"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def forms(self, period, data=None):
        return (DimensionFormSet(data, queryset=period.dimensions.all(), prefix="dim"),
                IndicatorFormSet(data, queryset=period.indicators.all(), prefix="ind"))

    def get(self, request, pk):
        period = get_visible_or_404(EvaluationPeriod, request.user, pk)
        dims, inds = self.forms(period)
        return render(request, self.template_name, {"period": period, "dims": dims, "inds": inds,
                                                    "article": ARTICLE})

    def post(self, request, pk):
        period = get_visible_or_404(EvaluationPeriod, request.user, pk)
        dims, inds = self.forms(period, request.POST)
        if period.is_final:
            messages.error(request, _("The evaluation is finalized: its scores cannot change."))
            return render(request, self.template_name, {"period": period, "dims": dims, "inds": inds,
                                                        "article": ARTICLE}, status=409)
        if dims.is_valid() and inds.is_valid():
            with transaction.atomic():
                locked = EvaluationPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
                if locked.is_final:
                    return redirect(period)
                dims.save()
                inds.save()
            problems = tree_problems(period)
            if problems:
                for problem in problems:
                    messages.warning(request, problem)
            else:
                messages.success(request, _("Indicator tree saved."))
            return redirect(period)
        return render(request, self.template_name, {"period": period, "dims": dims, "inds": inds,
                                                    "article": ARTICLE}, status=400)
