"""Pages of the service filings (第十条–第十一条) and of the operator's listing / delisting records (第九条).

- list-filing-create / list-filing-edit: 上架服务清单报备 (应上尽上);
- change-create / change-edit: listing, update and delisting filings (and the written filing of an emergency
  delisting, which starts from the oral report);
- emergency-create: the oral report of an emergency delisting; the service is delisted at once;
- service-transition: the operator records a listing or a delisting through the workflow engine.

A record the user cannot see is 404; a record the user sees but may not act on is 403 (as everywhere).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_visible_or_404, still_in_scope
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow import engine, kinds
from ganfutong_admin.workflow.forms import TransitionForm
from ganfutong_admin.workflow.models import Filing, FilingStatus

from . import lifecycle
from .filing_forms import CHANGE_OF_KIND, CREATABLE_KINDS, ChangeFilingForm, EmergencyReportForm, ListFilingForm
from .models import ChangeKind, Service, ServiceChangeFiling, ServiceListFiling, ServiceStatus

ARTICLE_10 = "第十条"
ARTICLE_11 = "第十一条"
EDITABLE_STATES = (FilingStatus.DRAFT, FilingStatus.RETURNED)
# The written filing of an emergency delisting is written while the filing waits at "oral_reported".
EMERGENCY_EDITABLE_STATES = (FilingStatus.ORAL_REPORTED, FilingStatus.RETURNED)
# The service transitions a person takes from the service page; the others follow from filings.
OPERATOR_ACTIONS = ("record_listing", "record_delisting")


def service_url(service_pk):
    """The catalog's service page (built by the catalog pages); the home page if it is not installed."""
    try:
        return reverse("services:service-detail", args=[service_pk])
    except NoReverseMatch:
        return reverse("core:home")


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _local_day(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d") if dt else "—"


def get_for_action(model, user, pk, action, queryset=None):
    """404 when the user cannot see the record, 403 when it is visible but not theirs to act on."""
    obj = get_visible_or_404(model, user, pk, queryset=queryset)
    if not model.objects.visible_to(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def _editable_filing(request, pk, kind_codes):
    """The filing to edit: 404 when not visible or of another kind, 403 when not the user's to change."""
    filing = get_visible_or_404(Filing, request.user, pk, queryset=Filing.objects.select_related("owner_org"))
    if filing.kind not in kind_codes:
        raise Http404
    if not still_in_scope(filing, request.user, "change"):
        raise PermissionDenied
    editable = EMERGENCY_EDITABLE_STATES if filing.kind == "emergency_delisting" else EDITABLE_STATES
    if filing.status not in editable:
        messages.error(request, _("This filing is “%(status)s” and can no longer be edited.")
                       % {"status": filing.get_status_display()})
        return filing, False
    return filing, True


def _locked_for_edit(filing, form):
    """Inside the saving transaction: lock the filing row and check it is still editable, so that a transition
    running at the same moment (a submit, a withdrawal) is neither overwritten nor edited after the fact."""
    locked = Filing.objects.select_for_update(of=("self",)).get(pk=filing.pk)
    editable = EMERGENCY_EDITABLE_STATES if locked.kind == "emergency_delisting" else EDITABLE_STATES
    if locked.status not in editable or locked.version != filing.version:
        form.add_error(None, _("This filing was changed by someone else meanwhile (it is now “%(status)s”). "
                               "Reload it and try again.") % {"status": locked.get_status_display()})
        return None
    return locked


class ChangeFilingView(LoginRequiredMixin, View):
    """Start (?kind=…&service=…) or revise a listing / update / delisting filing, or write the written filing
    of an emergency delisting."""

    template_name = "services/change_form.html"

    def setup_objects(self, request, pk=None):
        self.filing = None
        self.service = None
        if pk is not None:
            filing, editable = _editable_filing(request, pk, CHANGE_OF_KIND)
            self.filing, self.kind = filing, filing.kind
            self.details = filing.service_change
            self.service = self.details.service
            return editable
        self.kind = request.GET.get("kind", "")
        self.details = ServiceChangeFiling()
        if "service" in request.GET:
            self.service = get_for_action(Service, request.user, _int_or_404(request.GET["service"]), "change")
        _require(request.user, "workflow.add_filing")
        return True

    def context(self, form):
        info = kinds.get(self.kind) if self.kind in CHANGE_OF_KIND else None
        change = CHANGE_OF_KIND.get(self.kind)
        return {
            "form": form, "filing": self.filing, "service": self.service, "kind": info, "kind_code": self.kind,
            "change": change, "article": info.article if info else ARTICLE_11,
            "kind_choices": [(code, kinds.get(code).label) for code in CREATABLE_KINDS],
            "oral_report": getattr(self.filing, "oral_report", None) if self.filing else None,
            "service_not_eligible": bool(self.service and form is not None and self.filing is None and not
                                         form.fields["service"].queryset.filter(pk=self.service.pk).exists()),
            "self_test": lifecycle.passed_self_test(self.service) if self.service and change == ChangeKind.LISTING
            else None,
        }

    def make_form(self, request, data=None):
        if self.kind not in CHANGE_OF_KIND or (self.filing is None and self.kind not in CREATABLE_KINDS):
            return None
        return ChangeFilingForm(data, instance=self.details, user=request.user, kind=self.kind, filing=self.filing,
                                service=self.service)

    def get(self, request, pk=None):
        if not self.setup_objects(request, pk):
            return redirect("workflow:filing-detail", pk=pk)
        return render(request, self.template_name, self.context(self.make_form(request)))

    def post(self, request, pk=None):
        if not self.setup_objects(request, pk):
            return redirect("workflow:filing-detail", pk=pk)
        form = self.make_form(request, request.POST)
        if form is None:
            messages.error(request, _("Choose what to file: a listing, an update or a delisting."))
            return render(request, self.template_name, self.context(None), status=400)
        filing = None
        if form.is_valid():
            filing = self.save(request, form)
        if filing is None:
            return render(request, self.template_name, self.context(form), status=400)
        details = filing.service_change
        messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                         % {"reference": filing.reference})
        if details.change == ChangeKind.LISTING and lifecycle.passed_self_test(details.service) is None:
            messages.warning(request, _("“%(service)s” has no passed full-process self-test under the standard in "
                                        "force yet: the listing filing cannot be submitted until it has one.")
                             % {"service": details.service.name})
        return redirect("workflow:filing-detail", pk=filing.pk)

    def save(self, request, form):
        service = form.cleaned_data["service"]
        change = CHANGE_OF_KIND[self.kind]
        with transaction.atomic():
            if self.filing is None:
                filing = Filing(kind=self.kind, created_by=request.user, owner_org=service.owner_org)
            else:
                filing = _locked_for_edit(self.filing, form)
                if filing is None:
                    return None
            filing.title = form.cleaned_data["title"].strip() or stored(
                lambda: _("%(kind)s: %(service)s") % {"kind": kinds.get(self.kind).label, "service": service.name}
            )[:200]
            filing.summary = form.cleaned_data["description"][:500]
            filing.save(**({} if self.filing is None else {"update_fields": ["title", "summary", "updated_at"]}))
            details = form.save(commit=False)
            details.filing = filing
            details.change = change
            details.save()
            if not still_in_scope(filing, request.user, "change"):
                transaction.set_rollback(True)
                form.add_error(None, _("You cannot put a record outside your jurisdiction."))
                return None
        return filing


class ListFilingView(LoginRequiredMixin, View):
    """Start or revise a listing-list filing (上架服务清单报备, 应上尽上, 第十条)."""

    template_name = "services/list_filing_form.html"

    def setup_objects(self, request, pk=None):
        if pk is None:
            _require(request.user, "workflow.add_filing")
            self.filing, self.details = None, ServiceListFiling()
            return True
        filing, editable = _editable_filing(request, pk, ("service_list",))
        self.filing, self.details = filing, filing.service_list
        return editable

    def context(self, form):
        return {"form": form, "filing": self.filing, "article": ARTICLE_10}

    def get(self, request, pk=None):
        if not self.setup_objects(request, pk):
            return redirect("workflow:filing-detail", pk=pk)
        initial = {}
        if self.filing is None and request.GET.get("service", "").isdigit():
            initial["services"] = [int(request.GET["service"])]  # only ticked if it is one of the choices
        form = ListFilingForm(instance=self.details, user=request.user, filing=self.filing, initial=initial)
        return render(request, self.template_name, self.context(form))

    def post(self, request, pk=None):
        if not self.setup_objects(request, pk):
            return redirect("workflow:filing-detail", pk=pk)
        form = ListFilingForm(request.POST, instance=self.details, user=request.user, filing=self.filing)
        filing = self.save(request, form) if form.is_valid() else None
        if filing is None:
            return render(request, self.template_name, self.context(form), status=400)
        messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                         % {"reference": filing.reference})
        return redirect("workflow:filing-detail", pk=filing.pk)

    def save(self, request, form):
        owner, period = form.cleaned_data["owner_org"], form.cleaned_data["period"]
        with transaction.atomic():
            if self.filing is None:
                filing = Filing(kind="service_list", created_by=request.user)
            else:
                filing = _locked_for_edit(self.filing, form)
                if filing is None:
                    return None
            filing.owner_org = owner
            filing.title = form.cleaned_data["title"].strip() or stored(
                lambda: _("%(org)s listing list %(period)s") % {"org": owner.name, "period": period})[:200]
            filing.summary = form.cleaned_data["note"][:500]
            filing.save(**({} if self.filing is None else
                           {"update_fields": ["owner_org", "title", "summary", "updated_at"]}))
            details = form.save(commit=False)
            details.filing = filing
            details.save()
            form.save_m2m()
            if not still_in_scope(filing, request.user, "change"):
                transaction.set_rollback(True)
                form.add_error("owner_org", _("You cannot put a record outside your jurisdiction."))
                return None
        return filing


