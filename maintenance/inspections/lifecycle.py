"""Recording, editing and completing inspections; the pages and the API both call these.

Saves go through the kernel's scoped_save (an edit names the version it was based on; the inspection stays in
the inspector's scope). Completing is the engine's `complete` transition (row lock, version check, event; the
kind rule is the model's scope rule). Its effects open one kernel rectification per problem finding for the
inspected org unit (第十六条 "督促整改落实巡检发现的问题"), due N working days later (N from the payload or the
inspection); the rectification and the finding point at each other.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language, stored
from ganfutong_admin.core.scoping import OutOfScope, scoped_save
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from .models import FindingResult, Inspection, InspectionFinding, InspectionStatus
from .policy import may_record


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


def save_inspection(user, *, inspection, version=None, findings):
    """Create (inspection not saved yet) or edit a draft with its findings, through scoped_save: the saved
    inspection must be the user's to change and of a kind the user may record for that org unit."""
    creating = inspection.pk is None

    def write():
        if not may_record(user, inspection.kind, inspection.owner_org):
            raise OutOfScope()
        if creating:
            inspection.inspector = inspection.created_by = user
        else:
            inspection._change_reason = stored(lambda: _("Findings edited"))
        inspection.save()
        _write_findings(inspection, findings)
        if creating:
            inspection.record_event(user, "create", "", InspectionStatus.DRAFT)
        return inspection

    return scoped_save(user, write, record=None if creating else inspection, version=version,
                       editable=(InspectionStatus.DRAFT,))


def record_inspection(*, user, kind, template, owner_org, inspected_on, summary, rectification_working_days,
                      findings):
    inspection = Inspection(kind=kind, template=template, owner_org=owner_org, inspected_on=inspected_on,
                            summary=summary or "", rectification_working_days=rectification_working_days)
    return save_inspection(user, inspection=inspection, findings=findings)


def update_inspection(inspection, *, user, version, owner_org, inspected_on, summary, rectification_working_days,
                      findings):
    """Save an edited draft; raises EditConflict (stale version, no longer a draft) or OutOfScope."""
    inspection.owner_org, inspection.inspected_on = owner_org, inspected_on
    inspection.summary, inspection.rectification_working_days = summary or "", rectification_working_days
    return save_inspection(user, inspection=inspection, version=version, findings=findings)


def complete_inspection(pk, *, user, version, comment="", working_days=None):
    """The "complete" transition through the engine; raises engine.TransitionError subclasses."""
    return engine.perform(Inspection, pk, "complete", user, version, comment, payload={"working_days": working_days})


class InspectionLifecycle(engine.Lifecycle):
    def guard(self, step):
        if not step.record.findings.exists():
            return _("Record at least one finding before completing the inspection.")
        return None

    def apply(self, step):
        inspection = step.record
        inspection.rectification_working_days = step.data.get("working_days") or inspection.rectification_working_days
        inspection.completed_at = step.now
        inspection.completed_by = step.user

    def effects(self, step):
        """Every problem finding without a rectification opens one for the inspected org unit."""
        inspection, user = step.record, step.user
        days = inspection.rectification_working_days
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
