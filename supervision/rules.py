"""Rules of electronic supervision over kernel records (the kernel never imports a chapter, so the rules on its
own tables are declared here). The chapters declare theirs in their own ChapterConfig."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import SupervisionRule
from ganfutong_admin.workflow.models import RECTIFICATION_OPEN_STATES, Rectification

# Rectifications whose source has a rule of its own (a bad review's: maintenance.bad_review_rectification_overdue)
# are left to that rule, so that one breach raises one alert. Named by content type, not imported.
SOURCES_WITH_OWN_RULE = (("maintenance", "badreview"),)


def rectification_overdue(now):
    """第十六条、第二十四条: an open rectification past its due time."""
    qs = Rectification.objects.filter(status__in=RECTIFICATION_OPEN_STATES, due_at__lt=now)
    for app_label, model in SOURCES_WITH_OWN_RULE:
        qs = qs.exclude(source_type__app_label=app_label, source_type__model=model)
    return qs.annotate(breach_started_at=F("due_at"))


RULES = (
    SupervisionRule("supervision.rectification_overdue", _("Rectification overdue"), "第二十四条",
                    rectification_overdue),
)