class EmergencyReportView(LoginRequiredMixin, View):
    """The oral report of an emergency delisting: recorded by the owning org unit or by the operator."""

    template_name = "services/emergency_form.html"

    def get_service(self, request, pk):
        return get_for_action(Service, request.user, pk, "report_emergency_delisting",
                              queryset=Service.objects.select_related("owner_org"))

    def context(self, service, form):
        return {"service": service, "form": form, "article": ARTICLE_11,
                "service_url": service_url(service.pk),
                "working_days": _emergency_days(),
                "listed": service.status == ServiceStatus.LISTED}

    def get(self, request, pk):
        service = self.get_service(request, pk)
        form = EmergencyReportForm(user=request.user, service=service)
        return render(request, self.template_name, self.context(service, form))

    def post(self, request, pk):
        service = self.get_service(request, pk)
        form = EmergencyReportForm(request.POST, user=request.user, service=service)
        if service.status != ServiceStatus.LISTED:
            form.is_valid()
            form.add_error(None, _("Only a listed service can be delisted in an emergency: “%(service)s” is "
                                   "“%(status)s”.") % {"service": service.name,
                                                        "status": service.get_status_display()})
        elif form.is_valid():
            data = form.cleaned_data
            try:
                filing = lifecycle.report_emergency_delisting(
                    service=service, user=request.user, reported_by=data["reported_by"],
                    reported_to=data["reported_to"], reported_at=data["reported_at"], reason=data["reason"],
                    version=data["version"],
                )
            except engine.NotFound:
                raise Http404 from None
            except engine.TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("“%(service)s” is delisted. The written filing %(reference)s is due by "
                                            "the end of %(due)s.") % {"service": service.name,
                                                                      "reference": filing.reference,
                                                                      "due": _local_day(filing.due_at)})
                return redirect("workflow:filing-detail", pk=filing.pk)
        return render(request, self.template_name, self.context(service, form), status=400)


