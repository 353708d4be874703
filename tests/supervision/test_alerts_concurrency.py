"""Two supervision runs at once (PostgreSQL, real transactions): one alert per breach, never two; an
acknowledgement racing the automatic resolution loses nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import UserFactory, org
from factories_supervision import ago, rectification, rule
from testsupport import needs_postgres, run_at_once

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification
from supervision.alerts.actor import system_actor
from supervision.alerts.models import Alert
from supervision.alerts.runner import run_rules

pytestmark = [needs_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RULES = lambda: [rule("supervision.rectification_overdue")]  # noqa: E731


def test_two_runs_at_once_raise_one_alert_per_breach():
    for _ in range(3):
        rectification(due=ago(days=1))
    system_actor()
    outcomes = run_at_once([lambda: run_rules(rules=RULES())] * 2, timeout=60)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sum(o.raised for o in outcomes) == 3
    assert Alert.objects.count() == 3


def test_resolution_racing_an_acknowledgement():
    rect = rectification(due=ago(days=1))
    run_rules(rules=RULES())
    alert = Alert.objects.get()
    owner = UserFactory(username="race_owner", org_unit=org("360102"), roles=["submitter"])
    Rectification.objects.filter(pk=rect.pk).update(status="submitted")
    later = timezone.now() + timedelta(minutes=1)

    def acknowledge():
        try:
            engine.perform(Alert, alert.pk, "acknowledge", owner, alert.version, "已知悉")
            return "acknowledged"
        except engine.TransitionError as exc:
            return type(exc).__name__

    outcomes = run_at_once([acknowledge, lambda: run_rules(now=later, rules=RULES()).resolved], timeout=60)
    alert.refresh_from_db()
    assert alert.status == "resolved" and alert.resolved_at == later
    assert outcomes[1] == 1
    assert outcomes[0] in ("acknowledged", "StaleVersion", "NotAllowedFromState")
