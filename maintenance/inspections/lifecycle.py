"""Recording, editing and completing inspections; the pages and the API both call these.

Completing goes through the kernel engine (row lock, version check, event). Inside that transaction every
problem finding opens a kernel rectification for the inspected org unit (第十六条 "督促整改落实巡检发现的问题"),
due N working days later; the rectification and the finding point at each other.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ganfutong_admin.core.language import office_language, stored
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from .models import FindingResult, Inspection, InspectionFinding, InspectionKind, InspectionStatus
from .policy import may_record

STALE = gettext_lazy("This inspection was changed by someone else (version %(current)s, you had %(yours)s). "
                     "Reload it and enter your changes again.")

# The working days given with the "complete" action (the form or the API), read by on_completed().
_completion_days = ContextVar("inspection_completion_days", default=None)


@dataclass
class FindingInput:
    check_item: str
    result: str
    severity: str = ""
    description: str = ""
    template_item: object = None  # InspectionTemplateItem, or None for a free finding


def _write_findings(inspection, findings):
    """Checklist rows are updated in place (by template item); free findings are replaced (a draft has no
    rectifications yet). Through the model, row by row: findings are history-tracked."""
    existing = {f.template_item_id: f for f in inspection.findings.filter(template_item__isnull=False)}
    for f in inspection.findings.filter(template_item__isnull=True):
        f.delete()
    for order, data in enumerate(findings, start=1):
        severity = data.severity if data.result == FindingResult.PROBLEM else ""
        description = (data.description or "").strip()
        finding = existing.pop(data.template_item.pk, None) if data.template_item is not None else None
        finding = finding or InspectionFinding(inspection=inspection, template_item=data.template_item)
        finding.order, finding.check_item, finding.result = order, data.check_item.strip(), data.result
        finding.severity, finding.description = severity, description
        finding.save()
    for stale in existing.values():  # checklist rows no longer submitted
        stale.delete()


def record_inspection(*, user, kind, template, owner_org, inspected_on, summary, rectification_working_days,
                      findings):
    with transaction.atomic():
        inspection = Inspection.objects.create(
            kind=kind, template=template, owner_org=owner_org, inspected_on=inspected_on, summary=summary or "",
            rectification_working_days=rectification_working_days, inspector=user, created_by=user,
        )
        _write_findings(inspection, findings)
        inspection.record_event(user, "create", "", InspectionStatus.DRAFT)
    return inspection


def update_inspection(inspection_pk, *, user, version, owner_org, inspected_on, summary,
                      rectification_working_days, findings):
    """Save an edited draft under a row lock. Returns (inspection, problem): a problem message means nothing
    was saved (stale version, no longer a draft)."""
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update(of=("self",)).get(pk=inspection_pk)
        if inspection.version != version:
            return inspection, STALE % {"current": inspection.version, "yours": version}
        if inspection.status != InspectionStatus.DRAFT:
            return inspection, _("A completed inspection cannot be edited.")
        inspection.owner_org = owner_org
        inspection.inspected_on = inspected_on
        inspection.summary = summary or ""
        inspection.rectification_working_days = rectification_working_days
        inspection.version += 1
        inspection._change_reason = stored(lambda: _("Findings edited"))
        inspection.save()
        _write_findings(inspection, findings)
    return inspection, None


@contextmanager
def _with_days(days):
    token = _completion_days.set(days)
    try:
        yield
    finally:
        _completion_days.reset(token)


def complete_inspection(pk, *, user, version, comment="", working_days=None):
    """The "complete" transition through the engine; raises engine.TransitionError subclasses.

    Visible but not the user's kind of inspection to complete is "not permitted" (403), like a missing
    permission; the guard checks the same again under the row lock."""
    inspection = Inspection.objects.visible_to(user).select_related("owner_org").filter(pk=pk).first()
    if inspection is None:
        raise engine.NotFound(_("Not found."))
    problem = _kind_rule_problem(inspection, user)
    if problem:
        raise engine.NotPermitted(problem)
    with _with_days(working_days):
        return engine.perform(Inspection, pk, "complete", user, version, comment)


def _kind_rule_problem(inspection, user):
    if may_record(user, inspection.kind, inspection.owner_org):
        return None
    if inspection.kind == InspectionKind.PLATFORM:
        return _("Only the provincial authority or the platform operator completes a platform inspection.")
    return _("A daily inspection is completed by the inspected org unit or its superior.")


def completion_guard(inspection, user):
    problem = _kind_rule_problem(inspection, user)
    if problem:
        return problem
    if not inspection.findings.exists():
        return _("Record at least one finding before completing the inspection.")
    return None


def on_completed(inspection, user):
    """Inside the completing transaction, before the inspection row is saved."""
    days = _completion_days.get() or inspection.rectification_working_days
    inspection.rectification_working_days = days
    inspection.completed_at = timezone.now()
    inspection.completed_by = user
    problems = inspection.findings.filter(result=FindingResult.PROBLEM, rectification__isnull=True)
    # Titles and the source label (str(finding)) are stored in the site language.
    with office_language():
        for finding in problems.order_by("order", "pk"):
            finding.inspection = inspection
            rect = Rectification.open_for(
                source=finding, owner_org=inspection.owner_org, user=user, working_days=days,
                title=(_("Inspection problem: %(item)s") % {"item": finding.check_item})[:200],
                description=_("[%(severity)s] %(description)s") % {
                    "severity": finding.get_severity_display(), "description": finding.description},
            )
            finding.rectification = rect
            finding._change_reason = _("Rectification opened")
            finding.save(update_fields=["rectification"])
