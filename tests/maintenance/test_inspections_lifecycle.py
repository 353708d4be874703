"""Recording, editing and completing inspections (第十六条/第十七条), and the rectifications they open.

Deadlines are frozen with time_machine: completing on Wednesday 2026-09-30 with 3 working days crosses the National
Day holiday (10-01..10-07) and lands on the make-up working Saturday 2026-10-10.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from factories import org, policy_version
from factories_inspections import checklist_post, make_inspection, make_template

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification
from maintenance.inspections.lifecycle import complete_inspection
from maintenance.inspections.models import Inspection, InspectionEvent, InspectionFinding

INSPECTIONS = "/api/v1/maintenance/inspections/"

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def template(db):
    return make_template("平台巡检清单", "platform")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def record(web, user, template, results, owner="360102", **extra):
    data = checklist_post(template, results, kind=template.kind, template=template.pk, owner_org=org(owner).pk,
                          **extra)
    return web(user).post(reverse("maintenance:inspection-create"), data)


def test_platform_inspection_records_a_draft_with_every_checklist_item(web, reviewer, template):
    response = record(web, reviewer, template, {"个人信息脱敏展示": ("problem", "major", "身份证号未脱敏")},
                      summary="东湖区巡检")
    inspection = Inspection.objects.get(summary="东湖区巡检")
    assert response["Location"] == reverse("maintenance:inspection-detail", args=[inspection.pk])
    assert (inspection.status, inspection.version, inspection.inspector) == ("draft", 1, reviewer)
    rows = list(inspection.findings.order_by("order").values_list("check_item", "result", "severity"))
    assert rows == [("统一身份认证登录正常", "ok", ""), ("高频服务入口可用", "ok", ""),
                    ("个人信息脱敏展示", "problem", "major")]
    assert list(InspectionEvent.objects.filter(inspection=inspection).values_list("action", flat=True)) == ["create"]
    assert not Rectification.objects.exists()  # rectifications open on completion only


def test_free_findings_are_saved_and_empty_rows_ignored(web, reviewer, template):
    data = checklist_post(template, kind="platform", template=template.pk, owner_org=org("360102").pk,
                          summary="含清单外问题")
    data.update({"free-TOTAL_FORMS": "2", "free-0-check_item": "夜间服务不可用", "free-0-severity": "critical",
                 "free-0-description": "23:00后返回维护页", "free-1-check_item": "", "free-1-severity": "",
                 "free-1-description": ""})
    assert web(reviewer).post(reverse("maintenance:inspection-create"), data).status_code == 302
    free = InspectionFinding.objects.get(template_item__isnull=True)
    assert (free.check_item, free.result, free.severity, free.order) == ("夜间服务不可用", "problem", "critical", 4)


@pytest.mark.parametrize(("results", "free", "field"), [
    ({"高频服务入口可用": ("problem", "", "入口404")}, {}, "item-{second}-severity"),
    ({"高频服务入口可用": ("problem", "major", "")}, {}, "item-{second}-description"),
    ({"高频服务入口可用": ("", "", "")}, {}, "item-{second}-result"),
    ({}, {"free-0-check_item": "只填了问题"}, "free-0-severity"),
])
def test_bad_rows_are_refused_in_chinese_and_nothing_is_saved(web, reviewer, template, results, free, field):
    data = checklist_post(template, results, kind="platform", template=template.pk, owner_org=org("360102").pk,
                          summary="不完整的巡检")
    if free:
        data.update({"free-TOTAL_FORMS": "1", "free-0-severity": "", "free-0-description": "", **free})
    response = web(reviewer).post(reverse("maintenance:inspection-create"), data)
    assert response.status_code == 400
    second = template.items.get(text="高频服务入口可用").pk
    page = response.content.decode()
    assert f'data-field-error="{field.format(second=second)}"' in page
    assert "不完整的巡检" in page  # what was typed is kept
    assert any(text in page for text in ("请选择问题的严重程度", "请描述发现的问题", "请标记该项", "清单外问题需填写"))
    assert not Inspection.objects.exists()


def test_future_date_and_daily_template_for_a_platform_inspection_are_refused(web, reviewer, template):
    response = record(web, reviewer, template, {}, inspected_on="2999-01-01")
    assert response.status_code == 400
    assert "巡检日期不能晚于今天" in response.content.decode()
    daily = make_template("日常巡检表", "daily")
    data = checklist_post(daily, kind="platform", template=daily.pk, owner_org=org("360102").pk)
    assert web(reviewer).post(reverse("maintenance:inspection-create"), data).status_code == 400
    assert not Inspection.objects.exists()


def test_inactive_template_cannot_be_chosen(web, reviewer):
    old = make_template("旧清单", "platform", active=False)
    response = web(reviewer).get(reverse("maintenance:inspection-create"), {"kind": "platform",
                                                                             "template": old.pk})
    assert response.status_code == 200
    assert response.templates[0].name == "maintenance/inspections/inspection_choose.html"
    assert old not in response.context["form"].fields["template"].queryset


def test_completion_opens_one_rectification_per_problem_due_in_working_days(web, reviewer, template):
    inspection = make_inspection(template, "360102", inspector=reviewer,
                                 problems=("高频服务入口可用", "个人信息脱敏展示"))
    with time_machine.travel(datetime(2026, 9, 30, 10, 0, tzinfo=SH), tick=False):
        response = web(reviewer).post(reverse("maintenance:inspection-complete", args=[inspection.pk]),
                                      {"version": 1, "working_days": 3, "comment": "巡检完成"})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.version, inspection.completed_by) == ("completed", 2, reviewer)
    assert inspection.rectification_working_days == 3
    rects = Rectification.objects.order_by("pk")
    assert rects.count() == 2
    for finding, rect in zip(inspection.findings.filter(result="problem").order_by("order"), rects, strict=True):
        assert finding.rectification == rect  # finding -> rectification
        assert rect.source == finding  # rectification -> finding
        assert rect.owner_org.code == "360102"
        assert rect.status == "open"
        assert rect.due_at == datetime(2026, 10, 10, 23, 59, 59, tzinfo=SH)  # holiday skipped, 调休 Saturday counts
        assert rect.title == f"巡检问题整改：{finding.check_item}"
        assert rect.description.startswith("【较重】")
    assert not InspectionFinding.objects.filter(result="ok", rectification__isnull=False).exists()
    event = InspectionEvent.objects.get(inspection=inspection, action="complete")
    assert (event.from_status, event.to_status, event.comment) == ("draft", "completed", "巡检完成")


def test_default_deadline_comes_from_the_policy_parameter(reviewer, template):
    policy_version("RECTIFICATION_DEFAULT_WORKING_DAYS", 2)
    inspection = make_inspection(template, "360102", inspector=reviewer, problems=("高频服务入口可用",))
    inspection.rectification_working_days = 2
    inspection.save()
    with time_machine.travel(datetime(2026, 9, 30, 10, 0, tzinfo=SH), tick=False):
        complete_inspection(inspection.pk, user=reviewer, version=1)
    assert Rectification.objects.get().due_at.date() == date(2026, 10, 9)


def test_a_new_inspection_defaults_to_the_policy_parameter(web, reviewer, template):
    policy_version("RECTIFICATION_DEFAULT_WORKING_DAYS", 7)
    response = web(reviewer).get(reverse("maintenance:inspection-create"), {"kind": "platform",
                                                                             "template": template.pk})
    assert response.context["form"]["rectification_working_days"].value() == 7


def test_stale_version_is_refused_in_page_and_api(web, api, reviewer, template):
    inspection = make_inspection(template, "360102", inspector=reviewer, problems=("高频服务入口可用",))
    response = api(reviewer).post(f"{INSPECTIONS}{inspection.pk}/complete/", {"version": 7}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "StaleVersion"
    page = web(reviewer).post(reverse("maintenance:inspection-complete", args=[inspection.pk]), {"version": 7},
                              follow=True)
    assert "已被他人修改" in page.content.decode() or "changed by someone else" in page.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "draft"
    assert not Rectification.objects.exists()


def test_completed_twice_is_a_conflict(api, reviewer, template):
    inspection = make_inspection(template, "360102", inspector=reviewer, problems=("高频服务入口可用",))
    assert api(reviewer).post(f"{INSPECTIONS}{inspection.pk}/complete/", {"version": 1},
                              format="json").status_code == 200
    again = api(reviewer).post(f"{INSPECTIONS}{inspection.pk}/complete/", {"version": 2}, format="json")
    assert again.status_code == 409
    assert Rectification.objects.count() == 1


def test_edit_of_a_draft_with_a_stale_version_keeps_the_input(web, reviewer, template):
    inspection = make_inspection(template, "360102", inspector=reviewer, summary="原始")
    data = checklist_post(template, owner_org=org("360102").pk, summary="我的修改", version=3)
    response = web(reviewer).post(reverse("maintenance:inspection-edit", args=[inspection.pk]), data)
    assert response.status_code == 409
    assert "我的修改" in response.content.decode()
    inspection.refresh_from_db()
    assert (inspection.summary, inspection.version) == ("原始", 1)


def test_completed_inspection_cannot_be_edited(web, reviewer, template):
    inspection = make_inspection(template, "360102", inspector=reviewer, status="completed", summary="已完成")
    url = reverse("maintenance:inspection-edit", args=[inspection.pk])
    assert web(reviewer).get(url).status_code == 403
    data = checklist_post(template, owner_org=org("360102").pk, summary="改", version=1)
    assert web(reviewer).post(url, data).status_code == 403
    inspection.refresh_from_db()
    assert inspection.summary == "已完成"


def test_a_county_cannot_move_its_daily_inspection_to_another_county(web, donghu):
    daily = make_template("日常巡检表", "daily")
    response = record(web, donghu, daily, {}, owner="360103", summary="跨区")  # 西湖区
    assert response.status_code == 400
    assert "owner_org" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_the_inspected_unit_answers_and_the_reviewer_accepts(web, reviewer, donghu, template):
    """The kernel rectification page carries the finding's link back; the unit answers, the province accepts."""
    inspection = make_inspection(template, "360102", inspector=reviewer, problems=("个人信息脱敏展示",))
    complete_inspection(inspection.pk, user=reviewer, version=1)
    finding = inspection.findings.get(result="problem")
    rect = Rectification.objects.get()

    county = web(donghu)
    detail = county.get(reverse("maintenance:inspection-detail", args=[inspection.pk]))
    assert f'data-rectification-link="{rect.pk}"' in detail.content.decode()
    page = county.get(reverse("workflow:rectification-detail", args=[rect.pk])).content.decode()
    assert f'href="{finding.get_absolute_url()}"' in page
    county.post(reverse("workflow:rectification-detail", args=[rect.pk]), {"response": "已脱敏处理"})
    county.post(reverse("workflow:rectification-transition", args=[rect.pk]), {"action": "submit", "version": 1})
    rect.refresh_from_db()
    assert rect.status == "submitted"

    web(reviewer).post(reverse("workflow:rectification-transition", args=[rect.pk]),
                       {"action": "accept", "version": rect.version, "comment": "整改到位"})
    rect.refresh_from_db()
    assert rect.status == "accepted"
    listing = web(reviewer).get(reverse("maintenance:inspection-list"), {"open_problems": "true"})
    assert inspection not in listing.context["object_list"]


