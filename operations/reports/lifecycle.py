"""Publishing an operations report (第十四条): once its period has ended; the figures are frozen as the snapshot and
every org unit a finding names gets one rectification (the kernel's table), in the engine's transaction."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language, stored
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from . import figures
from .models import ReportFindingUnit, ReportStatus


def open_rectifications(report, user):
    """One rectification per org unit named by a finding of `report` that has none yet; returns those opened."""
    opened = []
    for named in (ReportFindingUnit.objects.filter(finding__report=report, rectification__isnull=True)
                  .select_related("finding", "org_unit").order_by("finding", "pk")):
        title = stored(lambda n=named: _("Operations report %(period)s: %(finding)s") % {
            "period": report.period_label, "finding": n.finding.text.splitlines()[0][:80]})[:200]
        named.rectification = Rectification.open_for(source=named.finding, owner_org=named.org_unit, title=title,
                                                     description=named.finding.text, user=user)
        named.save(update_fields=["rectification"])
        opened.append(named.rectification)
    return opened


class ReportLifecycle(engine.Lifecycle):
    def guard(self, step):
        report = step.record
        if step.action == "publish" and report.period_end >= timezone.localdate(step.now):
            return _("A report is published once its period has ended.")
        return None

    def apply(self, step):
        if step.transition.target == ReportStatus.PUBLISHED:
            report = step.record
            report.published_at = step.now
            report.published_by = step.user
            with office_language():
                report.snapshot = figures.compute(report.period_start, report.period_end)

    def effects(self, step):
        if step.transition.target == ReportStatus.PUBLISHED:
            open_rectifications(step.record, step.user)