def _emergency_days():
    """The written-filing limit an oral report made now would get (the policy parameter in force today)."""
    from ganfutong_admin.workflow.parameters import EMERGENCY_WRITTEN_FILING_WORKING_DAYS

    return policy_value(EMERGENCY_WRITTEN_FILING_WORKING_DAYS)


@login_required
@require_POST
def service_transition(request, pk):
    """The operator records a listing or a delisting (action + version + comment, through the engine)."""
    back = service_url(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action could not be read. Reload the page and try again."))
        return redirect(back)
    action = form.cleaned_data["action"]
    if action not in OPERATOR_ACTIONS:
        messages.error(request, _("This action is not taken here."))
        return redirect(back)
    get_for_action(Service, request.user, pk, action)
    try:
        service = engine.perform(Service, pk, action, request.user, form.cleaned_data["version"],
                                 form.cleaned_data["comment"])
    except engine.NotFound:
        raise Http404 from None
    except engine.NotPermitted:
        raise PermissionDenied from None
    except engine.TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if action == "record_listing":
        messages.success(request, _("Listing of “%(service)s” recorded: the service is on the platform.")
                         % {"service": service.name})
    else:
        messages.success(request, _("Delisting of “%(service)s” recorded. Publish the draft announcement of the "
                                    "delisting from the service page.") % {"service": service.name})
    return redirect(back)
