"""The hotline intake API (POST /api/v1/maintenance/work-orders/): token auth, idempotency on hotline_id (also under a
concurrent double post on PostgreSQL), clear 400s that write nothing, routing to the service's owner and
nowhere else, callbacks and transitions (409 on a stale version)."""


from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from factories_hotline import ID_NUMBER, PHONE, WorkOrderFactory, id_number, make_service
from rest_framework.test import APIClient
from testsupport import needs_postgres, results, run_at_once

from ganfutong_admin.accounts.models import ApiToken, User
from ganfutong_admin.workflow.models import Rectification
from maintenance.hotline.models import BadReview, WorkOrder, WorkOrderEvent

URL = "/api/v1/maintenance/work-orders/"


def hotline_account(make_user, username="hotline_system"):
    user = make_user(username, None, "OP3601")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="maintenance",
                                                         codename__in=["add_workorder", "view_workorder"]))
    return type(user).objects.get(pk=user.pk)


def token_client(user):
    _, raw = ApiToken.issue(user, name="hotline")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def payload(**overrides):
    data = {"hotline_id": "12345-2026-000001", "type": "complaint", "title": "社保登记提交失败",
            "content": "提交后页面一直转圈。", "service_code": "360102-SB-7001", "citizen_name": "张三",
            "citizen_phone": PHONE, "citizen_id_number": ID_NUMBER, "received_at": "2026-09-29T10:00:00+08:00"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def system(make_user):
    return hotline_account(make_user)


@pytest.fixture
def service(db):
    return make_service("360102", code="360102-SB-7001", name="灵活就业社保登记")


def test_token_is_required(db, service):
    assert APIClient().post(URL, payload(), format="json").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.post(URL, payload(), format="json").status_code == 401
    assert not WorkOrder.objects.exists()


def test_a_caller_without_add_workorder_is_refused(make_user, service):
    clerk = make_user("clerk", "submitter", "360102")
    assert token_client(clerk).post(URL, payload(), format="json").status_code == 403
    assert not WorkOrder.objects.exists()


def test_intake_is_idempotent_on_the_hotline_id(system, service):
    client = token_client(system)
    first = client.post(URL, payload(), format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["hotline_id"], body["status"], body["owner_org"], body["source"]) == (
        "12345-2026-000001", "dispatched", "360102", "api")
    assert body["citizen_phone"] == "138****5678" and body["citizen_name"] == "张*"
    assert body["citizen_id_number"] == "360***********" + ID_NUMBER[-4:]
    again = client.post(URL, payload(title="改过的标题"), format="json")
    assert again.status_code == 200
    assert again.json() == body  # the same record, unchanged
    assert WorkOrder.objects.count() == 1 and WorkOrderEvent.objects.count() == 1


def test_intake_without_service_waits_for_dispatch(system):
    response = token_client(system).post(URL, payload(service_code=""), format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["owner_org"]) == ("received", "OP3601")


@pytest.mark.parametrize(("change", "field"), [
    ({"title": None}, "title"),
    ({"citizen_phone": None}, "citizen_phone"),
    ({"hotline_id": "  "}, "hotline_id"),
    ({"citizen_phone": "12345678901"}, "citizen_phone"),
    ({"citizen_phone": "138-1234-567a"}, "citizen_phone"),
    ({"citizen_phone": "86123456"}, "citizen_phone"),  # a landline needs its area code
    ({"citizen_id_number": "36010219900101123"}, "citizen_id_number"),  # 17 characters
    ({"citizen_id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")}, "citizen_id_number"),
    ({"citizen_id_number": id_number("36010219901332123")}, "citizen_id_number"),  # no 32 March
    ({"type": "praise"}, "type"),
    ({"service_code": "NO-SUCH-SERVICE"}, "service_code"),
    ({"received_at": "2999-01-01T00:00:00+08:00"}, "received_at"),
])
def test_bad_input_is_a_clear_400_and_writes_nothing(system, service, change, field):
    response = token_client(system).post(URL, payload(**change), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field] and all(isinstance(m, str) and m for m in errors[field])
    assert not WorkOrder.objects.exists() and not WorkOrderEvent.objects.exists()


def test_validation_messages_are_chinese_by_default(system, service):
    errors = token_client(system).post(URL, payload(type="praise", citizen_phone="123"), format="json").json()
    assert "未知的工单类型" in errors["type"][0]
    assert "手机号码" in errors["citizen_phone"][0]


def test_landline_and_plus86_mobile_are_accepted(system, service):
    client = token_client(system)
    landline = client.post(URL, payload(hotline_id="L1", citizen_phone="0791-86123456"), format="json")
    mobile = client.post(URL, payload(hotline_id="M1", citizen_phone="+86 139 0000 1111"), format="json")
    assert (landline.status_code, mobile.status_code) == (201, 201)
    assert WorkOrder.objects.get(hotline_id="L1").citizen_phone == "079186123456"
    assert WorkOrder.objects.get(hotline_id="M1").citizen_phone == "13900001111"


