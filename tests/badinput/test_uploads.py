"""Issue 11 point 6: an upload is what its name says, judged from its bytes; office files hold no program;
every multipart body is capped, and files go only where an endpoint takes them."""

import io
import re
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import RectificationFactory, org
from openpyxl import Workbook

from ganfutong_admin.workflow import uploads
from ganfutong_admin.workflow.uploads import validate_evidence
from services.models import Service

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       + b"\x00" * 64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def word_document(extra=()):
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("整改报告")
    document.save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook(extra=()):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def plain_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(name, content, validator=validate_evidence):
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile(name, content))
    return caught.value.messages


@pytest.mark.parametrize(("name", "content"), [
    ("整改报告.pdf", PDF),
    ("截图.png", PNG),
    ("现场照片.jpg", JPEG),
    ("现场照片.jpeg", JPEG),
    ("整改报告.docx", word_document()),
    ("台账.xlsx", workbook()),
    ("旧版台账.xls", uploads.OLE_SIGNATURE + b"\x00" * 600),
    ("电子公文.ofd", plain_zip([("OFD.xml", "<ofd:OFD/>"), ("Doc_0/Document.xml", "<x/>")])),
])
def test_honest_files_pass(name, content):
    validate_evidence(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(("name", "content", "message"), [
    # the three bad files
    ("截图.png", PDF, "The file's content is a PDF file, not the .png its name says."),
    ("整改报告.docx", plain_zip([("setup.exe", EXE)]), "The file's content does not match an allowed type"),
    ("报告.pdf", b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF",
     "The file holds a web page and is refused."),
    # and their relatives
    ("整改报告.docx", word_document([("word/embeddings/setup.exe", EXE)]),
     "The document holds a program (word/embeddings/setup.exe) and is refused."),
    ("整改报告.docx", word_document([("word/media/image1.png", EXE)]),
     "The document holds a program (word/media/image1.png) and is refused."),
    ("整改报告.docx", word_document([("word/run.bat", b"@echo off\r\nformat c:")]),
     "The document holds a program (word/run.bat) and is refused."),
    ("台账.xlsx", workbook([("xl/embeddings/run.sh", b"#!/bin/sh\nrm -rf /")]),
     "The document holds a program (xl/embeddings/run.sh) and is refused."),
    ("台账.xlsx", word_document(), "The file's content is a DOCX file, not the .xlsx its name says."),
    ("截图.jpg", PNG, "The file's content is a PNG file, not the .jpg its name says."),
    ("报告.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * 4096, "The PDF file is incomplete or damaged."),
    ("报告.pdf", b"<!DOCTYPE html><html><body>%PDF-1.4</body></html>", "The file's content does not match"),
    ("整改报告.docx", b"PK\x03\x04" + b"\x00" * 200, "The file's content does not match an allowed type"),
    ("电子公文.ofd", plain_zip([("OFD.xml", "<x/>"), ("Doc_0/x.exe", EXE)]),
     "The document holds a program (Doc_0/x.exe) and is refused."),
    ("run.exe", EXE, "Only PDF, images (PNG/JPEG) and Office documents can be attached."),
])
def test_bad_files_are_refused(english, name, content, message):
    [text] = refusal(name, content)
    assert text.startswith(message)


def test_a_zip_bomb_is_refused(english, monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED", 100_000)
    bomb = word_document([("word/media/filler.bin", b"\x00" * 200_000)])
    assert len(bomb) < 50_000
    [text] = refusal("整改报告.docx", bomb)
    assert text.startswith("The document unpacks to more than any office document holds")


def test_refusals_are_in_chinese():
    [text] = refusal("整改报告.docx", word_document([("word/embeddings/setup.exe", EXE)]))
    assert text == "该文档内含可执行程序（word/embeddings/setup.exe），已拒收。"
    [text] = refusal("截图.png", PDF)
    assert text == "文件内容是 PDF 文件，与文件名所示的 .png 不符。"


# --- through the pages that store files -------------------------------------------------------------------------

@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.mark.parametrize(("name", "content"), [
    ("截图.png", PDF),
    ("整改报告.docx", plain_zip([("setup.exe", EXE)])),
    ("整改报告.docx", word_document([("word/embeddings/setup.exe", EXE)])),
    ("报告.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"),
])
def test_rectification_evidence_page_stores_nothing_bad(donghu, web, media, name, content):
    rect = RectificationFactory(owner_org=org("360102"))
    response = web(donghu).post(f"/rectifications/{rect.pk}/",
                                {"response": "已整改", "evidence": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    [error] = response.context["answer_form"].errors["evidence"]
    assert CJK.search(error)
    rect.refresh_from_db()
    assert (rect.response, rect.evidence.name) == ("", "")
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_rectification_evidence_page_takes_a_real_word_document(donghu, web, media):
    rect = RectificationFactory(owner_org=org("360102"))
    good = SimpleUploadedFile("整改报告.docx", word_document())
    response = web(donghu).post(f"/rectifications/{rect.pk}/", {"response": "已整改", "evidence": good})
    assert response.status_code == 302
    rect.refresh_from_db()
    assert rect.evidence.name.endswith(".docx")


def test_the_catalog_import_refuses_a_workbook_holding_a_program(donghu, web, english):
    upload = SimpleUploadedFile("services.xlsx", workbook([("xl/embeddings/payload.exe", EXE)]))
    response = web(donghu, language="en").post(reverse("services:service-import"), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The document holds a program (xl/embeddings/payload.exe) and is refused."]
    assert not Service.objects.exists()


# --- multipart bodies on the API ------------------------------------------------------------------------------

def service_fields():
    return {"name": "出生医学证明办理", "code": "360102-WJ-9001", "owner_org": "360102",
            "category": "public_service", "entry_url": "https://gft.example.invalid/s/1"}


def test_a_file_to_an_endpoint_that_takes_none_is_refused(donghu, api, media):
    ten_mb = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))
    response = api(donghu).post("/api/v1/services/services/", {**service_fields(), "attachment": ten_mb},
                                format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == "该接口不接受上传文件。"
    assert not Service.objects.exists()


def test_the_same_fields_without_a_file_are_accepted(donghu, api):
    response = api(donghu).post("/api/v1/services/services/", service_fields(), format="multipart")
    assert response.status_code == 201, response.content
    assert Service.objects.get().code == "360102-WJ-9001"


def test_a_multipart_body_over_the_cap_is_413(donghu, api, settings):
    settings.MULTIPART_MAX_BYTES = 64 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (100 * 1024))
    response = api(donghu).post("/api/v1/services/services/", {**service_fields(), "attachment": big},
                                format="multipart")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("请求体过大")
    assert not Service.objects.exists()


def test_a_page_upload_over_the_cap_is_413(donghu, web, settings, media):
    settings.MULTIPART_MAX_BYTES = 64 * 1024
    rect = RectificationFactory(owner_org=org("360102"))
    response = web(donghu).post(f"/rectifications/{rect.pk}/",
                                {"response": "已整改", "evidence": SimpleUploadedFile("a.pdf", PDF + b"0" * 100_000)})
    assert response.status_code == 413
    assert "请求体过大" in response.content.decode()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_the_default_cap_leaves_room_for_one_file_at_the_limit(settings):
    assert settings.MULTIPART_MAX_BYTES > settings.UPLOAD_MAX_BYTES
    assert settings.MULTIPART_MAX_BYTES <= settings.UPLOAD_MAX_BYTES + 2 * 1024 * 1024
