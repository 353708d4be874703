"""The register's gaps as electronic supervision sees them (第十二条、第二十四条), declared through
OperationsConfig.supervision_rules() and evaluation_indicators(): computed in SQL by coverage.py."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.chapters import EvaluationIndicator, SupervisionRule
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.policy.parameters import local_day

from .coverage import with_coverage
from .models import Duty

ARTICLE = "第十二条"
RULE_PREFIX = "operations.no_responsible_person_"
INDICATOR = "operations.responsible_person_coverage"


def _rule(duty):
    from .coverage import missing_duty

    return SupervisionRule(
        code=f"{RULE_PREFIX}{duty.value}",
        label=format_lazy(_("No current responsible person: {duty}"), duty=duty.label),
        article=ARTICLE,
        query=lambda now, _duty=duty.value: missing_duty(_duty, now),
    )


def coverage_rate(org_unit_ids, period_start, period_end):
    """Share of the duties with a person valid on the last day of the period, per org unit (one query)."""
    day = local_day(period_end)
    rows = with_coverage(OrgUnit.objects.filter(pk__in=list(org_unit_ids)), day).values_list("pk", "missing")
    total = len(Duty.values)
    return {pk: (total - missing) / total for pk, missing in rows}


def rules():
    return tuple(_rule(duty) for duty in Duty)


def indicators():
    return (EvaluationIndicator(INDICATOR, _("Responsible persons designated for every duty"), ARTICLE,
                                coverage_rate, kind="rate"),)
