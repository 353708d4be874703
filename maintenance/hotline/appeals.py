"""Bad reviews (办件差评) and their appeal path (第十八条).

A bad review opens a kernel rectification due in BAD_REVIEW_RECTIFICATION_WORKING_DAYS working days (the policy
parameter in force when the review is recorded). The
owner org may appeal against a malicious review; the provincial reviewer upholds or rejects the appeal
(kernel engine). Upheld: the review is excluded (supervision and evaluation skip it) and its rectification
is waived through the kernel's `waive` transition, in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification, RectificationStatus

from ..parameters import BAD_REVIEW_RECTIFICATION_WORKING_DAYS
from .models import BadReview, Satisfaction
from .privacy import mask_free_text

WAIVABLE = (RectificationStatus.OPEN, RectificationStatus.REOPENED, RectificationStatus.SUBMITTED)


def open_bad_review(*, owner_org, rating, user, comment="", work_order=None, case_number=""):
    """Record a bad review and open its rectification (one transaction; the caller may hold one)."""
    with transaction.atomic(), office_language():
        review = BadReview.objects.create(work_order=work_order, case_number=case_number, owner_org=owner_org,
                                          rating=rating, comment=comment, created_by=user)
        source = work_order.reference if work_order is not None else case_number
        subject = mask_free_text(work_order.title) if work_order is not None else case_number
        description = _("The citizen rated the handling “%(rating)s”.") % {"rating": Satisfaction(rating).label}
        if comment:
            description += "\n" + _("Comment: %(comment)s") % {"comment": mask_free_text(comment)}
        review.rectification = Rectification.open_for(
            source=review, owner_org=owner_org, user=user,
            title=(_("Bad review rectification: %(subject)s") % {"subject": subject})[:200],
            description=description,
            working_days=policy_value(BAD_REVIEW_RECTIFICATION_WORKING_DAYS, review.created_at),
        )
        review._change_reason = _("Rectification opened")
        review.save(update_fields=["rectification"])
        due = timezone.localtime(review.rectification.due_at).strftime("%Y-%m-%d")
        detail = _("From %(source)s; rectification due %(due)s.") % {"source": source, "due": due}
        review.record_event(user, "open", "", review.status, detail=detail[:300])
    return review


class BadReviewLifecycle(engine.Lifecycle):
    def apply(self, step):
        review = step.record
        if step.action == "appeal":
            review.appeal_reason = step.comment
            review.appealed_at = step.now
            return
        review.decided_at = step.now
        review.decided_by = step.user
        review.decision_comment = step.comment
        if step.action == "uphold":
            review.excluded = True

    def effects(self, step):
        if step.action == "uphold":
            _waive_rectification(step.record, step.user, step.comment)

    def on_commit(self, step):
        from .notifications import bad_review_transition

        bad_review_transition(step.record, step.transition, step.user)


def _waive_rectification(review, user, comment):
    rect = Rectification.objects.filter(pk=review.rectification_id).first()
    if rect is None or rect.status not in WAIVABLE:
        return  # already accepted (or none): nothing left to waive
    with office_language():
        reason = _("Appeal against the bad review upheld: %(comment)s") % {"comment": mask_free_text(comment)}
    engine.perform(Rectification, rect.pk, "waive", user, rect.version, reason)