def test_an_order_for_a_service_reaches_its_owner_only(system, people, api, service):
    created = token_client(system).post(URL, payload(), format="json").json()
    pk = created["id"]
    detail = f"{URL}{pk}/"
    for name in ("donghu_submitter", "nanchang_submitter", "operator_publisher", "province_reviewer", "auditor"):
        client = api(people[name])
        assert client.get(detail).status_code == 200, name
        assert pk in {row["id"] for row in results(client.get(URL))}, name
    for name in ("jiujiang_submitter", "lianxi_submitter", "dept_submitter"):
        client = api(people[name])
        assert client.get(detail).status_code == 404, name
        assert results(client.get(URL)) == [], name
        assert client.post(f"{detail}transitions/", {"action": "acknowledge", "version": 1}).status_code == 404


def test_the_hotline_records_the_callback(system, people, api, service):
    client = token_client(system)
    pk = client.post(URL, payload(), format="json").json()["id"]
    donghu = api(people["donghu_submitter"])
    r = donghu.post(f"{URL}{pk}/transitions/", {"action": "acknowledge", "version": 1}, format="json")
    assert r.status_code == 200, r.content
    r = donghu.post(f"{URL}{pk}/transitions/", {"action": "reply", "version": 2}, format="json")
    assert r.status_code == 400 and "答复" in r.json()["detail"]
    r = donghu.post(f"{URL}{pk}/transitions/", {"action": "reply", "version": 2, "reply": "已修复"}, format="json")
    assert r.json()["status"] == "replied"
    assert client.post(f"{URL}{pk}/callback/", {"satisfaction": "great"}, format="json").status_code == 400
    r = client.post(f"{URL}{pk}/callback/", {"satisfaction": "unsatisfied", "comment": "还是不行"}, format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["satisfaction"]) == ("closed", "unsatisfied")
    review = BadReview.objects.get(work_order_id=pk)
    assert review.rectification.status == "open" and review.owner_org.code == "360102"
    # A second callback is not possible from "closed".
    assert client.post(f"{URL}{pk}/callback/", {"satisfaction": "satisfied"}, format="json").status_code == 409


def test_stale_version_is_409_and_changes_nothing(people, api):
    wo = WorkOrderFactory(dispatched=True)
    client = api(people["donghu_submitter"])
    r = client.post(f"{URL}{wo.pk}/transitions/", {"action": "acknowledge", "version": 7}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "StaleVersion"
    wo.refresh_from_db()
    assert (wo.status, wo.version) == ("dispatched", 1)


# A Wednesday morning: the acknowledgement limit is days of working time away, so the light is green. (Run on a
# Saturday, the limit is Monday night and the light already yellow.)
@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True)
def test_dispatch_through_the_api(people, api):
    wo = WorkOrderFactory(received=True)
    client = api(people["operator_publisher"])
    r = client.post(f"{URL}{wo.pk}/transitions/", {"action": "dispatch", "version": 1, "target_org": "OP3601"},
                    format="json")
    assert r.status_code == 400 and "target_org" in r.json()
    r = client.post(f"{URL}{wo.pk}/transitions/", {"action": "dispatch", "version": 1, "target_org": "360400"},
                    format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["owner_org"]) == ("dispatched", "360400")
    assert r.json()["ack_due_at"] and r.json()["light"] == "green"


def test_list_filters_by_light_and_exact_phone(people, api):
    WorkOrderFactory(red=True, citizen_phone="13900000001")
    WorkOrderFactory(yellow=True, citizen_phone="13900000002")
    WorkOrderFactory(citizen_phone="13900000003")
    reviewer = people["province_reviewer"]
    client = api(reviewer)
    assert [r["light"] for r in results(client.get(URL, {"light": "red"}))] == ["red"]
    # The exact-phone search needs the unmask permission (test_hotline_oracle.py: refused without it).
    reviewer.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    client = api(User.objects.get(pk=reviewer.pk))
    rows = results(client.get(URL, {"phone": "139-0000-0002"}))
    assert [r["citizen_phone"] for r in rows] == ["139****0002"]
    assert results(client.get(URL, {"phone": "1390000000"})) == []  # exact only


def test_time_limits_api(people, api):
    """The hotline's time limits are policy parameters: read by the provincial authority, not by the org units."""
    rows = api(people["province_supervisor"]).get("/api/v1/policy-parameters/").json()
    assert {r["name"]: r["value"] for r in rows}["HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT"] == 15
    assert api(people["donghu_submitter"]).get("/api/v1/policy-parameters/").status_code == 403
    assert api(people["sys_admin"]).get("/api/v1/policy-parameters/").status_code == 403


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_post_makes_one_record(make_user):
    system = hotline_account(make_user)
    make_service("360102", code="360102-SB-7001")
    clients = [token_client(system), token_client(system)]

    def post(client):
        response = client.post(URL, payload(hotline_id="12345-RACE-1"), format="json")
        return response.status_code, response.json()["id"]

    statuses, bodies = zip(*run_at_once([lambda c=c: post(c) for c in clients]), strict=True)
    assert sorted(statuses) == [200, 201]
    assert len(set(bodies)) == 1
    assert WorkOrder.objects.filter(hotline_id="12345-RACE-1").count() == 1
    assert WorkOrderEvent.objects.count() == 1
    assert not Rectification.objects.exists()
