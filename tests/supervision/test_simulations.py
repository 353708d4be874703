"""Simulated handling (第二十四条): a supervisor records the steps tried, result, time and screenshot of each; a
failed step opens a rectification for the service's owner; the owner sees its own; bad input is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories_supervision import service

from ganfutong_admin.workflow.models import Rectification
from supervision.simulations.models import SimulatedApplication

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def post_data(svc, steps):
    data = {"service": svc.pk, "channel": "赣服通APP", "performed_at": "2026-11-20T10:00", "note": "模拟办事",
            "steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": "0", "steps-MIN_NUM_FORMS": "1",
            "steps-MAX_NUM_FORMS": "20"}
    for i, (action, passed, seconds, result) in enumerate(steps):
        data.update({f"steps-{i}-action": action, f"steps-{i}-seconds": str(seconds), f"steps-{i}-result": result})
        if passed:
            data[f"steps-{i}-passed"] = "on"
    return data


def test_a_failed_step_opens_a_rectification(make_user, web):
    svc = service("360102")
    client = web(make_user("sup", "supervisor", "360000"))
    data = post_data(svc, [("登录并进入事项", True, 30, "正常"), ("上传材料", False, 120, "上传后提示系统错误"),
                           ("提交申请", False, 15, "无法提交")])
    data["steps-1-evidence"] = SimpleUploadedFile("error.png", PNG, content_type="image/png")
    response = client.post(reverse("supervision:simulation-create"), data)
    assert response.status_code == 302
    application = SimulatedApplication.objects.get()
    assert (application.owner_org.code, application.total_seconds) == ("360102", 165)
    assert [(s.order, s.passed) for s in application.steps.all()] == [(1, True), (2, False), (3, False)]
    assert application.steps.get(order=2).evidence.name.endswith(".png")
    rect = Rectification.objects.get()
    assert (rect.owner_org.code, rect.source, application.rectification) == ("360102", application, rect)
    assert "2. 上传材料（上传后提示系统错误）" in rect.description and rect.title == f"模拟办事整改：{svc.name}"


def test_all_steps_succeeding_opens_nothing(make_user, web):
    svc = service("360400")
    client = web(make_user("sup", "supervisor", "360000"))
    assert client.post(reverse("supervision:simulation-create"),
                       post_data(svc, [("在线申报", True, 60, "顺利")])).status_code == 302
    assert SimulatedApplication.objects.get().rectification is None and not Rectification.objects.exists()


def test_bad_input_is_refused_with_messages(make_user, web):
    svc = service("360102")
    client = web(make_user("sup", "supervisor", "360000"))
    response = client.post(reverse("supervision:simulation-create"), post_data(svc, [("", False, -1, "")]))
    assert response.status_code == 400
    step_errors = response.context["steps"].forms[0].errors
    assert step_errors["action"] == ["此项为必填项。"] and "seconds" in step_errors
    bad_file = post_data(svc, [("上传", False, 5, "x")])
    bad_file["steps-0-evidence"] = SimpleUploadedFile("virus.exe", b"MZ" + b"\x00" * 20)
    assert client.post(reverse("supervision:simulation-create"), bad_file).status_code == 400
    assert not SimulatedApplication.objects.exists() and not Rectification.objects.exists()


def test_who_records_and_who_sees(make_user, web):
    svc = service("360102")
    sup_user = make_user("sup", "supervisor", "360000")
    web(sup_user).post(reverse("supervision:simulation-create"), post_data(svc, [("申报", False, 10, "失败")]))
    application = SimulatedApplication.objects.get()
    for name, role, code, expected in (("dh", "submitter", "360102", 200), ("nc", "submitter", "360100", 200),
                                       ("jj", "submitter", "360400", 404), ("op", "publisher", "OP3601", 404),
                                       ("aud", "auditor", "360402", 200), ("sa", "sys_admin", "360000", 404)):
        client = web(make_user(name, role, code))
        assert client.get(reverse("supervision:simulation-detail", args=[application.pk])).status_code == expected
        if role != "supervisor":
            refused = client.post(reverse("supervision:simulation-create"),
                                  post_data(svc, [("申报", True, 10, "成功")]))
            assert refused.status_code == 403
    assert SimulatedApplication.objects.count() == 1
    listing = web(make_user("dh2", "submitter", "360102")).get(reverse("supervision:simulation-list"))
    assert [a.pk for a in listing.context["object_list"]] == [application.pk]


def test_demo_simulations_are_idempotent():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert SimulatedApplication.objects.count() == 2
    assert SimulatedApplication.objects.filter(rectification__isnull=False).count() == 1


def test_the_api_lists_simulations_in_scope(make_user, web, api):
    svc, other = service("360102"), service("360400")
    sup_user = make_user("sup", "supervisor", "360000")
    for s in (svc, other):
        web(sup_user).post(reverse("supervision:simulation-create"), post_data(s, [("申报", True, 10, "成功")]))
    mine = api(make_user("dh", "submitter", "360102")).get("/api/v1/supervision/simulations/").json()
    assert [(r["owner_org"], r["steps"][0]["action"]) for r in mine["results"]] == [("360102", "申报")]
    assert api(sup_user).get("/api/v1/supervision/simulations/").json()["count"] == 2
