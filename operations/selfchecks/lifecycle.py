from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from .models import AnswerResult, SelfCheckStatus


class SelfCheckLifecycle(engine.Lifecycle):
    def guard(self, step):
        report = step.record
        if report.answers.count() != report.campaign.items.count():
            return _("Answer every item of the checklist before submitting.")
        return None

    def apply(self, step):
        if step.transition.target == SelfCheckStatus.SUBMITTED:
            step.record.submitted_at = step.now

    def effects(self, step):
        """Every problem found opens a rectification for the unit (第十四条: rectified according to the check)."""
        report = step.record
        for answer in report.answers.filter(result=AnswerResult.PROBLEM).select_related("item"):
            title = stored(lambda a=answer: _("Self-check: %(item)s") % {"item": a.item.text})[:200]
            Rectification.open_for(source=answer, owner_org=report.owner_org, title=title,
                                   description=answer.note or answer.item.text, user=step.user)
