"""第二十条 training: sessions and attendance, coverage per org unit and year against the policy minimum, the list of
units below it (scoped), its supervision rule for the last full year, bad input in Chinese, demo once; the role x
scope matrix of sessions and the query counts of the lists (session page 12, no filter bar; API 13, with the
prefetches of the trained units and of the attendance; coverage 12: the units with their attendance in one
query and the minimum in force; a scoped user +1)."""

from datetime import date, timedelta

import matrix
import pytest
import querycounts
import rolepolicy
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import org, policy_version
from factories_security import session
from matrix import PAGE, Action, ApiDetail, ApiList, Create, CreatePage, Export, PageDetail, PageList, Spec
from querycounts import Pin, every_row, one_page
from rolepolicy import KIND, in_own_subtree
from testsupport import PEOPLE

from ganfutong_admin.core import chapters
from ganfutong_admin.orgs.models import OrgUnit
from security.training.models import TrainingAttendance, TrainingSession

OWNERS = ("360100", "360102", "360400", "D3601", "OP3601")
KEEPING_ROLES = {"submitter", "org_admin", "publisher"}


def sees(person, owner):
    return rolepolicy.sees(PEOPLE, person, owner, security=True)


def keeps_at_all(person):
    return PEOPLE[person][0] in KEEPING_ROLES


def keeps(person, owner):
    role, code = PEOPLE[person]
    return role in KEEPING_ROLES and (KIND[code] == "provincial_authority" or in_own_subtree(code, owner))


SESSION = Spec(
    "training", OWNERS, make=lambda c: session(c.owner, topic=f"MTX-training-{c.owner}", trained=(c.owner,)),
    label=lambda o: f"MTX-training-{o}", sees=sees,
    lists=(ApiList("/api/v1/security/training-sessions/", "topic"),
           PageList("security:training-list", lambda s: s.topic), Export("security:training-list", column=0)),
    details=(ApiDetail(lambda s: f"/api/v1/security/training-sessions/{s.pk}/", "topic"),
             PageDetail("security:training-detail")),
    create_pages=(CreatePage("security:training-create", keeps_at_all, keeps),),
    creates=(Create("page", PAGE, "security:training-create",
                    lambda c: {"owner_org": org(c.owner).pk, "topic": "新培训", "trainer": "讲师",
                               "held_on": timezone.localdate().isoformat(), "org_units": [org(c.owner).pk]},
                    created=lambda c: TrainingSession.objects.filter(topic="新培训"), may_start=keeps_at_all,
                    may=keeps),),
    actions=(Action("attendance", PAGE, "security:training-attendance-add", keeps,
                    data=lambda c: {"person": "新学员", "org_unit": org(c.owner).pk},
                    happened=lambda c: TrainingAttendance.objects.filter(session=c.record, person="新学员").exists()),),
)

globals().update(matrix.tests(SESSION))


def populate(n, user, city="360100"):
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        unit = units[i % len(units)].code
        session(unit, trained=(unit,), people=((unit, "甲"), (unit, "乙")))


PINS = [
    Pin("security:training-list", "province_reviewer", 12, rows=one_page),
    Pin("/api/v1/security/training-sessions/", "province_reviewer", 13, rows=every_row),
    Pin("security:training-coverage", "province_reviewer", 12),
    Pin("security:training-list", "nanchang_submitter", 13, rows=one_page),
    Pin("/api/v1/security/training-sessions/", "nanchang_submitter", 14, rows=every_row),
    Pin("security:training-coverage", "nanchang_submitter", 13),
]

test_query_counts = querycounts.test(PINS, populate)


@pytest.mark.django_db
def test_coverage_against_the_minimum_and_the_units_below_it(make_user, web):
    people = [("360102", f"东湖{i}") for i in range(5)] + [("360100", "南昌1"), ("360400", "九江1")]
    session("360000", trained=("360100", "360102", "360400"), people=people)
    session("360000", trained=("360400",), people=[("360400", "去年的")], days_ago=400)  # last year: not counted
    city = web(make_user("nanchang_submitter", "submitter", "360100")).get(reverse("security:training-coverage"))
    assert city.status_code == 200 and city.context["minimum"] == 5
    rows = {row.code: row.attended for row in city.context["rows"]}
    assert rows["360102"] == 5 and rows["360100"] == 1 and "360400" not in rows
    assert {row.code for row in city.context["below"]} >= {"360100"} and "360102" not in {
        row.code for row in city.context["below"]}
    # a lower minimum in force: 南昌市 is no longer below it
    policy_version("SECURITY_TRAINING_MIN_ATTENDEES_PER_YEAR", 1, effective_from=timezone.localdate())
    again = web(make_user("nanchang_submitter2", "submitter", "360100")).get(reverse("security:training-coverage"))
    assert "360100" not in {row.code for row in again.context["below"]}


@pytest.mark.django_db
def test_the_supervision_rule_judges_the_last_full_year():
    last_year = timezone.localdate().year - 1
    held = date(last_year, 6, 1)
    made = session("360000", trained=("360102",), people=[("360102", f"人{i}") for i in range(5)])
    TrainingSession.objects.filter(pk=made.pk).update(held_on=held)
    rule = next(r for r in chapters.supervision_rules() if r.code == "security.training_below_minimum")
    rows = {row["owner_org_id"]: row for row in rule.query(timezone.now()).values("owner_org_id", "breach_started_at")}
    assert org("360102").pk not in rows and org("360400").pk in rows
    started = timezone.localtime(rows[org("360400").pk]["breach_started_at"])
    assert (started.year, started.month, started.day) == (last_year + 1, 1, 1)


@pytest.mark.django_db
def test_bad_input_is_400_in_chinese(make_user, web):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    response = web(donghu).post(reverse("security:training-create"), {
        "owner_org": org("360102").pk, "topic": "未来的培训", "trainer": "讲师",
        "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(), "org_units": [org("360102").pk]})
    assert response.status_code == 400 and "将来的日期" in response.content.decode()
    made = session("360102", trained=("360102",), people=[("360102", "张三")])
    again = web(donghu).post(reverse("security:training-attendance-add", args=[made.pk]),
                             {"person": "张三", "org_unit": org("360102").pk})
    assert again.status_code == 400 and "已登记" in again.content.decode()
    assert made.attendances.count() == 1


@pytest.mark.django_db
def test_demo_training_once():
    call_command("seed_demo", verbosity=0)
    assert TrainingSession.objects.count() >= 1 and TrainingAttendance.objects.count() == 11
    call_command("seed_demo", verbosity=0)
    assert TrainingAttendance.objects.count() == 11
