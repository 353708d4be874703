"""Inspection pages (第十六条 platform inspections, 第十七条 daily inspections): list, detail, record/edit, complete."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.scoping import EditConflict, OutOfScope, get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Rectification
from ganfutong_admin.workflow.transition_views import TransitionView

from .filters import InspectionFilter
from .forms import CompleteForm, FindingRowForm, FreeFindingFormSet, InspectionForm, TemplateChoiceForm
from .lifecycle import FindingInput, record_inspection, update_inspection
from .models import FindingResult, Inspection, InspectionFinding, InspectionKind
from .policy import kinds_for, may_change


def article_for(kind):
    return "第十六条" if kind == InspectionKind.PLATFORM else "第十七条"


class InspectionListView(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilter
    template_name = "maintenance/inspections/inspection_list.html"
    sort_fields = {"inspected": "inspected_on", "org": "owner_org__path", "status": "status", "kind": "kind",
                   "problems": "problem_count", "created": "created_at"}
    default_sort = ("-inspected_on", "-pk")
    article = "第十六条、第十七条"
    export_filename = "inspections"
    export_columns = [
        (gettext_lazy("Kind"), lambda i: i.get_kind_display()),
        (gettext_lazy("Inspected org unit"), lambda i: i.owner_org.name),
        (gettext_lazy("Org unit code"), lambda i: i.owner_org.code),
        (gettext_lazy("Inspected on"), lambda i: i.inspected_on),
        (gettext_lazy("Inspection template"), lambda i: i.template.name),
        (gettext_lazy("Inspector"), lambda i: str(i.inspector)),
        (gettext_lazy("Status"), lambda i: i.get_status_display()),
        (gettext_lazy("Problems found"), lambda i: i.problem_count),
        (gettext_lazy("Has open problems"), lambda i: _("Yes") if i.has_open_problems else _("No")),
        (gettext_lazy("Summary"), lambda i: i.summary),
    ]

    def base_queryset(self):
        return (super().base_queryset().with_problem_counts()
                .select_related("owner_org", "template", "inspector"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = bool(kinds_for(self.request.user))
        return ctx


class InspectionDetailView(LoginRequiredMixin, DetailView):
    model = Inspection
    template_name = "maintenance/inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_object(self, queryset=None):
        return get_visible_or_404(
            Inspection, self.request.user, self.kwargs["pk"],
            queryset=Inspection.objects.select_related("owner_org", "template", "inspector", "completed_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection = self.object
        user = self.request.user
        rects = Rectification.objects.with_overdue()
        findings = list(inspection.findings.prefetch_related(Prefetch("rectification", queryset=rects))
                        .order_by("order", "pk"))
        rect_ids = [f.rectification_id for f in findings if f.rectification_id]
        visible_rects = set(Rectification.objects.visible_to(user).filter(pk__in=rect_ids)
                            .values_list("pk", flat=True)) if rect_ids else set()
        ctx.update(
            article=article_for(inspection.kind),
            findings=findings,
            visible_rects=visible_rects,
            problem_count=sum(1 for f in findings if f.result == FindingResult.PROBLEM),
            can_edit=may_change(user, inspection),
            transitions=Inspection.workflow.allowed(inspection, user),
            complete_form=CompleteForm(initial={"version": inspection.version,
                                                "working_days": inspection.rectification_working_days}),
            events=inspection.events.select_related("actor", "actor__org_unit"),
            history=inspection.history.select_related("history_user")[:50],
        )
        return ctx


class InspectionEditView(LoginRequiredMixin, View):
    """Record a new inspection (no pk: first choose the kind and the template) or edit a draft."""

    template_name = "maintenance/inspections/inspection_form.html"

    # --- what is being edited ---------------------------------------------------------------------------------
    def get_inspection(self):
        user = self.request.user
        inspection = get_visible_or_404(Inspection, user, self.kwargs["pk"],
                                        queryset=Inspection.objects.select_related("owner_org", "template"))
        if not may_change(user, inspection):
            raise PermissionDenied
        return inspection

    def chosen_template(self, data):
        """(kind, template) of a new inspection from the request, or None when not (validly) chosen yet."""
        form = TemplateChoiceForm(data, user=self.request.user)
        if not form.is_valid():
            return None
        return form.cleaned_data["kind"], form.cleaned_data["template"]

    # --- the forms --------------------------------------------------------------------------------------------
    def build(self, *, kind, template, inspection=None, data=None):
        user = self.request.user
        header = InspectionForm(data, instance=inspection, user=user, kind=kind)
        if inspection is None:
            items = [(item, None) for item in template.items.all()]
            free_initial = []
        else:
            existing = list(inspection.findings.select_related("template_item").order_by("order", "pk"))
            items = [(f.template_item, f) for f in existing if f.template_item_id]
            free_initial = [{"check_item": f.check_item, "severity": f.severity, "description": f.description}
                            for f in existing if not f.template_item_id]
        rows = []
        for item, finding in items:
            initial = ({"result": finding.result, "severity": finding.severity, "description": finding.description}
                       if finding else {})
            text = finding.check_item if finding else item.text
            rows.append(FindingRowForm(data, initial=initial, prefix=f"item-{item.pk}", item_text=text,
                                       template_item=item))
        free = FreeFindingFormSet(data, initial=free_initial or None, prefix="free")
        return header, rows, free

    def render_page(self, ctx, status=200):
        return render(self.request, self.template_name, ctx, status=status)

    def context(self, *, kind, template, header, rows, free, inspection=None):
        version = self.request.POST.get("version") if self.request.method == "POST" else None
        return {"kind": kind, "kind_label": InspectionKind(kind).label, "template": template,
                "form": header, "rows": rows, "free": free, "inspection": inspection,
                "version": version or (inspection.version if inspection else ""),
                "article": article_for(kind)}

    def get(self, request, pk=None):
        if pk is not None:
            inspection = self.get_inspection()
            header, rows, free = self.build(kind=inspection.kind, template=inspection.template, inspection=inspection)
            return self.render_page(self.context(kind=inspection.kind, template=inspection.template, header=header,
                                                 rows=rows, free=free, inspection=inspection))
        if not kinds_for(request.user):
            raise PermissionDenied
        chosen = self.chosen_template(request.GET) if request.GET else None
        if chosen is None:
            chooser = TemplateChoiceForm(request.GET or None, user=request.user)
            return render(request, "maintenance/inspections/inspection_choose.html",
                          {"form": chooser, "article": "第十六条、第十七条"})
        kind, template = chosen
        header, rows, free = self.build(kind=kind, template=template)
        return self.render_page(self.context(kind=kind, template=template, header=header, rows=rows, free=free))

    def post(self, request, pk=None):
        inspection = None
        if pk is not None:
            inspection = self.get_inspection()
            kind, template = inspection.kind, inspection.template
        else:
            if not kinds_for(request.user):
                raise PermissionDenied
            chosen = self.chosen_template(request.POST)
            if chosen is None:
                messages.error(request, _("Choose the kind of inspection and its template again."))
                chooser = TemplateChoiceForm(request.POST, user=request.user)
                return render(request, "maintenance/inspections/inspection_choose.html",
                              {"form": chooser, "article": "第十六条、第十七条"}, status=400)
            kind, template = chosen
        header, rows, free = self.build(kind=kind, template=template, inspection=inspection, data=request.POST)
        ctx = self.context(kind=kind, template=template, header=header, rows=rows, free=free, inspection=inspection)
        valid = header.is_valid() & all([r.is_valid() for r in rows]) & free.is_valid()
        if not valid:
            return self.render_page(ctx, status=400)
        findings = [FindingInput(check_item=r.item_text, result=r.cleaned_data["result"],
                                 severity=r.cleaned_data.get("severity", ""),
                                 description=r.cleaned_data.get("description", ""), template_item=r.template_item)
                    for r in rows]
        findings += [FindingInput(check_item=f.cleaned_data["check_item"], result=FindingResult.PROBLEM,
                                  severity=f.cleaned_data["severity"], description=f.cleaned_data["description"])
                     for f in free.forms if not f.is_empty]
        if not findings:
            header.add_error(None, _("Record at least one finding."))
            return self.render_page(ctx, status=400)
        data = header.cleaned_data
        fields = {"owner_org": data["owner_org"], "inspected_on": data["inspected_on"],
                  "summary": data.get("summary", ""), "rectification_working_days": data["rectification_working_days"]}
        try:
            if inspection is None:
                saved = record_inspection(user=request.user, kind=kind, template=template, findings=findings,
                                          **fields)
            else:
                saved = update_inspection(inspection, user=request.user, version=request.POST.get("version"),
                                          findings=findings, **fields)
        except (EditConflict, OutOfScope) as exc:
            header.add_error(None, exc.message)
            return self.render_page(ctx, status=409 if isinstance(exc, EditConflict) else 400)
        messages.success(request, _("Inspection saved as a draft. Complete it when every item is checked."))
        return redirect("maintenance:inspection-detail", pk=saved.pk)


class InspectionCompleteView(TransitionView):
    """Complete a draft (the deadline of the rectifications it opens may be given: the payload)."""

    model = Inspection
    fixed_action = "complete"

    def success_message(self, inspection, action):
        opened = InspectionFinding.objects.filter(inspection=inspection, rectification__isnull=False).count()
        if opened:
            return ngettext(
                "Inspection completed: %(count)s rectification opened for %(org)s.",
                "Inspection completed: %(count)s rectifications opened for %(org)s.", opened,
            ) % {"count": opened, "org": inspection.owner_org.name}
        return _("Inspection completed: no problems found.")
