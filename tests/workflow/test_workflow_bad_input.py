"""Bad input gets a clear 400 (or a clear message in the UI) and changes nothing."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import FilingFactory, RectificationFactory, org

from ganfutong_admin.channel_integration.models import LegacyApp
from ganfutong_admin.workflow.models import Filing, FilingEvent, Rectification

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def filing(db):
    return FilingFactory(owner_org=org("360102"), submitted=True)


def assert_unchanged(filing):
    fresh = Filing.objects.get(pk=filing.pk)
    assert (fresh.status, fresh.version) == ("submitted", 1)
    assert not FilingEvent.objects.filter(filing=filing).exists()


# --- the API transitions endpoint ---------------------------------------------------------------------------

def test_malformed_json(reviewer, filing, api):
    response = api(reviewer, language="en").post(f"/api/v1/filings/{filing.pk}/transitions/",
                                                 data='{"action": "approve", "version": ',
                                                 content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON (line 1, column 34).",
                               "code": "ParseError"}
    assert_unchanged(filing)


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"version": 1}, "action", "action is required."),
    ({"action": "approve"}, "version", "version is required."),
    ({"action": "approve", "version": "v1"}, "version", "version must be an integer."),
    ({"action": "approve", "version": "1.5"}, "version", "version must be an integer."),
    ({"action": "approve", "version": 0}, "version", None),
    ({"action": "", "version": 1}, "action", None),
])
def test_missing_or_invalid_fields(reviewer, filing, api, body, field, message):
    response = api(reviewer, language="en").post(f"/api/v1/filings/{filing.pk}/transitions/",
                                                 {**body, "comment": "ok"}, format="json")
    assert response.status_code == 400
    errors = response.json()[field]
    assert errors and all(isinstance(e, str) and e for e in errors)
    if message:
        assert errors == [message]
    assert_unchanged(filing)


def test_not_an_object(reviewer, filing, api):
    response = api(reviewer, language="en").post(f"/api/v1/filings/{filing.pk}/transitions/", [1, 2],
                                                 format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The body must be a JSON object."
    assert_unchanged(filing)


def test_unknown_action(reviewer, filing, api):
    response = api(reviewer, language="en").post(f"/api/v1/filings/{filing.pk}/transitions/",
                                                 {"action": "archive", "version": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown action “archive”.", "code": "UnknownAction"}
    assert_unchanged(filing)


def test_messages_are_chinese_by_default(reviewer, filing, api):
    response = api(reviewer).post(f"/api/v1/filings/{filing.pk}/transitions/", {"action": "approve"},
                                  format="json")
    assert response.status_code == 400
    assert response.json() == {"version": ["缺少版本号（version）。"]}


def test_get_is_not_allowed(reviewer, filing, api):
    assert api(reviewer).get(f"/api/v1/filings/{filing.pk}/transitions/").status_code == 405


# --- the page's transition form --------------------------------------------------------------------------

def test_ui_transition_with_a_stale_version_shows_a_chinese_message(reviewer, filing, web):
    """Chinese is the office language (and the default): the conflict message says so in Chinese."""
    client = web(reviewer, language="zh-hans")
    response = client.post(f"/filings/{filing.pk}/transition/", {"action": "approve", "version": 7, "comment": "同意"})
    assert response.status_code == 302
    assert response.url == f"/filings/{filing.pk}/"
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(texts) == 1
    assert "该记录已被他人修改" in texts[0] and "7" in texts[0]
    assert_unchanged(filing)

    # The message is shown on the page the user is sent back to.
    response = client.post(f"/filings/{filing.pk}/transition/", {"action": "approve", "version": 7}, follow=True)
    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    assert_unchanged(filing)


def test_ui_transition_with_a_stale_version_in_english(reviewer, filing, web):
    response = web(reviewer, language="en").post(f"/filings/{filing.pk}/transition/",
                                                  {"action": "approve", "version": 7})
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts and "changed by someone else" in texts[0]
    assert not CJK.search(texts[0])
    assert_unchanged(filing)


def test_ui_transition_with_an_unreadable_form(reviewer, filing, web):
    response = web(reviewer).post(f"/filings/{filing.pk}/transition/", {"action": "approve", "version": "x"})
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["无法识别该操作，请刷新页面后重试。"]
    assert_unchanged(filing)


def test_ui_transition_out_of_scope_is_404(make_user, filing, web):
    jiujiang = make_user("jiujiang_submitter", "submitter", "360400")
    response = web(jiujiang).post(f"/filings/{filing.pk}/transition/", {"action": "withdraw", "version": 1})
    assert response.status_code == 404
    assert_unchanged(filing)


# --- rectification evidence uploads ----------------------------------------------------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def rect(db):
    return RectificationFactory(owner_org=org("360102"))


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def answer(web, user, rect, evidence, language=None):
    return web(user, language=language).post(f"/rectifications/{rect.pk}/",
                                             {"response": "已整改", "evidence": evidence})


def test_oversized_evidence_is_refused(donghu, rect, web, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("佐证材料.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = answer(web, donghu, rect, big, language="en")
    assert response.status_code == 400
    errors = response.context["answer_form"].errors["evidence"]
    assert len(errors) == 1 and "too large" in errors[0]
    assert "the limit is 1.0 KB" in errors[0].replace("\xa0", " ")  # stated in a unit that makes sense
    assert errors[0] in response.content.decode()
    rect.refresh_from_db()
    assert (rect.response, rect.evidence.name) == ("", "")
    assert stored_files(media) == []


def test_oversized_evidence_message_in_chinese(donghu, rect, web, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("佐证材料.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = answer(web, donghu, rect, big)
    assert response.status_code == 400
    [error] = response.context["answer_form"].errors["evidence"]
    assert CJK.search(error) and "1.0 KB" in error.replace("\xa0", " ")
    assert stored_files(media) == []


def test_evidence_whose_content_is_not_its_type_is_refused(donghu, rect, web, media):
    fake = SimpleUploadedFile("报告.pdf", "这其实是一个文本文件\n".encode() * 20, content_type="application/pdf")
    response = answer(web, donghu, rect, fake, language="en")
    assert response.status_code == 400
    [error] = response.context["answer_form"].errors["evidence"]
    assert "content does not match an allowed type" in error
    rect.refresh_from_db()
    assert (rect.response, rect.evidence.name) == ("", "")
    assert stored_files(media) == []


def test_evidence_with_a_forbidden_extension_is_refused(donghu, rect, web, media):
    script = SimpleUploadedFile("run.exe", PDF, content_type="application/octet-stream")
    response = answer(web, donghu, rect, script, language="en")
    assert response.status_code == 400
    assert response.context["answer_form"].errors["evidence"]
    assert stored_files(media) == []


def test_valid_evidence_is_stored_and_served_as_a_download(donghu, rect, web, media):
    good = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
    response = answer(web, donghu, rect, good)
    assert response.status_code == 302
    rect.refresh_from_db()
    assert rect.response == "已整改" and rect.evidence.name.startswith("evidence/")
    assert len(stored_files(media)) == 1
    response = web(donghu).get(f"/rectifications/{rect.pk}/evidence/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_evidence_of_another_county_is_404(make_user, rect, web, media):
    rect.evidence.save("x.pdf", SimpleUploadedFile("x.pdf", PDF))
    jiujiang = make_user("jiujiang_submitter", "submitter", "360400")
    assert web(jiujiang).get(f"/rectifications/{rect.pk}/evidence/").status_code == 404


def test_only_the_owner_answers(reviewer, rect, web, media):
    good = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
    response = answer(web, reviewer, rect, good)
    assert response.status_code == 403
    assert Rectification.objects.get(pk=rect.pk).response == ""
    assert stored_files(media) == []


# --- the legacy-app form ---------------------------------------------------------------------------------

def test_legacyapp_form_with_missing_fields(donghu, web):
    response = web(donghu, language="en").post("/legacy-apps/new/",
                                                {"name": "", "owner_org": str(org("360102").pk)})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "app_type", "migration_plan", "target_date"} <= set(errors)
    assert "This field is required." in response.content.decode()
    assert not LegacyApp.objects.exists()


def test_legacyapp_form_completed_without_date(donghu, web):
    data = {"owner_org": str(org("360102").pk), "name": "旧应用", "app_type": "app", "migration_plan": "迁移",
            "target_date": "2026-12-31", "status": "migrated"}
    response = web(donghu).post("/legacy-apps/new/", data)
    assert response.status_code == 400
    assert "completed_on" in response.context["form"].errors
    assert not LegacyApp.objects.exists()
    response = web(donghu).post("/legacy-apps/new/", {**data, "completed_on": "2026-11-01"})
    assert response.status_code == 302
    assert LegacyApp.objects.get().status == "migrated"
