"""第二十二条 network-security duties: connected systems with their MLPS level and last assessment; the next
assessment due by level (3 and above every 12 months, 2 every 24, 1 none; a system never assessed is due at once);
the overdue list at its boundary; one org unit's duties page reads the responsible person through operations'
selector; bad input 400 in Chinese; the supervision rule; the role x scope matrix and the list query counts
(page 12, API 10 for the reviewer, independent of the number of rows; a scoped user +1); demo once."""

from datetime import date, timedelta

import matrix
import pytest
import querycounts
import rolepolicy
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import org, policy_version
from matrix import PAGE, Action, ApiDetail, ApiList, Create, CreatePage, Export, PageList, Spec
from querycounts import Pin, every_row, one_page
from rolepolicy import KIND, in_own_subtree
from testsupport import PEOPLE

from ganfutong_admin.core import chapters
from ganfutong_admin.orgs.models import OrgUnit
from security.duties.models import ConnectedSystem

OWNERS = ("360100", "360102", "360400", "D3601", "OP3601")
KEEPING_ROLES = {"submitter", "org_admin", "publisher"}


def system(code="360102", name=None, level=3, assessed_days_ago=100):
    today = timezone.localdate()
    return ConnectedSystem.objects.create(
        owner_org=org(code), name=name or f"系统-{code}-{level}-{assessed_days_ago}", mlps_level=level,
        last_assessed_on=None if assessed_days_ago is None else today - timedelta(days=assessed_days_ago))


def sees(person_, owner):
    return rolepolicy.sees(PEOPLE, person_, owner, security=True)


def keeps_at_all(person_):
    return PEOPLE[person_][0] in KEEPING_ROLES


def keeps(person_, owner):
    role, code = PEOPLE[person_]
    return role in KEEPING_ROLES and (KIND[code] == "provincial_authority" or in_own_subtree(code, owner))


SYSTEM = Spec(
    "system", OWNERS, make=lambda c: system(c.owner, name=f"MTX-system-{c.owner}"),
    label=lambda o: f"MTX-system-{o}", sees=sees,
    lists=(ApiList("/api/v1/security/systems/", "name"), PageList("security:system-list", lambda s: s.name),
           Export("security:system-list", column=0)),
    details=(ApiDetail(lambda s: f"/api/v1/security/systems/{s.pk}/", "name"),),
    create_pages=(CreatePage("security:system-create", keeps_at_all, keeps),),
    creates=(Create("page", PAGE, "security:system-create",
                    lambda c: {"owner_org": org(c.owner).pk, "name": "新接入系统", "mlps_level": 3,
                               "last_assessed_on": "2026-01-10"},
                    created=lambda c: ConnectedSystem.objects.filter(name="新接入系统"), may_start=keeps_at_all,
                    may=keeps),),
    actions=(Action("edit", PAGE, "security:system-edit", keeps,
                    data=lambda c: {"owner_org": c.record.owner_org_id, "name": "改名的系统", "mlps_level": 2},
                    happened=lambda c: ConnectedSystem.objects.filter(pk=c.record.pk, name="改名的系统").exists()),),
)

globals().update(matrix.tests(SYSTEM))


def populate(n, user, city="360100"):
    units = list(OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code=city).path).order_by("path"))
    for i in range(n):
        system(units[i % len(units)].code, name=f"系统{i}", level=i % 5 + 1, assessed_days_ago=i * 20)


PINS = [
    Pin("security:system-list", "province_reviewer", 12, rows=one_page),
    Pin("/api/v1/security/systems/", "province_reviewer", 10, rows=every_row),
    Pin("security:system-list", "nanchang_submitter", 13, rows=one_page),
    Pin("/api/v1/security/systems/", "nanchang_submitter", 11, rows=every_row),
]

test_query_counts = querycounts.test(PINS, populate)


@pytest.mark.django_db
def test_next_assessment_due_by_level():
    last = date(2026, 1, 31)
    due = {level: ConnectedSystem.objects.create(owner_org=org("360102"), name=f"L{level}", mlps_level=level,
                                                 last_assessed_on=last).assessment_due_on for level in range(1, 6)}
    assert due == {1: None, 2: date(2028, 1, 31), 3: date(2027, 1, 31), 4: date(2027, 1, 31), 5: date(2027, 1, 31)}
    never = system(level=2, assessed_days_ago=None)
    assert never.assessment_due_on == timezone.localdate()
    # a new interval in force applies to what is recorded from then on (the stored due day does not move)
    policy_version("SECURITY_MLPS_ASSESSMENT_MONTHS_LEVEL3_UP", 6, effective_from=timezone.localdate())
    assert system(level=3, name="新", assessed_days_ago=0).assessment_due_on.month != timezone.localdate().month
    assert ConnectedSystem.objects.get(name="L3").assessment_due_on == date(2027, 1, 31)


