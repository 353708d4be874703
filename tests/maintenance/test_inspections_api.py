"""The inspection API (第十六条/第十七条): creating with the whole checklist, refusals, completion, templates."""

import pytest
from django.urls import reverse
from factories import org
from factories_inspections import make_template

from ganfutong_admin.workflow.models import Rectification
from maintenance.inspections.models import Inspection, InspectionTemplate

INSPECTIONS = "/api/v1/maintenance/inspections/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def template(db):
    return make_template("平台巡检清单", "platform")


def payload(template, **changes):
    items = list(template.items.all())
    data = {"kind": template.kind, "template": template.pk, "owner_org": "360102", "inspected_on": "2026-06-01",
            "summary": "接口巡检", "rectification_working_days": 5,
            "findings": [{"template_item": i.pk, "result": "ok"} for i in items]}
    data.update(changes)
    return data


def test_create_then_complete_opens_the_rectifications(api, reviewer, template):
    data = payload(template)
    data["findings"][2] = {"template_item": template.items.all()[2].pk, "result": "problem", "severity": "critical",
                           "description": "身份证号明文展示"}
    data["findings"].append({"check_item": "夜间服务不可用", "result": "problem", "severity": "minor",
                             "description": "23点后维护页"})
    client = api(reviewer)
    created = client.post(INSPECTIONS, data, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["problem_count"], body["has_open_problems"]) == ("draft", 2, True)
    assert [f["check_item"] for f in body["findings"]][-1] == "夜间服务不可用"
    done = client.post(f"{INSPECTIONS}{body['id']}/complete/", {"version": 1, "working_days": 2},
                       format="json")
    assert done.status_code == 200, done.content
    statuses = [f["rectification_status"] for f in done.json()["findings"] if f["result"] == "problem"]
    assert statuses == ["open", "open"]
    assert Rectification.objects.filter(owner_org__code="360102").count() == 2


@pytest.mark.parametrize(("change", "field"), [
    (lambda t, d: d["findings"].pop(), "findings"),  # an item without a result
    (lambda t, d: d["findings"].append(dict(d["findings"][0])), "findings"),  # twice
    (lambda t, d: d["findings"].append({"template_item": 999999, "result": "ok"}), "findings"),
    (lambda t, d: d["findings"][0].update(result="problem"), "findings"),  # no severity nor description
    (lambda t, d: d["findings"].append({"result": "problem", "severity": "minor", "description": "x"}), "findings"),
    (lambda t, d: d.update(kind="daily"), "template"),
    (lambda t, d: d.update(inspected_on="2999-01-01"), "inspected_on"),
    (lambda t, d: d.update(owner_org="NOPE"), "owner_org"),
    (lambda t, d: d.update(rectification_working_days=0), "rectification_working_days"),
])
def test_create_refusals(api, reviewer, template, change, field):
    data = payload(template)
    change(template, data)
    response = api(reviewer).post(INSPECTIONS, data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Inspection.objects.exists()


def test_inactive_template_does_not_exist_for_new_inspections(api, reviewer):
    old = make_template("旧清单", "platform", active=False)
    response = api(reviewer).post(INSPECTIONS, payload(old), format="json")
    assert response.status_code == 400
    assert "template" in response.json()


def test_daily_inspection_through_the_api_by_the_county(api, make_user):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    daily = make_template("日常巡检表", "daily")
    response = api(donghu).post(INSPECTIONS, payload(daily), format="json")
    assert response.status_code == 201
    other = api(donghu).post(INSPECTIONS, payload(daily, owner_org="360103"), format="json")
    assert other.status_code == 400 and "owner_org" in other.json()
    platform = api(donghu).post(INSPECTIONS, payload(make_template("平台", "platform")), format="json")
    assert platform.status_code == 400 and "owner_org" in platform.json()


def test_list_filters(api, reviewer, template):
    client = api(reviewer)
    client.post(INSPECTIONS, payload(template), format="json")
    client.post(INSPECTIONS, payload(template, owner_org="360400", summary="九江"), format="json")
    assert [r["summary"] for r in client.get(INSPECTIONS, {"org": org("360400").pk}).json()[
        "results"]] == ["九江"]
    assert client.get(INSPECTIONS, {"kind": "daily"}).json()["count"] == 0


def test_templates_form_refuses_duplicates_and_empty_checklists(web, reviewer, template):
    base = {"kind": "platform", "description": "", "is_active": "on", "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "100"}
    client = web(reviewer)
    url = reverse("maintenance:inspection-template-create")
    same_name = client.post(url, {**base, "name": "平台巡检清单", "items-TOTAL_FORMS": "1", "items-0-text": "x"})
    assert same_name.status_code == 400 and "name" in same_name.context["form"].errors
    empty = client.post(url, {**base, "name": "空清单", "items-TOTAL_FORMS": "1", "items-0-text": ""})
    assert empty.status_code == 400 and empty.context["formset"].non_form_errors()
    twice = client.post(url, {**base, "name": "重复项", "items-TOTAL_FORMS": "2", "items-0-text": "a",
                              "items-1-text": "a"})
    assert twice.status_code == 400
    assert InspectionTemplate.objects.count() == 1


def test_schema_includes_the_endpoints(api, reviewer):
    schema = api(reviewer).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (INSPECTIONS, INSPECTIONS + "{id}/complete/", "/api/v1/maintenance/inspection-templates/",
                 "/api/v1/maintenance/budget-plans/{id}/"):
        assert path in paths
