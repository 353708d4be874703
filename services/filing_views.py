"""Pages of the service filings (第十条–第十一条) and of the operator's listing / delisting records (第九条).

- list-filing-create / list-filing-edit: 上架服务清单报备 (应上尽上);
- change-create / change-edit: listing, update and delisting filings (and the written filing of an emergency
  delisting, which starts from the oral report);
- emergency-create: the oral report of an emergency delisting; the service is delisted at once;
- service-transition: the operator records a listing or a delisting through the workflow engine.

A record the user cannot see is 404; a record the user sees but may not act on is 403 (as everywhere).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow import engine, kinds
from ganfutong_admin.workflow.models import Filing, FilingStatus
from ganfutong_admin.workflow.transition_views import TransitionView, add_payload_errors

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


def editable_states(filing):
    return EMERGENCY_EDITABLE_STATES if filing.kind == "emergency_delisting" else EDITABLE_STATES


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
        problems = (kinds.start_problems(self.kind, self.request.user, self.service, exclude_filing=self.filing)
                    if self.service and info and self.kind in CREATABLE_KINDS else [])
        return {
            "form": form, "filing": self.filing, "service": self.service, "kind": info, "kind_code": self.kind,
            "change": change, "article": info.article if info else ARTICLE_11,
            "kind_choices": [(code, kinds.get(code).label) for code in CREATABLE_KINDS],
            "oral_report": getattr(self.filing, "oral_report", None) if self.filing else None,
            "service_not_eligible": bool(self.service and form is not None and self.filing is None and not
                                         form.fields["service"].queryset.filter(pk=self.service.pk).exists()),
            "self_test": lifecycle.passed_self_test(self.service) if self.service and change == ChangeKind.LISTING
            else None,
            # What stands in the way, said before the form (the save asks the same function).
            "start_problems": problems,
            "start_blocked": any(p.blocks for p in problems),
        }

    def make_form(self, request, data=None):
        if self.kind not in CHANGE_OF_KIND or (self.filing is None and self.kind not in CREATABLE_KINDS):
            return None
        return ChangeFilingForm(data, instance=self.details, user=request.user, kind=self.kind, filing=self.filing,
                                service=self.service, version=self.filing.version if self.filing else None)

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
        filing, status = self.save(request, form) if form.is_valid() else (None, 400)
        if filing is None:
            return render(request, self.template_name, self.context(form), status=status)
        details = filing.service_change
        messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                         % {"reference": filing.reference})
        if details.change == ChangeKind.LISTING and lifecycle.passed_self_test(details.service) is None:
            messages.warning(request, _("“%(service)s” has no passed full-process self-test under the standard in "
                                        "force yet: the listing filing cannot be submitted until it has one.")
                             % {"service": details.service.name})
        return redirect("workflow:filing-detail", pk=filing.pk)

    def save(self, request, form):
        """(filing, status): the filing and its details saved together, or (None, 400/409) with the reason on the
        form (a stale edit, a filing moved on meanwhile, a record that would leave the user's jurisdiction)."""
        service = form.cleaned_data["service"]
        filing = self.filing or Filing(kind=self.kind, created_by=request.user, owner_org=service.owner_org)

        def write():
            filing.title = form.cleaned_data["title"].strip() or stored(
                lambda: _("%(kind)s: %(service)s") % {"kind": kinds.get(self.kind).label, "service": service.name}
            )[:200]
            filing.summary = form.cleaned_data["description"][:500]
            filing.save()
            details = form.save(commit=False)
            details.filing = filing
            details.change = CHANGE_OF_KIND[self.kind]
            details.save()
            return filing

        return save_form(form, request.user, write, record=filing, editable=editable_states(filing))


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
        form = ListFilingForm(instance=self.details, user=request.user, filing=self.filing, initial=initial,
                              version=self.filing.version if self.filing else None)
        return render(request, self.template_name, self.context(form))

    def post(self, request, pk=None):
        if not self.setup_objects(request, pk):
            return redirect("workflow:filing-detail", pk=pk)
        form = ListFilingForm(request.POST, instance=self.details, user=request.user, filing=self.filing,
                              version=self.filing.version if self.filing else None)
        filing, status = self.save(request, form) if form.is_valid() else (None, 400)
        if filing is None:
            return render(request, self.template_name, self.context(form), status=status)
        messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                         % {"reference": filing.reference})
        return redirect("workflow:filing-detail", pk=filing.pk)

    def save(self, request, form):
        owner, period = form.cleaned_data["owner_org"], form.cleaned_data["period"]
        filing = self.filing or Filing(kind="service_list", created_by=request.user)

        def write():
            filing.owner_org = owner
            filing.title = form.cleaned_data["title"].strip() or stored(
                lambda: _("%(org)s listing list %(period)s") % {"org": owner.name, "period": period})[:200]
            filing.summary = form.cleaned_data["note"][:500]
            filing.save()
            details = form.save(commit=False)
            details.filing = filing
            details.save()
            form.save_m2m()
            return filing

        return save_form(form, request.user, write, record=filing, editable=EDITABLE_STATES)


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
            except engine.InvalidPayload as exc:
                add_payload_errors(form, exc)
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


class ServiceTransitionView(TransitionView):
    """The operator records a listing or a delisting (action + version + comment, through the engine)."""

    model = Service
    actions = OPERATOR_ACTIONS

    def back_url(self):
        return service_url(self.kwargs["pk"])

    def success_url(self, obj):
        return self.back_url()

    def success_message(self, service, action):
        if action == "record_listing":
            return _("Listing of “%(service)s” recorded: the service is on the platform.") % {"service": service.name}
        return _("Delisting of “%(service)s” recorded. Publish the draft announcement of the delisting from the "
                 "service page.") % {"service": service.name}
