"""第十三条 pages: promotion plans, activity records with their evidence, and the summary by city and month."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.exports import xlsx_sheets_response
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.scoping import permission_for

from .filters import PromotionActivityFilter, PromotionPlanFilter
from .forms import PromotionActivityForm, PromotionPlanForm
from .models import PromotionActivity, PromotionEvidence, PromotionPlan
from .summary import year_summary

ARTICLE = "第十三条"


def _year(request):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2020 <= int(value) <= 2100 else timezone.localdate().year


class PromotionActivityListView(ScopedListView):
    model = PromotionActivity
    filterset_class = PromotionActivityFilter
    template_name = "operations/promotion/activity_list.html"
    sort_fields = {"date": "held_on", "org": "owner_org__path", "title": "title", "views": "views",
                   "participants": "participants", "registrations": "registrations"}
    default_sort = ("-held_on", "-pk")
    article = ARTICLE
    export_filename = "promotion-activities"
    export_columns = [
        (gettext_lazy("Date"), lambda a: a.held_on),
        (gettext_lazy("Org unit"), lambda a: a.owner_org.name),
        (gettext_lazy("Org unit code"), lambda a: a.owner_org.code),
        (gettext_lazy("Title"), lambda a: a.title),
        (gettext_lazy("Online or offline"), lambda a: a.get_mode_display()),
        (gettext_lazy("Channel"), lambda a: a.get_channel_display()),
        (gettext_lazy("Views"), lambda a: a.views),
        (pgettext_lazy("promotion", "Participants"), lambda a: a.participants),
        (gettext_lazy("New registrations"), lambda a: a.registrations),
        (gettext_lazy("Description"), lambda a: a.description),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("operations.add_promotionactivity")
        return ctx


class PromotionActivityDetailView(LoginRequiredMixin, DetailView):
    model = PromotionActivity
    template_name = "operations/promotion/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        return get_visible_or_404(PromotionActivity, self.request.user, self.kwargs["pk"],
                                  queryset=PromotionActivity.objects.select_related("owner_org", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activity = self.object
        ctx.update(article=ARTICLE, can_edit=still_in_scope(activity, self.request.user, "change"),
                   evidence=activity.evidence.select_related("uploaded_by"),
                   history=activity.history.select_related("history_user")[:50])
        return ctx


class PromotionActivityEditView(LoginRequiredMixin, View):
    """Record (no pk) or correct an activity; an evidence file given is added to the activity's files."""

    template_name = "operations/promotion/activity_form.html"

    def get_instance(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("operations.add_promotionactivity"):
                raise PermissionDenied
            return PromotionActivity(created_by=user)
        return get_for_action(PromotionActivity, user, self.kwargs["pk"], "change")

    def render_page(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request, **kwargs):
        return self.render_page(PromotionActivityForm(instance=self.get_instance(), user=request.user))

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = PromotionActivityForm(request.POST, request.FILES, instance=instance, user=request.user)
        status = 400
        if form.is_valid():
            def write():
                activity = form.save()
                upload = form.cleaned_data.get("evidence_file")
                if upload:
                    PromotionEvidence.objects.create(activity=activity, file=upload, uploaded_by=request.user)
                return activity

            activity, status = save_form(form, request.user, write, record=instance)
            if activity is not None:
                messages.success(request, _("Saved."))
                return redirect("operations:promotion-detail", pk=activity.pk)
        return self.render_page(form, status=status)


@login_required
def evidence_download(request, pk):
    """Evidence is served only through this scoped view, always as a download."""
    evidence = get_visible_or_404(PromotionEvidence, request.user, pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)


class PromotionPlanListView(ScopedListView):
    model = PromotionPlan
    filterset_class = PromotionPlanFilter
    template_name = "operations/promotion/plan_list.html"
    sort_fields = {"year": "year", "org": "owner_org__path", "target": "activity_target"}
    default_sort = ("-year", "owner_org__path")
    article = ARTICLE
    export_filename = "promotion-plans"
    export_columns = [
        (gettext_lazy("Year"), lambda p: p.year),
        (gettext_lazy("Org unit"), lambda p: p.owner_org.name),
        (gettext_lazy("Activities planned for the year"), lambda p: p.activity_target),
        (gettext_lazy("New registrations targeted"), lambda p: p.registration_target),
        (gettext_lazy("Channels"), lambda p: "、".join(str(c) for c in p.channel_labels)),
        (pgettext_lazy("promotion", "Goals"), lambda p: p.goals),
        (gettext_lazy("Planned activities"), lambda p: p.planned_activities),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("operations.add_promotionplan")
        return ctx


class PromotionPlanDetailView(LoginRequiredMixin, DetailView):
    model = PromotionPlan
    template_name = "operations/promotion/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return get_visible_or_404(PromotionPlan, self.request.user, self.kwargs["pk"],
                                  queryset=PromotionPlan.objects.select_related("owner_org", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE, can_edit=still_in_scope(self.object, self.request.user, "change"),
                   history=self.object.history.select_related("history_user")[:50])
        return ctx


class PromotionPlanEditView(LoginRequiredMixin, View):
    template_name = "operations/promotion/plan_form.html"

    def get_instance(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("operations.add_promotionplan"):
                raise PermissionDenied
            return PromotionPlan(created_by=user)
        return get_for_action(PromotionPlan, user, self.kwargs["pk"], "change")

    def render_page(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request, **kwargs):
        return self.render_page(PromotionPlanForm(instance=self.get_instance(), user=request.user))

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = PromotionPlanForm(request.POST, instance=instance, user=request.user)
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    plan, status = save_form(form, request.user, form.save, record=instance)
            except IntegrityError:  # the unique constraint, when two plans of one unit and year are saved at once
                plan, status = None, 400
                form.add_error("year", _("This org unit already has a promotion plan for this year."))
            if plan is not None:
                messages.success(request, _("Saved."))
                return redirect("operations:promotion-plan-detail", pk=plan.pk)
        return self.render_page(form, status=status)


class PromotionSummaryView(LoginRequiredMixin, View):
    """The year's activities and reach by city and by month (chart and table), and their Excel export."""

    template_name = "operations/promotion/summary.html"

    def get(self, request):
        if not request.user.has_perm(permission_for(PromotionActivity, "view")):
            raise PermissionDenied
        year = _year(request)
        summary = year_summary(request.user, year)
        if request.GET.get("export") == "xlsx":
            record(EventKind.EXPORT, user=request.user, request=request, target="promotion-summary",
                   query=f"year={year}")
            return xlsx_sheets_response(self.sheets(summary), f"promotion-summary-{year}")
        month_label = _("Month %(month)s")
        for row in summary["months"]:
            row["label"] = month_label % {"month": row["month"]}
        chart = {
            "labels": {"activities": _("Activities"), "views": _("Views"),
                       "participants": pgettext("promotion", "Participants"),
                       "registrations": _("New registrations"), "by_city": pgettext("promotion", "By city"),
                       "by_month": _("By month")},
            "cities": [c["name"] for c in summary["cities"]],
            "city_activities": [c["activities"] for c in summary["cities"]],
            "city_registrations": [c["registrations"] for c in summary["cities"]],
            "months": [m["label"] for m in summary["months"]],
            "month_activities": [m["activities"] for m in summary["months"]],
            "month_participants": [m["participants"] for m in summary["months"]],
        }
        this_year = timezone.localdate().year
        return render(request, self.template_name, {
            "year": year, "years": list(range(this_year, this_year - 5, -1)), "article": ARTICLE,
            "chart_data": chart, **summary})

    @staticmethod
    def sheets(summary):
        figures = [(gettext_lazy("Activities"), lambda r: r["activities"]),
                   (gettext_lazy("Views"), lambda r: r["views"]),
                   (pgettext_lazy("promotion", "Participants"), lambda r: r["participants"]),
                   (gettext_lazy("New registrations"), lambda r: r["registrations"])]
        total = {"name": _("Total"), "month": _("Total"), **summary["totals"]}
        return [
            (pgettext("promotion", "By city"), [(gettext_lazy("City"), lambda r: str(r["name"])), *figures],
             [*summary["cities"], total]),
            (_("By month"), [(gettext_lazy("Month"), lambda r: r["month"]), *figures],
             [*summary["months"], total]),
        ]
