"""Catalog operations shared by the pages and the API: putting a standard in force, recording a self-test."""

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from .models import SelfTestReport, SelfTestResult, Service, TechStandard


def activate_standard(standard_pk):
    """Put one version in force and every other out of force, in one transaction (all rows locked, so two
    reviewers activating at once queue and the last one wins cleanly). Returns (standard, problem)."""
    with transaction.atomic():
        standards = list(TechStandard.objects.select_for_update().order_by("pk"))
        target = next((s for s in standards if s.pk == standard_pk), None)
        if target is None:
            raise Http404
        if not target.items.exists():
            return target, _("A version without check items cannot be put in force.")
        # Out of force first: the database allows one version in force at a time.
        for other in standards:
            if other.in_force and other.pk != target.pk:
                other.in_force = False
                other._change_reason = _("Superseded by version %(version)s") % {"version": target.version}
                other.save(update_fields=["in_force"])
        if not target.in_force:
            target.in_force = True
            target._change_reason = _("Put in force")
            target.save(update_fields=["in_force"])
    return target, None


@dataclass
class ItemResult:
    item: object  # StandardItem
    passed: bool
    note: str = ""
    evidence: object = None  # an uploaded file or None


def record_self_test(*, service, standard, user, tested_on, tester, summary="", results):
    """Save a report and one result per checklist item; `passed` is derived from the saved results.

    One transaction: a report never exists without its results. A passed report records the standard
    version the service was tested against."""
    with transaction.atomic():
        report = SelfTestReport.objects.create(
            service=service, standard=standard, owner_org=service.owner_org, created_by=user,
            tested_on=tested_on, tester=tester, summary=summary,
        )
        for result in results:
            SelfTestResult.objects.create(report=report, item=result.item, passed=result.passed,
                                          note=result.note or "", evidence=result.evidence or "")
        report.recompute_passed()
        report.save(update_fields=["passed", "updated_at"])
        if report.passed:
            locked = Service.objects.select_for_update(of=("self",)).get(pk=service.pk)
            if locked.standard_id != standard.pk:
                locked.standard = standard
                locked._change_reason = _("Self-test passed under version %(version)s") % {
                    "version": standard.version}
                locked.save(update_fields=["standard", "updated_at"])
    return report
