"""Electronic supervision (第二十四条): every declared rule with data that breaches it and data that does not; the
runner raises each breach once, escalates it while it lasts, resolves it (with the time) when it is gone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import policy_version
from factories_supervision import (
    advance_filing,
    ago,
    ahead,
    anomaly,
    bad_review,
    emergency_filing,
    rectification,
    run,
    work_order,
)

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow.models import Rectification
from supervision.alerts.models import Alert

pytestmark = pytest.mark.django_db


def alerts(code):
    return Alert.objects.filter(rule=code)


# rule code -> (make a breaching record, make records that do not breach)
CASES = {
    "services.emergency_written_filing_overdue": (
        lambda: emergency_filing(due=ago(hours=3)),
        lambda: [emergency_filing(due=ahead(hours=3)), emergency_filing(due=ago(hours=3), status="submitted")],
    ),
    "maintenance.advance_filing_late": (
        lambda: advance_filing(late=True),
        lambda: [advance_filing(late=False), advance_filing(late=True, window_start=ago(days=3))],
    ),
    "maintenance.work_order_overdue": (
        lambda: work_order(status="processing", due=ago(hours=5)),
        lambda: [work_order(status="processing", due=ahead(days=2)), work_order(status="replied", due=ago(days=1)),
                 work_order(status="dispatched", ack_due=ahead(hours=4), due=ahead(days=9))],
    ),
    "maintenance.bad_review_rectification_overdue": (
        lambda: bad_review(due=ago(days=1)),
        lambda: [bad_review(due=ahead(days=3)), bad_review(due=ago(days=1), status="excluded", excluded=True)],
    ),
    "maintenance.service_unavailable": (
        lambda: anomaly(started=ago(hours=2)),
        lambda: [anomaly(started=ago(minutes=20)), anomaly(started=ago(hours=5), status="resolved")],
    ),
    "supervision.rectification_overdue": (
        lambda: rectification(due=ago(days=1)),
        lambda: [rectification(due=ahead(days=1)), rectification(due=ago(days=1), status="submitted")],
    ),
}


def test_every_declared_rule_of_the_landed_chapters_is_tested():
    assert {r.code for r in chapters.supervision_rules()} >= set(CASES)
    for r in chapters.supervision_rules():
        assert r.article.startswith("第") and str(r.label)


@pytest.mark.parametrize("code", list(CASES))
def test_rule_breach_and_no_breach(code):
    breaching, clean = CASES[code]
    record = breaching()
    clean()
    summary = run(code)
    assert summary.raised == 1
    alert = alerts(code).get()
    assert (alert.source_id, alert.owner_org.code, alert.status, alert.level) == (record.pk, "360102", "open",
                                                                                    "reminder")
    assert alert.events.get().action == "raise"


@pytest.mark.parametrize("code", list(CASES))
def test_running_twice_raises_nothing_new(code):
    CASES[code][0]()
    run(code)
    second = run(code)
    assert (second.raised, second.escalated, second.resolved) == (0, 0, 0)
    assert alerts(code).count() == 1


def test_a_breach_that_is_gone_resolves_its_alert_with_the_time():
    rect = rectification(due=ago(days=1))
    run("supervision.rectification_overdue")
    Rectification.objects.filter(pk=rect.pk).update(status="submitted")
    later = timezone.now() + timedelta(minutes=5)
    summary = run("supervision.rectification_overdue", now=later)
    assert summary.resolved == 1
    alert = alerts("supervision.rectification_overdue").get()
    assert (alert.status, alert.resolved_at) == ("resolved", later)
    assert [e.action for e in alert.events.order_by("version")] == ["raise", "resolve"]
    # A new breach of the same record later raises a new alert (the old one stays resolved).
    Rectification.objects.filter(pk=rect.pk).update(status="reopened")
    assert run("supervision.rectification_overdue", now=later).raised == 1
    assert list(alerts("supervision.rectification_overdue").values_list("status", flat=True).order_by("pk")) == [
        "resolved", "open"]


def test_a_persisting_breach_escalates_by_the_thresholds_kept_on_the_alert():
    rectification(due=ago(hours=1))
    run("supervision.rectification_overdue")
    alert = alerts("supervision.rectification_overdue").get()
    assert (alert.level, alert.yellow_after_days, alert.red_after_days) == ("reminder", 3, 10)
    # A new threshold does not re-judge a running alert.
    policy_version("SUPERVISION_YELLOW_CARD_DAYS", 1, effective_from=timezone.localdate())
    assert run("supervision.rectification_overdue", now=timezone.now() + timedelta(days=2)).escalated == 0
    day4 = timezone.now() + timedelta(days=3, hours=1)
    assert run("supervision.rectification_overdue", now=day4).escalated == 1
    alert.refresh_from_db()
    assert (alert.level, alert.escalated_at, alert.version) == ("yellow", day4, 2)
    assert run("supervision.rectification_overdue", now=day4).escalated == 0
    day11 = timezone.now() + timedelta(days=10, hours=1)
    assert run("supervision.rectification_overdue", now=day11).escalated == 1
    alert.refresh_from_db()
    assert alert.level == "red"
    assert [e.action for e in alert.events.order_by("version")] == ["raise", "escalate", "escalate"]
    assert alerts("supervision.rectification_overdue").count() == 1


def test_a_long_breach_is_raised_at_its_level_and_an_acknowledged_alert_still_escalates(make_user):
    from ganfutong_admin.workflow import engine

    rectification(due=ago(days=4))
    run("supervision.rectification_overdue")
    alert = alerts("supervision.rectification_overdue").get()
    assert alert.level == "yellow"
    owner = make_user("owner_sub", "submitter", "360102")
    engine.perform(Alert, alert.pk, "acknowledge", owner, alert.version, "正在整改")
    run("supervision.rectification_overdue", now=timezone.now() + timedelta(days=7))
    alert.refresh_from_db()
    assert (alert.status, alert.level, alert.acknowledged_by, alert.acknowledgement_note) == (
        "acknowledged", "red", owner, "正在整改")


def test_thresholds_come_from_policy_parameters():
    policy_version("SUPERVISION_YELLOW_CARD_DAYS", 1)
    policy_version("SUPERVISION_RED_CARD_DAYS", 2)
    rectification(due=ago(days=1, hours=1))
    rectification(due=ago(days=2, hours=1))
    run("supervision.rectification_overdue")
    assert sorted(alerts("supervision.rectification_overdue").values_list("level", flat=True)) == ["red", "yellow"]


def test_service_unavailable_threshold_is_a_policy_parameter():
    policy_version("SERVICE_UNAVAILABLE_ALERT_MINUTES", 240)
    anomaly(started=ago(hours=2))
    assert run("maintenance.service_unavailable").raised == 0


def test_bad_review_rectification_raises_one_alert_not_two():
    bad_review(due=ago(days=1))
    summary = run()
    assert summary.per_rule["maintenance.bad_review_rectification_overdue"]["raised"] == 1
    assert summary.per_rule["supervision.rectification_overdue"]["raised"] == 0


def test_the_owner_is_notified(django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    from ganfutong_admin.accounts.models import User
    from ganfutong_admin.notifications.models import Notification
    from ganfutong_admin.orgs.models import OrgUnit

    user = User.objects.create(username="dh", org_unit=OrgUnit.objects.get(code="360102"))
    user.groups.add(Group.objects.get(name="submitter"))
    rectification(due=ago(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        run("supervision.rectification_overdue")
    note = Notification.objects.get(recipient=user)
    assert (note.title, note.url) == ("监察提醒：整改逾期", f"/supervision/alerts/{Alert.objects.get().pk}/")


def test_beat_task_runs_every_rule():
    from supervision.alerts.tasks import run_supervision_rules

    rectification(due=ago(days=1))
    work_order(due=ago(hours=2))
    result = run_supervision_rules.delay().get()
    # Other chapters' rules (no responsible person, training below the minimum...) breach for every unit of
    # this bare fixture: the two breaches made here are counted by their own rules.
    rules = result["rules"]
    assert rules["supervision.rectification_overdue"]["raised"] + rules["maintenance.work_order_overdue"]["raised"] == 2
    assert set(result["rules"]) == {r.code for r in chapters.supervision_rules()}


def test_beat_schedule_declares_the_runner():
    assert chapters.beat_schedule()["run-supervision-rules"]["task"] == "supervision.alerts.tasks.run_supervision_rules"
