"""Electronic supervision (电子监察) rules over service-management data, declared in ServicesConfig.supervision_rules().

Each rule is one query of the breaching records as of `now`, with `owner_org_id` and `breach_started_at`.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import SupervisionRule
from ganfutong_admin.workflow.models import Filing, FilingStatus


def emergency_written_filing_overdue(now):
    """第十一条: an emergency delisting reported orally whose written filing is past its due time."""
    return (Filing.objects.filter(kind="emergency_delisting", status=FilingStatus.ORAL_REPORTED, due_at__lt=now)
            .annotate(breach_started_at=F("due_at")))


RULES = (
    SupervisionRule("services.emergency_written_filing_overdue", _("Written filing of an emergency delisting overdue"),
                    "第十一条", emergency_written_filing_overdue),
)
