"""Full-process self-tests (全流程自测, 第十条): one row per checklist item of the standard in force."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_catalog import ServiceFactory, make_report, make_standard, pdf_upload

from services.models import SelfTestReport, SelfTestResult

ITEMS = ("统一身份认证接入", "个人信息脱敏展示", "页面响应时间≤2秒")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standard(db):
    make_standard("1.0", in_force=True, items=("旧版检查项",))
    return make_standard("2.0", items=ITEMS, optional=("办事指南完整",))


@pytest.fixture
def service(db):
    return ServiceFactory(owner_org=org("360102"), name="出生医学证明办理")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def url(service):
    return reverse("services:selftest-create", args=[service.pk])


def form_data(standard, results=None, **extra):
    """results: {item text: ("yes"|"no"|None, note)}; by default every item passed."""
    data = {"standard": standard.pk, "tested_on": timezone.localdate().isoformat(), "tester": "刘东湖",
            "summary": "全流程自测"}
    results = results or {}
    for item in standard.items.all():
        passed, note = results.get(item.text, ("yes", ""))
        if passed is not None:
            data[f"item-{item.pk}-passed"] = passed
        data[f"item-{item.pk}-note"] = note
    data.update(extra)
    return data


def item_pk(standard, text):
    return standard.items.get(text=text).pk


def test_the_form_has_one_row_per_item_of_the_standard_in_force(standard, service, donghu, web):
    response = web(donghu).get(url(service))
    assert response.status_code == 200
    assert [item.text for item, _ in response.context["rows"]] == [*ITEMS, "办事指南完整"]
    content = response.content.decode()
    assert "旧版检查项" not in content
    assert f'name="item-{item_pk(standard, "个人信息脱敏展示")}-passed"' in content
    assert 'enctype="multipart/form-data"' in content


def test_all_passed(standard, service, donghu, web):
    response = web(donghu).post(url(service), form_data(standard))
    report = SelfTestReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("services:selftest-detail", args=[report.pk])
    assert (report.passed, report.standard, report.owner_org, report.created_by) == (
        True, standard, service.owner_org, donghu)
    assert report.results.count() == 4
    service.refresh_from_db()
    assert service.standard == standard  # the version it was tested against


def test_a_failed_required_item_fails_the_report(standard, service, donghu, web):
    response = web(donghu).post(url(service), form_data(standard, {"页面响应时间≤2秒": ("no", "首屏3.2秒")}))
    assert response.status_code == 302
    report = SelfTestReport.objects.get()
    assert report.passed is False
    failed = report.results.get(passed=False)
    assert (failed.item.text, failed.note) == ("页面响应时间≤2秒", "首屏3.2秒")
    service.refresh_from_db()
    assert service.standard is None


def test_a_failed_optional_item_does_not_fail_the_report(standard, service, donghu, web):
    web(donghu).post(url(service), form_data(standard, {"办事指南完整": ("no", "咨询电话缺失")}))
    assert SelfTestReport.objects.get().passed is True


@pytest.mark.parametrize(("results", "extra", "field"), [
    ({"个人信息脱敏展示": ("no", "")}, {}, "note"),  # a failed item needs a note
    ({"个人信息脱敏展示": (None, "")}, {}, "passed"),  # every item needs a result
    ({"个人信息脱敏展示": ("maybe", "")}, {}, "passed"),
    ({}, {"tested_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "tested_on"),
    ({}, {"tester": ""}, "tester"),
])
def test_bad_input_saves_nothing(standard, service, donghu, web, results, extra, field):
    response = web(donghu).post(url(service), form_data(standard, results, **extra))
    assert response.status_code == 400
    assert not SelfTestReport.objects.exists()
    assert not SelfTestResult.objects.exists()
    if field == "tested_on" or field == "tester":
        assert field in response.context["form"].errors
    else:
        row = dict(response.context["rows"])[standard.items.get(text="个人信息脱敏展示")]
        assert field in row.errors


def test_evidence_is_kept_and_served_only_in_scope(standard, service, donghu, make_user, web):
    pk = item_pk(standard, "统一身份认证接入")
    data = form_data(standard)
    data[f"item-{pk}-evidence"] = pdf_upload("登录截图.pdf")
    web(donghu).post(url(service), data)
    report = SelfTestReport.objects.get()
    result = report.results.get(item_id=pk)
    assert result.evidence.name.endswith(".pdf")
    evidence_url = reverse("services:selftest-evidence", args=[report.pk, result.pk])
    detail = web(donghu).get(reverse("services:selftest-detail", args=[report.pk])).content.decode()
    assert evidence_url in detail
    response = web(donghu).get(evidence_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    stranger = make_user("jiujiang_submitter", "submitter", "360400")
    assert web(stranger).get(evidence_url).status_code == 404
    other = report.results.exclude(pk=result.pk).first()  # no evidence on this one
    assert web(donghu).get(reverse("services:selftest-evidence", args=[report.pk, other.pk])).status_code == 404


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("截图.pdf", b"just text pretending to be a PDF"), "does not match an allowed type"),
    (SimpleUploadedFile("脚本.exe", b"MZ\x90\x00"), "Only PDF, images"),
])
def test_evidence_is_checked_from_its_content(standard, service, donghu, web, english, upload, message):
    pk = item_pk(standard, "统一身份认证接入")
    data = form_data(standard)
    data[f"item-{pk}-evidence"] = upload
    response = web(donghu, language="en").post(url(service), data)
    assert response.status_code == 400
    row = dict(response.context["rows"])[standard.items.get(pk=pk)]
    assert message in row.errors["evidence"][0]
    assert not SelfTestReport.objects.exists()


def test_evidence_size_limit(standard, service, donghu, web, english, settings):
    settings.UPLOAD_MAX_BYTES = 20
    pk = item_pk(standard, "统一身份认证接入")
    data = form_data(standard)
    data[f"item-{pk}-evidence"] = pdf_upload()
    response = web(donghu, language="en").post(url(service), data)
    assert response.status_code == 400
    assert not SelfTestReport.objects.exists()


def test_no_standard_in_force_is_a_clear_error(service, donghu, web, english):
    client = web(donghu, language="en")
    response = client.get(url(service))
    assert response.status_code == 409
    assert "No technical management standard is in force" in response.content.decode()
    response = client.post(url(service), {"tested_on": "2026-01-01", "tester": "x"})
    assert response.status_code == 409
    assert not SelfTestReport.objects.exists()


def test_a_standard_changed_meanwhile_asks_to_fill_in_again(standard, service, donghu, web):
    from services.catalog import activate_standard

    data = form_data(standard)
    newer = make_standard("3.0", in_force=False, items=("新增检查项",))
    activate_standard(newer.pk)
    response = web(donghu).post(url(service), data)
    assert response.status_code == 409
    assert not SelfTestReport.objects.exists()
    assert [item.text for item, _ in response.context["rows"]] == ["新增检查项"]


def test_nothing_is_kept_when_saving_a_result_fails(standard, service, donghu, web, monkeypatch):
    """Report and results are one transaction: a failure half-way leaves no report behind."""
    original = SelfTestResult.objects.create
    calls = {"n": 0}

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(SelfTestResult.objects, "create", failing_create)
    with pytest.raises(RuntimeError):
        web(donghu).post(url(service), form_data(standard))
    assert not SelfTestReport.objects.exists()
    assert not SelfTestResult.objects.exists()


def test_detail_page_shows_every_result(standard, service, donghu, web):
    report = make_report(service, standard, failed=("个人信息脱敏展示",))
    response = web(donghu).get(reverse("services:selftest-detail", args=[report.pk]))
    assert response.status_code == 200
    assert [r.item.text for r in response.context["results"]] == [*ITEMS, "办事指南完整"]
    assert response.context["failed_count"] == 1
    content = response.content.decode()
    assert content.count('data-passed="false"') >= 2  # the header badge and the failed row
    assert 'id="superseded-note"' not in content


def test_detail_of_a_superseded_version_says_so(standard, service, donghu, web):
    from services.catalog import activate_standard

    report = make_report(service, standard)
    activate_standard(make_standard("3.0", in_force=False, items=("新增检查项",)).pk)
    content = web(donghu).get(reverse("services:selftest-detail", args=[report.pk])).content.decode()
    assert 'id="superseded-note"' in content
