"""Recording an assessment: the record, its findings, and one kernel rectification per finding (the closed loop of
第二十条), in the caller's transaction (scoped_save wraps it)."""

from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language
from ganfutong_admin.workflow.models import Rectification

from .models import AssessmentFinding, SecurityAssessment

ARTICLE = "第二十条"


def record_assessment(*, user, findings=(), **fields):
    assessment = SecurityAssessment.objects.create(created_by=user, **fields)
    with office_language():
        for order, text in enumerate(findings, start=1):
            finding = AssessmentFinding(assessment=assessment, order=order, description=text)
            finding.save()
            finding.rectification = Rectification.open_for(
                source=finding, owner_org=assessment.owner_org, user=user,
                title=(_("Security finding: %(text)s") % {"text": text})[:200],
                description=_("%(kind)s “%(title)s”: %(text)s") % {
                    "kind": assessment.get_kind_display(), "title": assessment.title, "text": text})
            finding.save(update_fields=["rectification"])
    return assessment
