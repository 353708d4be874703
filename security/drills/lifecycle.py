"""Writes of plans and drills, in the caller's transaction (scoped_save wraps them):

- `create_plan`: the plan and its first version; its first drill is due an interval after it takes effect;
- `record_drill`: the drill, its findings (each opening a kernel rectification for the plan's org unit), and the
  plan's next drill due an interval after this one (the interval in force on the day it was held)."""

from django.utils.translation import gettext as _

from ganfutong_admin.core.language import office_language
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow.models import Rectification

from ..parameters import DRILL_INTERVAL_MONTHS
from .models import Drill, DrillFinding, EmergencyPlan, EmergencyPlanVersion, add_months

ARTICLE = "第二十三条"


def _interval(day):
    from datetime import datetime, time

    from django.utils import timezone

    return policy_value(DRILL_INTERVAL_MONTHS, timezone.make_aware(datetime.combine(day, time(12))))


def create_plan(*, user, owner_org, title, label, effective_on, attachment=None, change_note=""):
    months = _interval(effective_on)
    plan = EmergencyPlan.objects.create(owner_org=owner_org, title=title, created_by=user,
                                        drill_interval_months=months, next_drill_due=add_months(effective_on, months))
    EmergencyPlanVersion.objects.create(plan=plan, label=label, effective_on=effective_on,
                                        attachment=attachment or "", change_note=change_note)
    return plan


def record_drill(*, user, plan, held_on, scenario, participants, summary="", findings=()):
    drill = Drill.objects.create(owner_org=plan.owner_org, plan=plan, held_on=held_on, scenario=scenario,
                                 participants=participants, summary=summary, created_by=user)
    with office_language():
        for order, text in enumerate(findings, start=1):
            finding = DrillFinding.objects.create(drill=drill, order=order, description=text)
            finding.rectification = Rectification.open_for(
                source=finding, owner_org=plan.owner_org, user=user,
                title=(_("Drill finding: %(text)s") % {"text": text})[:200],
                description=_("Drill of “%(plan)s” on %(day)s (%(scenario)s): %(text)s") % {
                    "plan": plan.title, "day": held_on.isoformat(), "scenario": scenario, "text": text})
            finding.save(update_fields=["rectification"])
    latest = plan.drills.order_by("-held_on").values_list("held_on", flat=True).first()
    months = _interval(latest)
    EmergencyPlan.objects.filter(pk=plan.pk).update(next_drill_due=add_months(latest, months),
                                                    drill_interval_months=months)
    return drill
