"""Importing services from Excel: every row checked first, a row-by-row report, nothing half-imported."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from factories import org
from factories_catalog import HEADER, ServiceFactory, xlsx_upload
from openpyxl import load_workbook

from services import importer
from services.models import Service

IMPORT = reverse("services:service-import")

GOOD_ROWS = [
    ("高龄津贴申领", "360102-MZ-0002", "360102", "", "行政权力事项", "https://ganfutong.example.invalid/a"),
    ("社区养老服务预约", "360102-MZ-0003", "360102", "", "便民服务", ""),
    ("不动产登记进度查询", "360102-CX-0004", "360102", "", "query", "http://127.0.0.1:8000/q"),
    ("义务教育入学报名", "360102-JY-0005", 360102, "", "", ""),  # the org code typed as a number
]


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def nanchang(make_user):
    return make_user("nanchang_submitter", "submitter", "360100")


def post(client, rows, only_valid=False, **kwargs):
    data = {"file": xlsx_upload(rows, **kwargs)}
    if only_valid:
        data["only_valid"] = "on"
    return client.post(IMPORT, data)


def errors_of(response):
    return [(e.row, e.column, e.message) for e in response.context["report"].errors]


def test_a_clean_file_is_imported_whole(db, donghu, web):
    response = post(web(donghu), GOOD_ROWS)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.imported_count, report.errors, report.file_errors) == (4, [], [])
    services = {s.code: s for s in Service.objects.all()}
    assert set(services) == {"360102-MZ-0002", "360102-MZ-0003", "360102-CX-0004", "360102-JY-0005"}
    assert [services[c].category for c in ("360102-MZ-0002", "360102-MZ-0003", "360102-CX-0004",
                                           "360102-JY-0005")] == [
        "administrative", "convenience", "query", "public_service"]  # an empty category is a public service
    assert all(s.status == "planned" and s.created_by == donghu and s.owner_org.code == "360102"
               for s in services.values())
    reasons = [services[c].history.get().history_change_reason for c in ("360102-MZ-0002", "360102-MZ-0003")]
    assert all("services.xlsx" in r for r in reasons) and reasons[0] != reasons[1]  # the file and the row
    assert response.content.decode().count('data-outcome="complete"') == 1


def test_a_file_with_errors_imports_nothing_and_reports_every_row(db, donghu, web, english):
    ServiceFactory(owner_org=org("360400"), code="360400-SB-0001", name="九江社保卡申领")
    rows = GOOD_ROWS[:2] + [
        ("", "360102-X-0001", "360102", "", "", ""),  # row 4: no name
        ("婚姻登记预约", "360102-MZ-0002", "360102", "", "", ""),  # row 5: the code of row 2 again
        ("社保卡申领", "360400-sb-0001", "360102", "", "", ""),  # row 6: the code exists (another unit's)
        ("低保申请", "360102-MZ-0009", "999999", "", "", ""),  # row 7: unknown org unit
        ("公积金提取", "360100-GJJ-0001", "360100", "", "", ""),  # row 8: the city above is not donghu's
        ("文化场馆预约", "360102-WH-0001", "360102", "", "娱乐", "ftp://example.invalid/x"),  # row 9: two errors
        ("", "", "", "", "", ""),  # an empty row is skipped
        ("出生证明", "", "", "", "", "not a url"),  # row 11: no code, no org, bad URL
    ]
    response = post(web(donghu, language="en"), rows)
    assert response.status_code == 400
    assert Service.objects.filter(owner_org__code="360102").count() == 0
    assert errors_of(response) == [
        (4, "服务名称", "The service name is missing."),
        (5, "服务编码", "The same code is already in row 2 of this file."),
        (6, "服务编码", "A service with this code already exists."),
        (7, "所属单位编码", "Unknown org unit code."),
        (8, "所属单位编码", "This org unit is outside your jurisdiction."),
        (9, "类别", "Unknown category; use one of: 行政权力事项、公共服务、查询服务、便民服务."),
        (9, "入口地址", "Not a valid http:// or https:// address."),
        (11, "服务编码", "The service code is missing."),
        (11, "所属单位编码", "The org unit code is missing."),
        (11, "入口地址", "Not a valid http:// or https:// address."),
    ]
    report = response.context["report"]
    assert (report.rows_read, len(report.valid_rows), report.rejected_rows) == (9, 2, [4, 5, 6, 7, 8, 9, 11])
    content = response.content.decode()
    assert 'data-outcome="nothing"' in content
    assert 'data-row="8"' in content and "This org unit is outside your jurisdiction." in content


def test_only_the_good_rows_when_the_user_chose_so(db, donghu, web):
    rows = GOOD_ROWS[:2] + [("", "360102-X-0001", "360102", "", "", ""), GOOD_ROWS[2]]
    response = post(web(donghu), rows, only_valid=True)
    assert response.status_code == 200
    assert set(Service.objects.values_list("code", flat=True)) == {"360102-MZ-0002", "360102-MZ-0003",
                                                                  "360102-CX-0004"}
    assert [(row, column) for row, column, _ in errors_of(response)] == [(4, "服务名称")]
    assert 'data-outcome="partial"' in response.content.decode()


def test_only_valid_with_no_valid_row_imports_nothing(db, donghu, web):
    response = post(web(donghu), [("", "360102-X-0001", "360102", "", "", "")], only_valid=True)
    assert response.status_code == 400
    assert not Service.objects.exists()
    assert response.context["report"].rejected_rows == [2]
    assert 'data-outcome="nothing"' in response.content.decode()


def test_a_city_imports_for_its_counties(db, nanchang, web):
    response = post(web(nanchang), [("公积金提取", "360100-GJJ-0001", "360100", "", "", ""),
                                    ("高龄津贴", "360102-MZ-0001", "360102", "", "", ""),
                                    ("船员证书", "360400-JT-0001", "360400", "", "", "")])
    assert response.status_code == 400
    assert [(r, c) for r, c, _ in errors_of(response)] == [(4, "所属单位编码")]
    assert not Service.objects.exists()


def test_a_department_zone_is_kept(db, make_user, web):
    dept = make_user("dept_submitter", "submitter", "D3601")
    post(web(dept), [("户口迁移", "D3601-HZ-0001", "D3601", "公安专区", "行政权力事项", "")])
    assert Service.objects.get().zone == "公安专区"


def test_columns_may_come_in_any_order_and_extra_columns_are_ignored(db, donghu, web):
    header = ["备注", "所属单位编码", "服务编码", "服务名称*"]
    response = post(web(donghu), [("无", "360102", "360102-A-1", "甲服务")], header=header)
    assert response.context["report"].imported_count == 1
    assert Service.objects.get().name == "甲服务"


@pytest.mark.parametrize(("make_file", "message"), [
    (lambda: SimpleUploadedFile("services.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100), "Upload an Excel workbook (.xlsx)."),
    (lambda: SimpleUploadedFile("services.xlsx", b"name,code\n"), "The file is not a valid .xlsx workbook."),
])
def test_file_checks(db, donghu, web, english, make_file, message):
    response = web(donghu, language="en").post(IMPORT, {"file": make_file()})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert not Service.objects.exists()


def test_file_size_limit(db, donghu, web, english, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    upload = xlsx_upload(GOOD_ROWS)
    assert upload.size > 1000
    response = web(donghu, language="en").post(IMPORT, {"file": upload})
    assert response.status_code == 400
    assert "The file is too large" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize(("rows", "header", "message"), [
    (GOOD_ROWS, ["服务名称", "所属单位编码"], "The column “服务编码” is missing from the first row."),
    ([], HEADER, "The file has no data rows below the header."),
])
def test_sheet_checks(db, donghu, web, english, rows, header, message):
    response = post(web(donghu, language="en"), rows, header=header)
    assert response.status_code == 400
    assert response.context["report"].file_errors == [message]
    assert not Service.objects.exists()


def test_a_corrupt_workbook_is_rejected(db, donghu, web, english):
    upload = SimpleUploadedFile("services.xlsx", b"PK\x03\x04" + b"\x00" * 200)
    response = web(donghu, language="en").post(IMPORT, {"file": upload})
    assert response.status_code == 400
    # The one upload validator opens the ZIP before the importer does: refused at the form.
    assert response.context["form"].errors["file"] == ["The file is not a valid .xlsx workbook."]
    assert not Service.objects.exists()


def test_too_many_rows(db, donghu, web, english, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    response = post(web(donghu, language="en"), GOOD_ROWS)
    assert response.context["report"].file_errors == ["The file has more than 3 rows; split it."]
    assert not Service.objects.exists()


def test_nothing_is_half_imported_when_a_write_fails(db, donghu, web, monkeypatch, english):
    """A code taken by someone else between the check and the write: the rows already written roll back."""
    original_save = Service.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise IntegrityError("UNIQUE constraint failed: services_service.code")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Service, "save", failing_save)
    response = post(web(donghu, language="en"), GOOD_ROWS)
    assert calls["n"] == 3
    assert not Service.objects.exists()
    report = response.context["report"]
    assert report.imported_count == 0
    assert "nothing was imported" in report.file_errors[0]


def test_the_template_round_trips(db, donghu, web):
    client = web(donghu)
    response = client.get(reverse("services:service-import-template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 2
    # The example row is valid for a 东湖区 user: the template imports as it is.
    upload = SimpleUploadedFile("template.xlsx", response.content)
    result = client.post(IMPORT, {"file": upload})
    assert result.context["report"].imported_count == 1
    assert Service.objects.get().code == rows[1][1]


def test_importing_needs_the_permission(db, make_user, web):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    client = web(reviewer)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": xlsx_upload(GOOD_ROWS)}).status_code == 403
    assert client.get(reverse("services:service-import-template")).status_code == 403
    assert not Service.objects.exists()


def test_category_labels_in_both_languages(db):
    lookup = importer.category_lookup()
    assert lookup["administrative power matter"] == "administrative"
    assert lookup["行政权力事项"] == "administrative"
    assert lookup["convenience"] == "convenience"
