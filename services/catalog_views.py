"""第十条: the service catalog, the technical management standard versions and full-process self-tests."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.exports import XLSX
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Filing

from . import importer
from .catalog import ItemResult, activate_standard, record_self_test
from .filters import ServiceFilter
from .forms import (
    SelfTestReportForm,
    SelfTestResultForm,
    ServiceForm,
    ServiceImportForm,
    StandardItemFormSet,
    TechStandardForm,
)
from .models import SelfTestReport, SelfTestResult, Service, StandardItem, TechStandard

ARTICLE = "第十条"


def _local(dt):
    return timezone.localtime(dt) if dt else None


# --- the catalog ----------------------------------------------------------------------------------------------

class ServiceListView(ScopedListView):
    model = Service
    filterset_class = ServiceFilter
    template_name = "services/service_list.html"
    sort_fields = {"code": "code", "name": "name", "org": "owner_org__path", "status": "status",
                   "listed": "listed_at", "updated": "updated_at"}
    default_sort = ("owner_org__path", "code")
    article = ARTICLE
    export_filename = "services"
    export_columns = [
        (gettext_lazy("Service code"), lambda s: s.code),
        (gettext_lazy("Name"), lambda s: s.name),
        (gettext_lazy("Org unit"), lambda s: s.owner_org.name),
        (gettext_lazy("Org unit code"), lambda s: s.owner_org.code),
        (gettext_lazy("Zone"), lambda s: s.zone),
        (gettext_lazy("Category"), lambda s: s.get_category_display()),
        (gettext_lazy("Status"), lambda s: s.get_status_display()),
        (gettext_lazy("Entry URL"), lambda s: s.entry_url),
        (gettext_lazy("Tested against standard"), lambda s: s.standard.version if s.standard_id else ""),
        (gettext_lazy("Listed at"), lambda s: _local(s.listed_at)),
        (gettext_lazy("Delisted at"), lambda s: _local(s.delisted_at)),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org", "standard")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_add"] = user.has_perm("services.add_service")
        ctx["can_import"] = user.has_perm("services.import_services") and ctx["can_add"]
        return ctx


class ServiceDetailView(LoginRequiredMixin, DetailView):
    model = Service
    template_name = "services/service_detail.html"
    context_object_name = "service"

    def get_object(self, queryset=None):
        return get_visible_or_404(Service, self.request.user, self.kwargs["pk"],
                                  queryset=Service.objects.select_related("owner_org", "standard", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        service = self.object
        user = self.request.user
        current = TechStandard.current()
        filings = (Filing.objects.visible_to(user)
                   .filter(Q(service_change__service=service) | Q(service_list__services=service))
                   .distinct().with_overdue().select_related("owner_org").order_by("-created_at"))
        ctx.update(
            article=ARTICLE,
            can_edit=still_in_scope(service, user, "change"),
            can_self_test=Service.objects.visible_to(user, "add_selftestreport").filter(pk=service.pk).exists(),
            current_standard=current,
            self_tests=SelfTestReport.objects.visible_to(user).filter(service=service)
            .select_related("standard").order_by("-tested_on", "-pk"),
            filings=filings,
            history=service.history.select_related("history_user")[:50],
            service_transitions=Service.workflow.allowed(service, user),
        )
        return ctx


class ServiceEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a service. The status is not edited here: it moves through filings."""

    template_name = "services/service_form.html"

    def get_instance(self):
        if "pk" not in self.kwargs:
            if not self.request.user.has_perm("services.add_service"):
                raise PermissionDenied
            return Service(created_by=self.request.user)
        return get_for_action(Service, self.request.user, self.kwargs["pk"], "change")

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request, **kwargs):
        return self.render_form(ServiceForm(instance=self.get_instance(), user=request.user))

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = ServiceForm(request.POST, instance=instance, user=request.user)
        # A transition (record listing...) at the same moment bumps the version: this edit then conflicts.
        service, status = save_form(form, request.user, form.save, record=instance) if form.is_valid() else (None, 400)
        if service is None:
            return self.render_form(form, status=status)
        messages.success(request, _("Saved."))
        return redirect("services:service-detail", pk=service.pk)