def test_open_problems_filter(web, reviewer, template):
    clean = make_inspection(template, "360102", inspector=reviewer, status="completed", summary="无问题")
    open_one = make_inspection(template, "360100", inspector=reviewer, status="completed", summary="有问题",
                               problems=("高频服务入口可用",), with_rectifications=True)
    accepted = make_inspection(template, "360400", inspector=reviewer, status="completed", summary="已整改",
                               problems=("高频服务入口可用",), with_rectifications=True)
    rect = accepted.findings.get(result="problem").rectification
    rect.status = "accepted"
    rect.save()
    client = web(reviewer)
    yes = {i.summary for i in client.get(reverse("maintenance:inspection-list"),
                                         {"open_problems": "true"}).context["object_list"]}
    no = {i.summary for i in client.get(reverse("maintenance:inspection-list"),
                                        {"open_problems": "false"}).context["object_list"]}
    assert (yes, no) == ({"有问题"}, {"无问题", "已整改"})
    assert clean.pk and open_one.pk


def test_list_filters_by_kind_status_subtree_and_dates(web, reviewer, template):
    daily = make_template("日常巡检表", "daily")
    make_inspection(template, "360102", inspector=reviewer, summary="平台-东湖", inspected_on=date(2026, 5, 1))
    make_inspection(daily, "360102", inspector=reviewer, summary="日常-东湖", status="completed",
                    inspected_on=date(2026, 5, 10))
    make_inspection(daily, "360400", inspector=reviewer, summary="日常-九江", inspected_on=date(2026, 5, 20))
    client = web(reviewer)

    def summaries(**params):
        return {i.summary for i in client.get(reverse("maintenance:inspection-list"), params)
                .context["object_list"]}

    assert summaries(kind="daily") == {"日常-东湖", "日常-九江"}
    assert summaries(status="completed") == {"日常-东湖"}
    assert summaries(org=org("360100").pk) == {"平台-东湖", "日常-东湖"}
    assert summaries(inspected_from="2026-05-05", inspected_to="2026-05-15") == {"日常-东湖"}


