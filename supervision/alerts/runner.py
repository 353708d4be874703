"""The rule runner of electronic supervision (第二十四条): run every declared rule and keep the alerts in step.

For each rule (chapters.supervision_rules(), whatever app declares it): one query of its breaching records
(`values()` of pk, owner, breach start) and one of its unresolved alerts. Then:
- a breach without an unresolved alert raises one, at the level its length calls for;
- a breach whose length now calls for a higher level escalates its alert (reminder → yellow → red), also when
  acknowledged; the thresholds are those kept on the alert;
- an unresolved alert whose record left the query is resolved (engine, internal transition) with the run's time.
Raising is race-safe: a partial unique constraint allows one unresolved alert per rule and record; a run that
loses the race leaves the alert to the one that won.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core import chapters
from ganfutong_admin.core.language import office_language
from ganfutong_admin.policy.parameters import value as policy_value
from ganfutong_admin.workflow import engine

from ..parameters import RED_CARD_DAYS, YELLOW_CARD_DAYS
from .actor import system_actor
from .models import LEVEL_ORDER, Alert, AlertLevel, AlertStatus


@dataclass
class RunSummary:
    raised: int = 0
    escalated: int = 0
    resolved: int = 0
    per_rule: dict = field(default_factory=dict)

    def as_dict(self):
        return {"raised": self.raised, "escalated": self.escalated, "resolved": self.resolved,
                "rules": self.per_rule}


def level_for(breach_started_at, now, yellow_days, red_days):
    length = now - breach_started_at
    if length >= timedelta(days=red_days):
        return AlertLevel.RED
    if length >= timedelta(days=yellow_days):
        return AlertLevel.YELLOW
    return AlertLevel.REMINDER


def run_rules(now=None, rules=None):
    """Run `rules` (default: every declared rule) as of `now`; returns a RunSummary."""
    now = now or timezone.now()
    actor = system_actor()
    summary = RunSummary()
    yellow, red = policy_value(YELLOW_CARD_DAYS, now), policy_value(RED_CARD_DAYS, now)
    for rule in rules if rules is not None else chapters.supervision_rules():
        counts = run_rule(rule, now, actor, yellow, max(red, yellow + 1))
        summary.per_rule[rule.code] = counts
        summary.raised += counts["raised"]
        summary.escalated += counts["escalated"]
        summary.resolved += counts["resolved"]
    return summary


def run_rule(rule, now, actor, yellow, red):
    queryset = rule.query(now)
    model = queryset.model
    source_type = ContentType.objects.get_for_model(model)
    breaches = {row["pk"]: row for row in queryset.values("pk", "owner_org_id", "breach_started_at").order_by()}
    active = {alert.source_id: alert for alert in
              Alert.objects.active().filter(rule=rule.code, source_type=source_type)}
    counts = {"raised": 0, "escalated": 0, "resolved": 0}

    new = [pk for pk in breaches if pk not in active]
    if new:
        labels = {obj.pk: str(obj)[:200] for obj in model._base_manager.filter(pk__in=new)}
        for pk in new:
            counts["raised"] += raise_alert(rule, source_type, pk, labels.get(pk, str(pk)), breaches[pk], now,
                                            actor, yellow, red)
    for pk, alert in active.items():
        breach = breaches.get(pk)
        if breach is None:
            counts["resolved"] += resolve(alert, now, actor)
            continue
        level = level_for(alert.breach_started_at, now, alert.yellow_after_days, alert.red_after_days)
        if LEVEL_ORDER[level] > LEVEL_ORDER[alert.level]:
            counts["escalated"] += escalate(alert, level, now, actor)
        else:
            Alert.objects.filter(pk=alert.pk).update(last_checked_at=now)
    return counts


def raise_alert(rule, source_type, pk, label, breach, now, actor, yellow, red):
    started = breach["breach_started_at"] or now
    level = level_for(started, now, yellow, red)
    try:
        with transaction.atomic():
            alert = Alert(rule=rule.code, article=rule.article, source_type=source_type, source_id=pk,
                          source_label=label, owner_org_id=breach["owner_org_id"], created_by=actor, level=level,
                          breach_started_at=started, raised_at=now, last_checked_at=now, yellow_after_days=yellow,
                          red_after_days=red)
            alert._history_user = actor
            alert.save()
            with office_language():
                comment = _("%(rule)s: %(record)s (breach since %(since)s, level %(level)s).") % {
                    "rule": rule.label, "record": label, "level": alert.get_level_display(),
                    "since": timezone.localtime(started).strftime("%Y-%m-%d %H:%M")}
            alert.record_event(actor, "raise", "", AlertStatus.OPEN, comment)
    except IntegrityError:
        return 0  # another run raised it a moment ago
    from .notifications import notify_alert

    transaction.on_commit(lambda: notify_alert(alert))
    return 1


def escalate(alert, level, now, actor):
    with transaction.atomic():
        locked = Alert.objects.select_for_update(of=("self",)).get(pk=alert.pk)
        if locked.status == AlertStatus.RESOLVED or LEVEL_ORDER[level] <= LEVEL_ORDER[locked.level]:
            return 0
        before = locked.get_level_display()
        locked.level, locked.escalated_at, locked.last_checked_at = level, now, now
        locked.version += 1
        locked._history_user = actor
        with office_language():
            comment = _("The breach persists: %(before)s → %(after)s.") % {
                "before": before, "after": locked.get_level_display()}
            locked._change_reason = comment[:100]
        locked.save()
        locked.record_event(actor, "escalate", locked.status, locked.status, comment)
    from .notifications import notify_alert

    transaction.on_commit(lambda: notify_alert(locked))
    return 1


def resolve(alert, now, actor):
    with office_language():
        comment = _("The breach is gone: found at the supervision run of %(time)s.") % {
            "time": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")}
    try:
        engine.perform_internal(Alert, alert.pk, "resolve", actor, comment, payload={"resolved_at": now.isoformat()})
    except engine.NotAllowedFromState:
        return 0  # resolved by another run meanwhile
    except engine.TransitionError as exc:  # pragma: no cover - logged, the next run tries again
        logging.getLogger(__name__).warning("supervision could not resolve alert %s: %s", alert.pk, exc)
        return 0
    return 1
