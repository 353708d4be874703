"""第二十三条 emergency plans and drills: a plan's first drill falls due one interval (policy parameter, months) after
it takes effect and each drill moves the next one on; overdue drills are flagged in SQL (list, supervision rule);
findings open kernel rectifications for the plan's org unit; input errors in Chinese; demo once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import org, policy_version
from factories_security import drill, plan

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow.models import Rectification
from security.drills.models import Drill, EmergencyPlan, add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def test_the_schedule_follows_the_interval_in_force_when_its_clock_starts():
    today = timezone.localdate()
    fresh = plan("360102", effective_days_ago=10)
    assert (fresh.drill_interval_months, fresh.next_drill_due) == (12, add_months(today - timedelta(days=10), 12))
    old = plan("360102", effective_days_ago=400)
    assert old.drill_overdue and set(EmergencyPlan.objects.drill_overdue()) == {old}
    drill(old, days_ago=3)
    old.refresh_from_db()
    assert old.next_drill_due == add_months(today - timedelta(days=3), 12) and not old.drill_overdue
    # a new version of the interval applies to clocks that start after it
    policy_version("SECURITY_DRILL_INTERVAL_MONTHS", 6, effective_from=today - timedelta(days=1))
    later = plan("360102", effective_days_ago=0)
    assert (later.drill_interval_months, later.next_drill_due) == (6, add_months(today, 6))
    fresh.refresh_from_db()
    assert fresh.drill_interval_months == 12  # kept what it got


def test_add_months_keeps_the_end_of_the_month():
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 12) == date(2027, 12, 15)


def test_overdue_drills_in_the_list_and_the_supervision_rule(donghu, web):
    overdue, fine = plan("360102", title="逾期未演练的预案", effective_days_ago=400), plan("360102", title="按期的预案")
    page = web(donghu).get(reverse("security:plan-list"), {"overdue": "true"})
    assert [p.title for p in page.context["object_list"]] == ["逾期未演练的预案"]
    rule = next(r for r in chapters.supervision_rules() if r.code == "security.drill_overdue")
    rows = list(rule.query(timezone.now()).values("pk", "owner_org_id", "breach_started_at"))
    assert [(row["pk"], row["owner_org_id"]) for row in rows] == [(overdue.pk, org("360102").pk)]
    assert fine.pk not in {row["pk"] for row in rows}


def test_a_drill_with_findings_opens_rectifications_on_the_page(donghu, web):
    mine = plan("360102", title="东湖区应急预案")
    response = web(donghu).post(reverse("security:drill-create"), {
        "plan": mine.pk, "held_on": timezone.localdate().isoformat(), "scenario": "数据泄露处置演练",
        "participants": "区网信办、运维单位", "findings": "联系人名单过期\n\n备份恢复超时"})
    assert response.status_code == 302
    made = Drill.objects.get()
    assert made.owner_org == org("360102") and made.findings.count() == 2
    rects = Rectification.objects.filter(owner_org=org("360102"))
    assert {r.title for r in rects} == {"演练发现问题：联系人名单过期", "演练发现问题：备份恢复超时"}
    assert all(f.rectification.source == f for f in made.findings.all())


def test_another_units_plan_cannot_be_drilled_and_dates_are_checked(make_user, donghu, web):
    theirs = plan("360400")
    response = web(donghu).post(reverse("security:drill-create"), {
        "plan": theirs.pk, "held_on": timezone.localdate().isoformat(), "scenario": "越权", "participants": "某人"})
    assert response.status_code == 400 and "plan" in response.context["form"].errors
    mine = plan("360102")
    response = web(donghu).post(reverse("security:drill-create"), {
        "plan": mine.pk, "held_on": (timezone.localdate() + timedelta(days=2)).isoformat(), "scenario": "未来",
        "participants": "某人"})
    assert response.status_code == 400 and "日期是将来的日期" in response.content.decode()
    assert not Drill.objects.exists() and not Rectification.objects.exists()


def test_demo_plans_and_drills_once():
    call_command("seed_demo", verbosity=0)
    assert EmergencyPlan.objects.drill_overdue().count() == 1
    assert Rectification.objects.filter(title__startswith="演练发现问题").count() == 1
    counts = (EmergencyPlan.objects.count(), Drill.objects.count(), Rectification.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (EmergencyPlan.objects.count(), Drill.objects.count(), Rectification.objects.count()) == counts
