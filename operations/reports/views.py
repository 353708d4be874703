"""第十四条 pages: operations reports drafted by the operator with live figures, published (frozen) to every org unit;
the printable page, the Excel workbook and the official Word document."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.core.documents import OfficialDocument, Section, docx_response
from ganfutong_admin.core.exports import xlsx_sheets_response
from ganfutong_admin.core.language import office_language
from ganfutong_admin.core.scoping import EditConflict, OutOfScope, get_for_action, get_visible_or_404, scoped_save
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from . import figures
from .filters import ReportFilter
from .forms import FindingFormSet, ReportForm
from .models import OperationsReport, ReportStatus
from .visibility import findings_for, rows_for, sees_all_rows, visible_named

ARTICLE = "第十四条"
NUMERALS = "一二三四五六七八九十"


class ReportListView(ScopedListView):
    model = OperationsReport
    filterset_class = ReportFilter
    template_name = "operations/reports/report_list.html"
    sort_fields = {"period": "period_start", "status": "status", "published": "published_at"}
    default_sort = ("-period_start", "kind")
    article = ARTICLE
    export_filename = "operations-reports"
    export_columns = [
        (gettext_lazy("Document number"), lambda r: r.number),
        (gettext_lazy("Title"), lambda r: r.title),
        (gettext_lazy("Kind"), lambda r: r.get_kind_display()),
        (gettext_lazy("Period start"), lambda r: r.period_start.isoformat()),
        (gettext_lazy("Period end"), lambda r: r.period_end.isoformat()),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Published at"), lambda r: timezone.localtime(r.published_at) if r.published_at else None),
        (pgettext_lazy("operations report", "Findings"), lambda r: r.finding_count),
    ]

    def base_queryset(self):
        return super().base_queryset().annotate(finding_count=Count("findings"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("operations.add_operationsreport")
        return ctx


def report_tables(user, report):
    """The figure tables of the report as the user reads them: the snapshot once published, live while a draft."""
    table = report.snapshot if report.status == ReportStatus.PUBLISHED and report.snapshot else None
    if table is None:
        with office_language():
            table = figures.compute(report.period_start, report.period_end)
    units, groups, everything = rows_for(user, report, table)
    tables = []
    for figure in table["figures"]:
        key = figure["key"]
        columns = figure["columns"]

        def cells(values, key=key, columns=columns):
            return [values.get(key, {}).get(c["key"]) for c in columns]

        tables.append({
            "key": key, "label": figure["label"], "note": figure.get("note", ""), "columns": columns,
            "groups": [{"name": g["name"], "code": g["code"], "cells": cells(g["values"])} for g in groups],
            "units": [{"name": u["name"], "code": u["code"], "cells": cells(u["values"])}
                      for u in units if u.get("has_data") or not everything],
            "total": cells(table["total"]) if everything else None,
        })
    return table, tables


def report_context(user, report):
    table, tables = report_tables(user, report)
    found = []
    for finding in findings_for(user, report):
        found.append({"finding": finding, "named": visible_named(user, report, finding)})
    return {"report": report, "tables": tables, "computed_at": table["computed_at"], "findings": found,
            "live": report.status != ReportStatus.PUBLISHED, "sees_all": sees_all_rows(user, report),
            "article": ARTICLE}


def _get_report(request, pk):
    return get_visible_or_404(OperationsReport, request.user, pk,
                              queryset=OperationsReport.objects.select_related("owner_org", "published_by"))


class ReportDetailView(LoginRequiredMixin, DetailView):
    model = OperationsReport
    template_name = "operations/reports/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return _get_report(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        ctx.update(report_context(user, report))
        ctx.update(
            transitions=OperationsReport.workflow.allowed(report, user),
            can_edit=report.status == ReportStatus.DRAFT and OperationsReport.objects.visible_to(
                user, "change").filter(pk=report.pk).exists(),
            events=report.events.select_related("actor", "actor__org_unit"),
        )
        return ctx


class ReportPrintView(LoginRequiredMixin, View):
    def get(self, request, pk):
        report = _get_report(request, pk)
        return render(request, "operations/reports/report_print.html", report_context(request.user, report))


class ReportEditView(LoginRequiredMixin, View):
    template_name = "operations/reports/report_form.html"

    def get_report(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("operations.add_operationsreport") or user.org_unit is None:
                raise PermissionDenied
            return OperationsReport(created_by=user, owner_org=user.org_unit)
        report = get_for_action(OperationsReport, user, self.kwargs["pk"], "change")
        if report.status != ReportStatus.DRAFT:
            raise PermissionDenied
        return report

    def render_page(self, form, formset, status=200):
        return render(self.request, self.template_name, {"form": form, "formset": formset, "article": ARTICLE},
                      status=status)

    def get(self, request, **kwargs):
        report = self.get_report()
        initial = {}
        if report.pk is None:
            today = timezone.localdate()
            initial = {"year": today.year, "month": today.month, "quarter": (today.month - 1) // 3 + 1}
        return self.render_page(ReportForm(instance=report, initial=initial),
                                FindingFormSet(instance=report, prefix="findings"))

    def post(self, request, **kwargs):
        report = self.get_report()
        form = ReportForm(request.POST, instance=report)
        formset = FindingFormSet(request.POST, instance=report, prefix="findings")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_page(form, formset, status=400)
        creating = report.pk is None

        def write():
            saved = form.save()
            formset.instance = saved
            formset.save()
            if creating:
                saved.record_event(request.user, "create", "", saved.status)
            return saved

        try:
            saved = scoped_save(request.user, write, record=None if creating else report,
                                version=form.cleaned_data.get("version"), editable=(ReportStatus.DRAFT,),
                                action="add" if creating else "change")
        except (EditConflict, OutOfScope) as exc:
            form.add_error(None, exc.message)
            return self.render_page(form, formset, status=409 if isinstance(exc, EditConflict) else 400)
        messages.success(request, _("Saved."))
        return redirect("operations:report-detail", pk=saved.pk)


class ReportTransitionView(TransitionView):
    model = OperationsReport

    def success_message(self, report, action):
        return _("The report is published: its figures are frozen and a rectification was opened for each org unit "
                 "a finding names.")


def _sheet(table):
    columns = [(_("Org unit"), lambda row: row["name"]), (_("Code"), lambda row: row["code"])]
    for i, column in enumerate(table["columns"]):
        columns.append((column["label"] + (" (%)" if column["rate"] else ""), lambda row, i=i: row["cells"][i]))
    rows = [*table["groups"]]
    if table["total"] is not None:
        rows.append({"name": _("Total"), "code": "", "cells": table["total"]})
    rows.extend(table["units"])
    return table["label"][:31], columns, rows


class ReportXlsxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        report = _get_report(request, pk)
        with office_language():
            ctx = report_context(request.user, report)
            findings = [(_("Finding"), lambda f: f["finding"].text),
                        (pgettext("operations report", "Org units named"),
                         lambda f: "、".join(n.org_unit.name for n in f["named"]))]
            sheets = [_sheet(t) for t in ctx["tables"]]
            sheets.append((pgettext("operations report", "Findings"), findings, ctx["findings"]))
        record(EventKind.EXPORT, user=request.user, request=request, target=f"operations-report-{report.pk}")
        return xlsx_sheets_response(sheets, f"operations-report-{report.year}-{report.pk}")


def official_document(user, report):
    """The report in the layout of GB/T 9704-2012: its narrative, its findings, then the city tables."""
    ctx = report_context(user, report)
    sections = []
    paragraphs = [line.strip() for line in report.narrative.splitlines() if line.strip()]
    found = [f["finding"].text + (("（" + "、".join(n.org_unit.name for n in f["named"]) + "）") if f["named"] else "")
             for f in ctx["findings"]]
    for heading, lines in ((_("Overall operation"), paragraphs), (_("Problems found and rectification"), found)):
        if lines:
            sections.append(Section(f"{NUMERALS[len(sections)]}、{heading}", lines))
    tables = []
    for t in ctx["tables"]:
        header = [_("Org unit"), *(c["label"] + ("（%）" if c["rate"] else "") for c in t["columns"])]
        rows = [[g["name"], *("—" if v is None else str(v) for v in g["cells"])] for g in t["groups"]]
        if t["total"] is not None:
            rows.append([_("Total"), *("—" if v is None else str(v) for v in t["total"])])
        if rows:
            tables.append((t["label"], header, rows))
    recipients = _("To the government service administration offices of every city and county and the provincial "
                   "departments concerned:")
    return OfficialDocument(issuer=report.owner_org.name, number=report.number, title=report.title,
                            recipients=recipients, sections=sections,
                            tables=tables,
                            date=timezone.localtime(report.published_at).date() if report.published_at else None)


class ReportDocxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        report = _get_report(request, pk)
        with office_language():
            document = official_document(request.user, report)
        record(EventKind.EXPORT, user=request.user, request=request, target=f"operations-report-{report.pk}",
               format="docx")
        return docx_response(document, report.number or f"operations-report-{report.pk}")
