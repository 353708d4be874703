"""第十五条 pages: the partner register, the written application (a filing), and the partner's decisions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.models import OrgKind
from ganfutong_admin.workflow.models import Filing, FilingStatus
from ganfutong_admin.workflow.transition_views import TransitionView

from .filters import PartnerFilter
from .forms import ForcedExitForm, PartnerApplicationForm
from .models import Partner, PartnerApplication, PartnerStatus

ARTICLE = "第十五条"
EDITABLE = (FilingStatus.DRAFT, FilingStatus.RETURNED)


class PartnerListView(ScopedListView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "operations/partners/partner_list.html"
    sort_fields = {"name": "name", "status": "status", "updated": "updated_at"}
    default_sort = ("name",)
    article = ARTICLE
    export_filename = "partners"
    export_columns = [
        (gettext_lazy("Partner organization"), lambda p: p.name),
        (gettext_lazy("Unified social credit code"), lambda p: p.credit_code),
        (gettext_lazy("Status"), lambda p: p.get_status_display()),
        (gettext_lazy("Services offered"), lambda p: p.services_offered),
        (gettext_lazy("Reason of the exit"), lambda p: p.get_exit_reason_display()),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_apply"] = may_apply(self.request.user)
        return ctx


def may_apply(user):
    org = user.org_unit
    return bool(org and org.kind == OrgKind.PARTNER and user.has_perm("workflow.add_filing"))


class PartnerDetailView(LoginRequiredMixin, DetailView):
    model = Partner
    template_name = "operations/partners/partner_detail.html"
    context_object_name = "partner"

    def get_object(self, queryset=None):
        return get_visible_or_404(Partner, self.request.user, self.kwargs["pk"],
                                  queryset=Partner.objects.select_related("owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        partner, user = self.object, self.request.user
        transitions = Partner.workflow.allowed(partner, user)
        ctx.update(
            article=ARTICLE,
            transitions=[t for t in transitions if t.action != "force_exit"],
            can_force_exit=any(t.action == "force_exit" for t in transitions),
            exit_form=kwargs.get("exit_form") or ForcedExitForm(),
            events=partner.events.select_related("actor", "actor__org_unit"),
            applications=Filing.objects.visible_to(user).filter(partner_application__partner=partner)
            .order_by("-created_at"),
        )
        return ctx


class PartnerApplyView(LoginRequiredMixin, View):
    """Start (no pk) or revise (pk of the filing) the written application of the user's own partner org unit."""

    template_name = "operations/partners/apply_form.html"

    def get_records(self):
        user = self.request.user
        if "pk" in self.kwargs:
            filing = get_for_action(Filing, user, self.kwargs["pk"], "change")
            if filing.kind != "partner_application" or filing.status not in EDITABLE:
                raise PermissionDenied
            return filing, filing.partner_application.partner
        if not may_apply(user):
            raise PermissionDenied
        partner = Partner.objects.filter(owner_org=user.org_unit).first()
        if partner is not None and partner.status != PartnerStatus.APPLIED:
            raise PermissionDenied  # already registered, or forced out
        return None, partner or Partner(owner_org=user.org_unit, created_by=user)

    def render_page(self, form, filing, status=200):
        return render(self.request, self.template_name, {"form": form, "filing": filing, "article": ARTICLE},
                      status=status)

    def get(self, request, **kwargs):
        filing, partner = self.get_records()
        return self.render_page(PartnerApplicationForm(instance=partner, version=filing.version if filing else None),
                                filing)

    def post(self, request, **kwargs):
        filing, partner = self.get_records()
        form = PartnerApplicationForm(request.POST, request.FILES, instance=partner,
                                      version=filing.version if filing else None)
        status = 400
        if form.is_valid():
            record = filing or Filing(kind="partner_application", created_by=request.user,
                                      owner_org=partner.owner_org)

            def write():
                saved_partner = form.save()
                record.title = stored(lambda: _("Third-party partner application: %(name)s")
                                      % {"name": saved_partner.name})[:200]
                record.summary = saved_partner.services_offered[:500]
                record.save()
                PartnerApplication.objects.get_or_create(filing=record, defaults={"partner": saved_partner})
                return record

            saved, status = save_form(form, request.user, write, record=record, editable=EDITABLE)
            if saved is not None:
                messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                                 % {"reference": saved.reference})
                return redirect("workflow:filing-detail", pk=saved.pk)
        return self.render_page(form, filing, status=status)


class PartnerTransitionView(TransitionView):
    model = Partner

    def success_message(self, partner, action):
        return _("Done: the partner is now “%(status)s”.") % {"status": partner.get_status_display()}
