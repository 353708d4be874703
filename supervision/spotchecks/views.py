"""第二十四条 pages: spot-check campaigns (list, new, detail, draw) and the sampled services (list, check)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView

from .actions import CampaignError, draw_campaign, new_seed, record_check
from .forms import CampaignForm, CheckForm
from .models import SpotCheckCampaign, SpotCheckItem

ARTICLE = "第二十四条"


class CampaignListView(ScopedListView):
    model = SpotCheckCampaign
    template_name = "supervision/spotchecks/campaign_list.html"
    default_sort = ("-created_at", "-pk")
    article = ARTICLE


class ItemListView(ScopedListView):
    model = SpotCheckItem
    template_name = "supervision/spotchecks/item_list.html"
    default_sort = ("-created_at", "-pk")
    article = ARTICLE

    def base_queryset(self):
        return super().base_queryset().select_related("campaign", "service", "owner_org")


class CampaignCreateView(LoginRequiredMixin, View):
    template_name = "supervision/spotchecks/campaign_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("supervision.add_spotcheckcampaign"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": CampaignForm(), "article": ARTICLE})

    def post(self, request):
        form = CampaignForm(request.POST)
        if form.is_valid():
            def write():
                campaign = form.save(commit=False)
                campaign.seed = campaign.seed or new_seed()
                campaign.checklist = form.cleaned_data["checklist"]
                campaign.owner_org, campaign.created_by = request.user.org_unit, request.user
                campaign.save()
                return campaign

            campaign, status = save_form(form, request.user, write, action="add")
            if campaign is not None:
                messages.success(request, _("Campaign created: draw its sample when ready."))
                return redirect(campaign)
        return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)


class CampaignDetailView(LoginRequiredMixin, DetailView):
    model = SpotCheckCampaign
    template_name = "supervision/spotchecks/campaign_detail.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        return get_visible_or_404(SpotCheckCampaign, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(article=ARTICLE,
                   items=self.object.items.select_related("service", "owner_org", "rectification"),
                   can_draw=self.object.status == "draft"
                   and self.request.user.has_perm("supervision.change_spotcheckcampaign"))
        return ctx


class DrawView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        campaign = get_for_action(SpotCheckCampaign, request.user, pk, "change")
        try:
            campaign, sample = draw_campaign(campaign.pk, request.user)
            messages.success(request, _("Sample drawn: %(n)s of %(frame)s listed services.") % {
                "n": len(sample), "frame": len(campaign.frame)})
        except CampaignError as exc:
            messages.error(request, str(exc))
        return redirect(campaign)


class ItemView(LoginRequiredMixin, View):
    template_name = "supervision/spotchecks/item.html"

    def context(self, item, form):
        user = self.request.user
        can_check = item.checked_at is None and SpotCheckItem.objects.visible_to(user, "change").filter(
            pk=item.pk).exists()
        return {"item": item, "form": form, "can_check": can_check, "article": ARTICLE}

    def get(self, request, pk):
        item = get_visible_or_404(SpotCheckItem, request.user, pk,
                                  queryset=SpotCheckItem.objects.select_related("campaign", "service", "owner_org"))
        return render(request, self.template_name, self.context(item, CheckForm(checklist=item.campaign.checklist)))

    def post(self, request, pk):
        item = get_for_action(SpotCheckItem, request.user, pk, "change")
        form = CheckForm(request.POST, checklist=item.campaign.checklist)
        if form.is_valid():
            try:
                item = record_check(item, request.user, form.results(), form.cleaned_data["note"])
            except CampaignError as exc:
                form.add_error(None, str(exc))
                return render(request, self.template_name, self.context(item, form), status=409)
            if item.rectification_id:
                messages.warning(request, _("Check recorded: a rectification was opened for %(org)s.") % {
                    "org": item.owner_org.name})
            else:
                messages.success(request, _("Check recorded: every item met."))
            return redirect(item)
        return render(request, self.template_name, self.context(item, form), status=400)