def test_engine_refuses_completion_without_findings(reviewer, template):
    inspection = Inspection.objects.create(kind="platform", template=template, owner_org=org("360102"),
                                           inspector=reviewer, inspected_on=date(2026, 5, 1))
    with pytest.raises(engine.GuardRefused):
        complete_inspection(inspection.pk, user=reviewer, version=1)
    inspection.refresh_from_db()
    assert inspection.status == "draft"


def test_template_edit_does_not_rewrite_past_findings(web, reviewer, template):
    inspection = make_inspection(template, "360102", inspector=reviewer, status="completed")
    items = list(template.items.order_by("order"))
    data = {"name": template.name, "kind": "platform", "description": "", "is_active": "on",
            "items-TOTAL_FORMS": str(len(items) + 1), "items-INITIAL_FORMS": str(len(items)),
            "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "100"}
    for i, item in enumerate(items):
        data.update({f"items-{i}-id": item.pk, f"items-{i}-template": template.pk, f"items-{i}-text": item.text})
    data["items-0-text"] = "统一身份认证登录正常（含刷脸）"
    data["items-2-DELETE"] = "on"
    data[f"items-{len(items)}-text"] = "新增：适老化长辈版可用"
    response = web(reviewer).post(reverse("maintenance:inspection-template-edit", args=[template.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(template.items.order_by("order").values_list("text", flat=True)) == [
        "统一身份认证登录正常（含刷脸）", "高频服务入口可用", "新增：适老化长辈版可用"]
    assert list(inspection.findings.order_by("order").values_list("check_item", flat=True)) == [
        "统一身份认证登录正常", "高频服务入口可用", "个人信息脱敏展示"]