class ServiceImportView(LoginRequiredMixin, View):
    template_name = "services/service_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.has_perm("services.import_services")
                                                  and request.user.has_perm("services.add_service")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, form, report=None):
        return {"form": form, "report": report, "article": ARTICLE, "columns": importer.COLUMNS,
                "max_rows": importer.MAX_ROWS, "category_names": importer.category_names()}

    def get(self, request):
        return render(request, self.template_name, self.context(ServiceImportForm()))

    def post(self, request):
        form = ServiceImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=400)
        report = importer.run_import(form.cleaned_data["file"], request.user, form.cleaned_data["only_valid"])
        if report.imported_count:
            messages.success(request, _("%(count)s services imported.") % {"count": report.imported_count})
        status = 400 if report.has_errors and not report.imported_count else 200
        return render(request, self.template_name, self.context(ServiceImportForm(), report), status=status)


@login_required
def import_template(request):
    if not request.user.has_perm("services.import_services"):
        raise PermissionDenied
    response = HttpResponse(importer.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('服务导入模板.xlsx')}"
    return response


# --- technical management standards ---------------------------------------------------------------------------

class StandardListView(ScopedListView):
    model = TechStandard
    template_name = "services/standard_list.html"
    sort_fields = {"published": "published_on", "version": "version"}
    default_sort = ("-published_on", "-pk")
    article = ARTICLE

    def base_queryset(self):
        return super().base_queryset().annotate(item_count=Count("items"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_publish"] = can_publish(self.request.user)
        return ctx


def can_publish(user):
    return user.has_perm("services.publish_standard") and user.has_perm("services.add_techstandard")


def can_activate(user):
    return user.has_perm("services.publish_standard") and user.has_perm("services.change_techstandard")


class StandardDetailView(LoginRequiredMixin, DetailView):
    model = TechStandard
    template_name = "services/standard_detail.html"
    context_object_name = "standard"

    def get_object(self, queryset=None):
        return get_visible_or_404(TechStandard, self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        standard = self.object
        user = self.request.user
        ctx.update(
            article=ARTICLE,
            items=standard.items.all(),
            can_activate=not standard.in_force and can_activate(user),
            current_standard=TechStandard.current(),
            report_count=SelfTestReport.objects.visible_to(user).filter(standard=standard).count(),
            history=standard.history.select_related("history_user")[:50],
        )
        return ctx


class StandardCreateView(LoginRequiredMixin, View):
    """A new version of the standard with its checklist. It comes into force only when activated."""

    template_name = "services/standard_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_publish(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_forms(self, form, formset, status=200):
        return render(self.request, self.template_name, {"form": form, "formset": formset, "article": ARTICLE},
                      status=status)

    def get(self, request):
        return self.render_forms(TechStandardForm(), StandardItemFormSet(prefix="items"))

    def post(self, request):
        form = TechStandardForm(request.POST)
        formset = StandardItemFormSet(request.POST, prefix="items")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_forms(form, formset, status=400)
        with transaction.atomic():
            standard = form.save(commit=False)
            standard.created_by = request.user
            standard.in_force = False
            standard.save()
            order = 0
            for item_form in formset.forms:
                text = (item_form.cleaned_data.get("text") or "").strip()
                if not text:
                    continue
                order += 1
                StandardItem.objects.create(standard=standard, order=order, text=text,
                                            required=item_form.cleaned_data.get("required", True))
        messages.success(request, _("Version %(version)s saved with %(count)s check items. Activate it to put it "
                                    "in force.") % {"version": standard.version, "count": order})
        return redirect("services:standard-detail", pk=standard.pk)


@login_required
@require_POST
def standard_activate(request, pk):
    standard = get_visible_or_404(TechStandard, request.user, pk)
    if not can_activate(request.user):
        raise PermissionDenied
    standard, problem = activate_standard(standard.pk)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("Version %(version)s is now in force; new self-tests use its checklist.")
                         % {"version": standard.version})
    return redirect("services:standard-detail", pk=pk)


# --- full-process self-tests (全流程自测) -------------------------------------------------------------------------

class SelfTestCreateView(LoginRequiredMixin, View):
    """A self-test of one service against every checklist item of the standard in force."""

    template_name = "services/selftest_form.html"

    def setup_service(self):
        user = self.request.user
        if not user.has_perm("services.add_selftestreport"):
            get_visible_or_404(Service, user, self.kwargs["pk"])  # out of scope stays 404
            raise PermissionDenied
        return get_for_action(Service, user, self.kwargs["pk"], "add_selftestreport",
                              queryset=Service.objects.select_related("owner_org"))

    def build(self, service, standard, data=None, files=None):
        form = SelfTestReportForm(data, user=self.request.user)
        rows = [(item, SelfTestResultForm(data, files, item=item, prefix=f"item-{item.pk}"))
                for item in standard.items.all()]
        return form, rows

    def render_page(self, service, standard, form, rows, status=200):
        return render(self.request, self.template_name, {
            "service": service, "standard": standard, "form": form, "rows": rows, "article": ARTICLE,
        }, status=status)

    def no_standard(self, service):
        return render(self.request, "services/selftest_no_standard.html", {"service": service, "article": ARTICLE},
                      status=409)

    def get(self, request, pk):
        service = self.setup_service()
        standard = TechStandard.current()
        if standard is None:
            return self.no_standard(service)
        form, rows = self.build(service, standard)
        return self.render_page(service, standard, form, rows)

    def post(self, request, pk):
        service = self.setup_service()
        standard = TechStandard.current()
        if standard is None:
            return self.no_standard(service)
        form, rows = self.build(service, standard, request.POST, request.FILES)
        if request.POST.get("standard") != str(standard.pk):
            messages.error(request, _("The standard in force changed while you were filling in the form. "
                                      "The checklist below is the one now in force; fill it in again."))
            form, rows = self.build(service, standard)
            return self.render_page(service, standard, form, rows, status=409)
        if not (form.is_valid() and all(row_form.is_valid() for _item, row_form in rows)):
            return self.render_page(service, standard, form, rows, status=400)
        header = form.cleaned_data
        report = record_self_test(
            service=service, standard=standard, user=request.user, tested_on=header["tested_on"],
            tester=header["tester"], summary=header.get("summary", ""),
            # An optional item left unmarked or not applicable records no result.
            results=[ItemResult(item, row.cleaned_data["passed"], row.cleaned_data.get("note", ""),
                                row.cleaned_data.get("evidence")) for item, row in rows
                     if row.cleaned_data.get("passed") is not None],
        )
        waiting = waiting_listing_filing(request.user, service)
        if report.passed:
            messages.success(request, _("Self-test recorded: every required item passed."))
            if waiting is not None:
                # Back to the draft that waited for it: it can be submitted now.
                messages.info(request, _("The listing filing %(reference)s waited for this self-test: submit it "
                                         "now.") % {"reference": waiting.reference})
                return redirect("workflow:filing-detail", pk=waiting.pk)
        else:
            messages.warning(request, _("Self-test recorded: not passed. Fix the failed items and test again."))
        return redirect("services:selftest-detail", pk=report.pk)


def waiting_listing_filing(user, service):
    """The user's draft or returned listing filing of this service that waits for a passed self-test, or None."""
    from ganfutong_admin.workflow.models import FilingStatus

    return (Filing.objects.visible_to(user, "change")
            .filter(kind="service_listing", service_change__service=service,
                    status__in=(FilingStatus.DRAFT, FilingStatus.RETURNED))
            .order_by("-created_at").first())


class SelfTestDetailView(LoginRequiredMixin, DetailView):
    model = SelfTestReport
    template_name = "services/selftest_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return get_visible_or_404(SelfTestReport, self.request.user, self.kwargs["pk"],
                                  queryset=SelfTestReport.objects.select_related("service", "standard", "owner_org",
                                                                                 "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        results = list(report.results.select_related("item").order_by("item__order", "item__pk"))
        ctx.update(
            article=ARTICLE,
            results=results,
            failed_count=sum(1 for r in results if not r.passed),
            service_visible=Service.objects.visible_to(self.request.user).filter(pk=report.service_id).exists(),
            is_current_standard=report.standard.in_force,
            waiting_filing=waiting_listing_filing(self.request.user, report.service),
        )
        return ctx


@login_required
def selftest_evidence(request, pk, result_pk):
    """Evidence is served only through this scoped view, always as a download."""
    report = get_visible_or_404(SelfTestReport, request.user, pk)
    result = get_object_or_404(SelfTestResult, pk=result_pk, report=report)
    if not result.evidence:
        raise Http404
    filename = result.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(result.evidence.open("rb"), as_attachment=True, filename=filename)