@pytest.mark.django_db
def test_overdue_list_at_the_boundary(make_user, web, api):
    today = timezone.localdate()
    due_today = system(name="今天到期", level=3)
    due_yesterday = system(name="昨天到期", level=3)
    ConnectedSystem.objects.filter(pk=due_today.pk).update(assessment_due_on=today)
    ConnectedSystem.objects.filter(pk=due_yesterday.pk).update(assessment_due_on=today - timedelta(days=1))
    system(name="一级系统", level=1, assessed_days_ago=None)
    system(name="九江的", code="360400", level=3, assessed_days_ago=800)
    donghu = make_user("donghu_submitter", "submitter", "360102")
    page = web(donghu).get(reverse("security:system-list") + "?overdue=1")
    assert page.status_code == 200
    assert [s.name for s in page.context["object_list"]] == ["昨天到期"]
    listed = api(donghu).get("/api/v1/security/systems/?overdue=1").json()
    assert [r["name"] for r in listed["results"]] == ["昨天到期"] and listed["results"][0]["assessment_overdue"]


@pytest.mark.django_db
def test_org_duties_read_the_responsible_person_of_operations(make_user, web):
    from operations.responsible.models import ResponsiblePerson

    ResponsiblePerson.objects.create(owner_org=org("360102"), duty="security", name="李安全", post="网信办主任",
                                     office_phone="0791-86660000", mobile="13900000000", valid_from=date(2025, 1, 1))
    ResponsiblePerson.objects.create(owner_org=org("360102"), duty="operations", name="王运营", post="科长",
                                     office_phone="0791-86660001", mobile="13900000001", valid_from=date(2025, 1, 1))
    system(name="东湖系统", level=3, assessed_days_ago=500)
    system(name="九江系统", code="360400")
    donghu = web(make_user("donghu_submitter", "submitter", "360102"))
    page = donghu.get(reverse("security:org-duties", args=[org("360102").pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "李安全" in body and "王运营" not in body
    assert [s.name for s in page.context["systems"]] == ["东湖系统"] and page.context["systems"][0].assessment_overdue
    assert donghu.get(reverse("security:org-duties", args=[org("360400").pk])).status_code == 404
    nobody = web(make_user("jiujiang_submitter", "submitter", "360400")).get(
        reverse("security:org-duties", args=[org("360400").pk]))
    assert nobody.status_code == 200 and "未指定网络安全责任人" in nobody.content.decode()


@pytest.mark.django_db
def test_bad_input_is_400_in_chinese(make_user, web):
    donghu = web(make_user("donghu_submitter", "submitter", "360102"))
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = donghu.post(reverse("security:system-create"), {"owner_org": org("360102").pk, "name": "系统",
                                                               "mlps_level": 6, "last_assessed_on": future})
    body = response.content.decode()
    assert response.status_code == 400 and "不能晚于今天" in body and "选择一个有效的选项" in body
    assert not ConnectedSystem.objects.exists()
    other = system(code="360400")
    assert donghu.post(reverse("security:system-edit", args=[other.pk]), {
        "owner_org": org("360102").pk, "name": "x", "mlps_level": 3}).status_code == 404


@pytest.mark.django_db
def test_the_supervision_rule_lists_overdue_assessments():
    overdue = system(level=3, assessed_days_ago=400)
    system(level=3, assessed_days_ago=100)
    system(level=1, assessed_days_ago=None)
    rule = next(r for r in chapters.supervision_rules() if r.code == "security.assessment_overdue")
    assert rule.article == "第二十二条"
    rows = list(rule.query(timezone.now()).values("pk", "owner_org_id", "breach_started_at"))
    assert [r["pk"] for r in rows] == [overdue.pk]
    started = timezone.localtime(rows[0]["breach_started_at"])
    assert started.date() == overdue.assessment_due_on + timedelta(days=1)


@pytest.mark.django_db
def test_demo_systems_once():
    call_command("seed_demo", verbosity=0)
    names = set(ConnectedSystem.objects.values_list("name", flat=True))
    assert len(names) == 5 and ConnectedSystem.objects.assessment_overdue().count() == 2
    call_command("seed_demo", verbosity=0)
    assert ConnectedSystem.objects.count() == 5
