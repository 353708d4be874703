"""第十四条 operations reports: drafted by the operator's publisher (one report per kind and period, clear errors
for a duplicate or a bad period, stale edits refused), published through the engine (after the period; one
rectification per org unit a finding names), read by org units (their own rows and the findings naming them or
general; drafts and other units' rectifications 404), exported to Excel and to an official Word document, and the
supervision indicator 运营报告及通报整改按时办结率 over independent figures."""

import io
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from docx import Document
from factories import org
from openpyxl import load_workbook
from reports_fixture import build, make_report

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification
from operations.circulars.models import Circular
from operations.reports.models import OperationsReport, ReportFinding

pytestmark = pytest.mark.django_db

FINDINGS = (("南昌市12345工单超期率偏高。", ("360100",)), ("公安厅服务多次不可用。", ("D3601", "360400")),
            ("=各地要提升掌上办比例。", ()))


@pytest.fixture
def publisher(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


def publish(report, user):
    return engine.perform(OperationsReport, report.pk, "publish", user, report.version)


def form_data(**overrides):
    data = {"kind": "quarterly", "year": "2026", "quarter": "3", "month": "", "number": "赣服通运〔2026〕3号",
            "title": "2026年第三季度运营报告", "narrative": "运行平稳。", "findings-TOTAL_FORMS": "1",
            "findings-INITIAL_FORMS": "0", "findings-MIN_NUM_FORMS": "0", "findings-MAX_NUM_FORMS": "100",
            "findings-0-text": "南昌市工单超期。", "findings-0-units": [str(org("360100").pk)]}
    data.update(overrides)
    return data


def test_the_publisher_creates_a_report_with_its_period_derived(publisher, web):
    response = web(publisher).post(reverse("operations:report-create"), form_data())
    assert response.status_code == 302
    report = OperationsReport.objects.get()
    assert (report.period_start, report.period_end, report.month, report.owner_org.code) == (
        date(2026, 7, 1), date(2026, 9, 30), None, "OP3601")
    assert [n.org_unit.code for n in report.findings.get().named.all()] == ["360100"]
    monthly = web(publisher).post(reverse("operations:report-create"), form_data(
        kind="monthly", month="2", quarter="", title="2月报告", **{"findings-TOTAL_FORMS": "0"}))
    assert monthly.status_code == 302
    feb = OperationsReport.objects.get(kind="monthly")
    assert (feb.period_start, feb.period_end, feb.quarter) == (date(2026, 2, 1), date(2026, 2, 28), None)


@pytest.mark.parametrize("overrides, field, words", [
    ({"quarter": ""}, "quarter", "季度"),
    ({"quarter": "5"}, "quarter", ""),
    ({"kind": "monthly", "month": "13", "quarter": ""}, "month", ""),
    ({"kind": "monthly", "month": "", "quarter": ""}, "month", "月份"),
    ({"year": "abc"}, "year", ""),
    ({"kind": "weekly"}, "kind", ""),
])
def test_a_bad_period_is_refused_with_a_clear_error(publisher, web, overrides, field, words):
    response = web(publisher).post(reverse("operations:report-create"), form_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and words in str(errors[field])
    assert not OperationsReport.objects.exists()


def test_a_second_report_for_the_same_period_is_refused(publisher, web):
    make_report()
    response = web(publisher).post(reverse("operations:report-create"), form_data(title="重复"))
    assert response.status_code == 400
    assert "已有" in str(response.context["form"].non_field_errors())
    assert OperationsReport.objects.count() == 1
    # the same quarter's first month is another kind: allowed
    ok = web(publisher).post(reverse("operations:report-create"), form_data(kind="monthly", month="7", quarter=""))
    assert ok.status_code == 302


def test_a_stale_edit_is_refused_and_a_published_report_cannot_be_edited(publisher, web):
    report = make_report()
    url = reverse("operations:report-edit", args=[report.pk])
    data = form_data(version="1", title="改过")
    assert web(publisher).post(url, data).status_code == 302
    stale = web(publisher).post(url, {**data, "title": "再改"})
    assert stale.status_code == 409
    report.refresh_from_db()
    assert (report.title, report.version) == ("改过", 2)
    publish(report, publisher)
    assert web(publisher).get(url).status_code == 403
    assert web(publisher).post(url, {**data, "version": "3"}).status_code == 403


def test_only_a_publisher_creates_and_publishes(make_user, web, publisher):
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    assert web(submitter).get(reverse("operations:report-create")).status_code == 403
    assert web(submitter).post(reverse("operations:report-create"), form_data()).status_code == 403
    report = make_report(quarter=2, title="二季度")
    with pytest.raises(engine.NotFound):
        publish(report, submitter)  # a draft is out of sight
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    with pytest.raises(engine.NotPermitted):
        publish(report, reviewer)


def test_a_report_is_published_once_its_period_has_ended(publisher):
    today = timezone.localdate()
    report = make_report(kind="monthly", year=today.year, month=today.month, quarter=None, title="本月")
    with pytest.raises(engine.GuardRefused, match="结束"):
        publish(report, publisher)
    report.refresh_from_db()
    assert report.status == "draft" and report.snapshot is None


def test_publishing_opens_one_rectification_per_named_unit(publisher):
    report = make_report(findings=FINDINGS)
    publish(report, publisher)
    rects = Rectification.objects.filter(source_type=ContentType.objects.get_for_model(ReportFinding))
    assert sorted(r.owner_org.code for r in rects) == ["360100", "360400", "D3601"]
    first = report.findings.get(text__startswith="南昌市")
    nanchang = rects.get(owner_org__code="360100")
    assert nanchang.source == first and first.named.get().rectification == nanchang
    assert nanchang.status == "open" and nanchang.due_at > timezone.now()
    assert "2026" in nanchang.title and nanchang.description == first.text
    # the rectification list knows the source
    assert ReportFinding in chapters.rectification_sources()


def test_org_units_read_their_rows_and_the_findings_naming_them(make_user, web, api, publisher):
    build()
    report = publish(make_report(findings=FINDINGS), publisher)
    draft = make_report(kind="monthly", month=8, quarter=None, title="8月草稿", number="")
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    jiujiang = make_user("jiujiang_submitter", "submitter", "360400")
    donghu = make_user("donghu_submitter", "submitter", "360102")

    page = web(nanchang).get(report.get_absolute_url())
    assert page.status_code == 200
    texts = [f["finding"].text for f in page.context["findings"]]
    assert texts == ["南昌市12345工单超期率偏高。", "=各地要提升掌上办比例。"]
    units = {u["code"] for t in page.context["tables"] for u in t["units"]}
    groups = {g["code"] for t in page.context["tables"] for g in t["groups"]}
    assert {"360100", "360102"} <= units and all(code.startswith("3601") for code in units)  # itself, its counties
    assert groups == {"360100"} and all(t["total"] is None for t in page.context["tables"])

    page = web(jiujiang).get(report.get_absolute_url())
    texts = [f["finding"].text for f in page.context["findings"]]
    assert texts == ["公安厅服务多次不可用。", "=各地要提升掌上办比例。"]
    assert [n.org_unit.code for n in page.context["findings"][0]["named"]] == ["360400"]  # not 公安厅's name
    assert "南昌市12345" not in page.content.decode()
    assert {g["code"] for t in page.context["tables"] for g in t["groups"]} == {"360400"}

    # a county sees its own row and the general finding only
    page = web(donghu).get(report.get_absolute_url())
    assert [f["finding"].text for f in page.context["findings"]] == ["=各地要提升掌上办比例。"]
    assert {u["code"] for t in page.context["tables"] for u in t["units"]} == {"360102"}

    # the rectification opened for 南昌市 is 404 to 九江市
    rect = Rectification.objects.get(owner_org__code="360100", source_type__model="reportfinding")
    assert web(nanchang).get(rect.get_absolute_url()).status_code == 200
    assert web(jiujiang).get(rect.get_absolute_url()).status_code == 404
    assert api(jiujiang).get(f"/api/v1/rectifications/{rect.pk}/").status_code == 404

    # drafts: out of sight for org units, in every format
    for name in ("report-detail", "report-print", "report-xlsx", "report-docx"):
        assert web(nanchang).get(reverse(f"operations:{name}", args=[draft.pk])).status_code == 404
    assert api(nanchang).get(f"/api/v1/operations/reports/{draft.pk}/").status_code == 404
    listed = api(nanchang).get("/api/v1/operations/reports/").json()
    assert [r["id"] for r in listed["results"]] == [report.pk]

    # the API detail carries the same reading
    detail = api(jiujiang).get(f"/api/v1/operations/reports/{report.pk}/").json()
    assert [f["text"] for f in detail["findings"]] == ["公安厅服务多次不可用。", "=各地要提升掌上办比例。"]
    assert all(g["code"] == "360400" for fig in detail["figures"] for g in fig["groups"])

    # the provincial authority sees every row and finding
    province = make_user("province_reviewer", "reviewer", "360000")
    page = web(province).get(report.get_absolute_url())
    assert len(page.context["findings"]) == 3
    assert all(t["total"] is not None for t in page.context["tables"])
    assert len({g["code"] for t in page.context["tables"] for g in t["groups"]}) == 12  # 11 cities + departments


def test_list_filters_and_search(publisher, web):
    make_report()
    make_report(kind="monthly", month=8, quarter=None, title="2026年8月运营报告", number="")
    make_report(year=2025, title="2025年第三季度运营报告", number="赣服通运〔2025〕3号")
    client = web(publisher)
    url = reverse("operations:report-list")

    def titles(**params):
        return sorted(r.title for r in client.get(url, params).context["object_list"])

    assert titles(kind="monthly") == ["2026年8月运营报告"]
    assert titles(year="2025") == ["2025年第三季度运营报告"]
    assert titles(q="〔2026〕") == ["2026年第三季度运营报告"]
    assert titles(status="published") == []
    assert client.get(url, {"year": "99999999999999999999999"}).status_code == 200


def test_excel_opens_with_numbers_as_numbers_and_formulas_as_text(publisher, web):
    build()
    report = publish(make_report(findings=FINDINGS), publisher)
    response = web(publisher).get(reverse("operations:report-xlsx", args=[report.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book[book.sheetnames[2]]  # 12345 work orders
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    nanchang = next(r for r in rows if r[0] == "南昌市")
    assert isinstance(nanchang[header.index("受理")], int) and nanchang[header.index("受理")] == 5
    findings = book[book.sheetnames[-1]]
    cells = [r[0] for r in findings.iter_rows(values_only=True)]
    assert "'=各地要提升掌上办比例。" in cells


def test_word_document_in_the_official_layout(publisher, web, tmp_path):
    build()
    report = make_report(findings=FINDINGS)
    report = publish(report, publisher)
    OperationsReport.objects.filter(pk=report.pk).update(
        published_at=timezone.make_aware(datetime(2026, 10, 9, 10)))
    response = web(publisher).get(reverse("operations:report-docx", args=[report.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert "赣服通运〔2026〕3号" in texts and report.title in texts
    assert texts[-1] == "2026年10月9日"
    assert any("南昌市12345工单超期率偏高。（南昌市）" in t for t in texts)
    assert doc.tables and any(cell.text == "南昌市" for t in doc.tables for row in t.rows for cell in row.cells)
    from ganfutong_admin.audit.models import EventKind, SecurityEvent

    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT, target=f"operations-report-{report.pk}",
                                        detail__format="docx", username=publisher.username).count() == 1
    if shutil.which("soffice"):
        source = tmp_path / "report.docx"
        source.write_bytes(response.content)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=180)
        assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_the_printable_page_has_no_navigation(publisher, web):
    report = publish(make_report(findings=FINDINGS), publisher)
    page = web(publisher).get(reverse("operations:report-print", args=[report.pk])).content.decode()
    assert report.title in page and "operations_reports.css" in page and "gft-navbar" not in page
    assert "style=" not in page


def _rect(owner, source, status, due, closed=None):
    rect = Rectification.objects.create(owner_org=org(owner), title="整改", description="问题", due_at=due,
                                        status=status, closed_at=closed,
                                        source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    return rect


def test_rectifications_on_time_indicator():
    indicator = {i.code: i for i in chapters.evaluation_indicators()}["operations.rectifications_on_time"]
    assert indicator.kind == "rate"
    report = make_report(findings=FINDINGS)
    finding = report.findings.first()
    circular = Circular.objects.create(owner_org=org("360000"), number="1", title="通报", body="正文")
    due = timezone.make_aware(datetime(2026, 8, 20, 18))
    _rect("360100", finding, "accepted", due, due - timedelta(days=1))  # on time
    _rect("360100", finding, "accepted", due, due + timedelta(days=1))  # late
    _rect("360100", circular, "waived", due)  # waived: on time
    _rect("360100", circular, "open", due)  # still open
    _rect("360400", finding, "accepted", due, due)  # on time, exactly
    _rect("360400", finding, "open", due + timedelta(days=60))  # falls due after the quarter
    Rectification.objects.create(owner_org=org("360400"), title="别的整改", description="问题", due_at=due,
                                 status="open")  # not from a report or a circular
    ids = [org(c).pk for c in ("360100", "360400", "360102")]
    assert indicator.measure(ids, date(2026, 7, 1), date(2026, 9, 30)) == {org("360100").pk: 2 / 4,
                                                                           org("360400").pk: 1.0}
