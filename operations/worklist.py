"""Home work-list sections of the operations chapter: circulars waiting for a second supervisor's review
(第十四条), and open self-check campaigns the user's org unit has not submitted yet."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.worklist import LIMIT

from .circulars.models import Circular, CircularStatus
from .selfchecks.models import SelfCheckCampaign, SelfCheckReport, SelfCheckStatus


def circulars_to_review(user):
    if not user.has_perm("operations.publish_circular"):
        return None
    qs = (Circular.objects.visible_to(user, "publish_circular").filter(status=CircularStatus.IN_REVIEW)
          .exclude(created_by=user).order_by("created_at", "pk"))
    return {
        "key": "circulars-to-review", "title": _("Circulars waiting for your review"), "count": qs.count(),
        "url": reverse("operations:circular-list"),
        "items": [{"label": c.title, "url": c.get_absolute_url(), "detail": c.number, "overdue": False}
                  for c in qs[:LIMIT]],
    }


def selfchecks_to_submit(user):
    if not user.has_perm("operations.add_selfcheckreport") or not user.org_unit_id:
        return None
    submitted = SelfCheckReport.objects.filter(owner_org=user.org_unit_id, status=SelfCheckStatus.SUBMITTED)
    today = timezone.localdate()
    qs = (SelfCheckCampaign.objects.visible_to(user).exclude(pk__in=submitted.values("campaign"))
          .order_by("due_on", "pk"))
    return {
        "key": "selfchecks-to-submit", "title": _("Self-checks your org unit has not submitted"), "count": qs.count(),
        "url": reverse("operations:selfcheck-list"),
        "items": [{"label": c.title, "url": c.get_absolute_url(), "detail": c.due_on.isoformat(),
                   "overdue": c.due_on < today} for c in qs[:LIMIT]],
    }


SECTIONS = [circulars_to_review, selfchecks_to_submit]
