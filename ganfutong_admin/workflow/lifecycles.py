"""The engine's hooks for the kernel's own workflow models, bound once by WorkflowConfig.workflow_bindings()."""

from django.utils.translation import gettext as _

from ganfutong_admin.policy.parameters import value as policy_value

from . import kinds
from .calendar import add_working_days
from .engine import Lifecycle
from .models import FILING_CLOSED_STATES, FilingStatus, RectificationStatus
from .parameters import REVIEW_WORKING_DAYS


class FilingLifecycle(Lifecycle):
    """One review workflow for every kind; the kind (workflow.kinds) adds its guards and effects."""

    def available(self, filing, transition):
        # 备案 filings are acknowledged; the others are approved or rejected.
        if transition.action == "acknowledge":
            return filing.for_the_record
        if transition.action in {"approve", "reject"}:
            return not filing.for_the_record
        return True

    def requires_comment(self, filing, transition):
        info = filing.kind_info
        return bool(info and transition.action in info.comment_required)

    def guard(self, step):
        for guard in kinds.guards_for(step.record.kind, step.action):
            problem = guard(step)
            if problem:
                return problem
        return None

    def apply(self, step):
        filing, target = step.record, step.transition.target
        if target == FilingStatus.SUBMITTED:
            filing.submitted_at = step.now
            info = filing.kind_info
            # The review limit in force when the clock starts: a later change of the parameter never moves it.
            filing.set_due(add_working_days(step.now, info.review_days(step.now) if info else
                                            policy_value(REVIEW_WORKING_DAYS, step.now)))
        # A return for revision is a reviewer's decision too: the filing shows who returned it and when.
        if step.action == "return" or (target in FILING_CLOSED_STATES and target != FilingStatus.WITHDRAWN):
            filing.decided_at = step.now
            filing.decided_by = step.user

    def effects(self, step):
        filing, target = step.record, step.transition.target
        info = filing.kind_info
        if info is None:
            return
        if target == FilingStatus.SUBMITTED and info.on_submitted:
            info.on_submitted(step)
        if target in FILING_CLOSED_STATES and target != FilingStatus.WITHDRAWN and info.on_decided:
            info.on_decided(step)

    def on_commit(self, step):
        from ganfutong_admin.notifications.services import notify_filing_transition

        notify_filing_transition(step.record, step.transition, step.user, step.comment)


class RectificationLifecycle(Lifecycle):
    def guard(self, step):
        rect = step.record
        if step.action == "submit" and not (rect.response.strip() or rect.evidence):
            return _("Describe the rectification taken or attach evidence before submitting.")
        return None

    def apply(self, step):
        rect, target = step.record, step.transition.target
        if target == RectificationStatus.SUBMITTED:
            rect.submitted_at = step.now
        if target in (RectificationStatus.ACCEPTED, RectificationStatus.WAIVED):
            rect.closed_at = step.now

    def on_commit(self, step):
        from ganfutong_admin.notifications.services import notify_rectification_transition

        notify_rectification_transition(step.record, step.transition, step.user, step.comment)
