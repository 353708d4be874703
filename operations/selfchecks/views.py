"""第十四条 pages: self-check campaigns and each org unit's self-check report."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.scoping import (
    EditConflict,
    OutOfScope,
    get_for_action,
    get_visible_or_404,
    scoped_save,
    still_in_scope,
)
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Rectification
from ganfutong_admin.workflow.transition_views import TransitionView

from .forms import AnswerForm, CampaignForm, ReportForm
from .models import SelfCheckAnswer, SelfCheckCampaign, SelfCheckItem, SelfCheckReport, SelfCheckStatus

ARTICLE = "第十四条"


class CampaignListView(ScopedListView):
    model = SelfCheckCampaign
    template_name = "operations/selfchecks/campaign_list.html"
    default_sort = ("-due_on",)
    article = ARTICLE

    def base_queryset(self):
        return super().base_queryset().annotate(item_count=Count("items", distinct=True))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("operations.add_selfcheckcampaign")
        return ctx


class CampaignCreateView(LoginRequiredMixin, View):
    template_name = "operations/selfchecks/campaign_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("operations.add_selfcheckcampaign"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": CampaignForm(), "article": ARTICLE})

    def post(self, request):
        form = CampaignForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)
        with transaction.atomic():
            campaign = form.save(commit=False)
            campaign.created_by = request.user
            campaign.save()
            SelfCheckItem.objects.bulk_create([SelfCheckItem(campaign=campaign, order=i, text=text)
                                               for i, text in enumerate(form.cleaned_data["checklist"], 1)])
        messages.success(request, _("Saved."))
        return redirect(campaign)


class CampaignDetailView(LoginRequiredMixin, DetailView):
    model = SelfCheckCampaign
    template_name = "operations/selfchecks/campaign_detail.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        return get_visible_or_404(SelfCheckCampaign, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, campaign = self.request.user, self.object
        reports = (SelfCheckReport.objects.visible_to(user).filter(campaign=campaign).select_related("owner_org")
                   .order_by("owner_org__path"))
        ctx.update(article=ARTICLE, items=campaign.items.all(), reports=reports,
                   can_report=user.has_perm("operations.add_selfcheckreport") and user.org_unit_id is not None
                   and not SelfCheckReport.objects.filter(campaign=campaign, owner_org=user.org_unit).exists())
        return ctx


class ReportEditView(LoginRequiredMixin, View):
    """Start (campaign pk) or edit (report pk) the self-check of the user's own org unit, item by item."""

    template_name = "operations/selfchecks/report_form.html"

    def get_records(self):
        user = self.request.user
        if "report" in self.kwargs:
            report = get_for_action(SelfCheckReport, user, self.kwargs["report"], "change")
            if report.status != SelfCheckStatus.DRAFT:
                raise PermissionDenied
            return report.campaign, report
        campaign = get_visible_or_404(SelfCheckCampaign, user, self.kwargs["campaign"])
        if not user.has_perm("operations.add_selfcheckreport") or user.org_unit_id is None:
            raise PermissionDenied
        existing = SelfCheckReport.objects.filter(campaign=campaign, owner_org=user.org_unit).first()
        if existing is not None:
            raise PermissionDenied
        return campaign, SelfCheckReport(campaign=campaign, owner_org=user.org_unit, created_by=user)

    def rows(self, campaign, report, data=None):
        answers = {a.item_id: a for a in report.answers.all()} if report.pk else {}
        return [(item, AnswerForm(data, prefix=f"item-{item.pk}",
                                  initial={"result": answers[item.pk].result, "note": answers[item.pk].note}
                                  if item.pk in answers else None))
                for item in campaign.items.all()]

    def render_page(self, campaign, form, rows, status=200):
        return render(self.request, self.template_name, {"campaign": campaign, "form": form, "rows": rows,
                                                         "article": ARTICLE}, status=status)

    def get(self, request, **kwargs):
        campaign, report = self.get_records()
        return self.render_page(campaign, ReportForm(instance=report), self.rows(campaign, report))

    def post(self, request, **kwargs):
        campaign, report = self.get_records()
        form = ReportForm(request.POST, request.FILES, instance=report)
        rows = self.rows(campaign, report, request.POST)
        if not (form.is_valid() and all([f.is_valid() for _item, f in rows])):
            return self.render_page(campaign, form, rows, status=400)

        def write():
            saved = form.save()
            for item, answer_form in rows:
                SelfCheckAnswer.objects.update_or_create(report=saved, item=item, defaults=answer_form.cleaned_data)
            return saved

        try:
            saved = scoped_save(request.user, write, record=report if report.pk else None,
                                version=form.cleaned_data.get("version"), editable=(SelfCheckStatus.DRAFT,),
                                action="change" if report.pk else "add")
        except (EditConflict, OutOfScope) as exc:
            form.add_error(None, exc.message)
            return self.render_page(campaign, form, rows, status=409 if isinstance(exc, EditConflict) else 400)
        messages.success(request, _("Saved. Submit the self-check when it is complete."))
        return redirect(saved)


class ReportDetailView(LoginRequiredMixin, DetailView):
    model = SelfCheckReport
    template_name = "operations/selfchecks/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return get_visible_or_404(SelfCheckReport, self.request.user, self.kwargs["pk"],
                                  queryset=SelfCheckReport.objects.select_related("owner_org", "campaign"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        answers = report.answers.select_related("item")
        ctx.update(
            article=ARTICLE, answers=answers,
            transitions=SelfCheckReport.workflow.allowed(report, user),
            can_edit=report.status == SelfCheckStatus.DRAFT and still_in_scope(report, user, "change"),
            events=report.events.select_related("actor", "actor__org_unit"),
            rectifications=Rectification.objects.visible_to(user).filter(
                source_type=ContentType.objects.get_for_model(SelfCheckAnswer),
                source_id__in=[a.pk for a in answers]).order_by("pk"),
        )
        return ctx


class ReportListView(ScopedListView):
    model = SelfCheckReport
    template_name = "operations/selfchecks/report_list.html"
    default_sort = ("-created_at",)
    article = ARTICLE

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org", "campaign")


class ReportTransitionView(TransitionView):
    model = SelfCheckReport


