"""The auditor's export of a finalized evaluation: Excel through the one export path (opened with openpyxl here;
its figures match the page and the API), the results as an official document (GB/T 9704-2012 layout), a
security event for each, and nothing else for the auditor: no finalizing, no scoring."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from docx import Document
from factories_evaluation import alert, manual, period, small_tree, work_orders
from openpyxl import load_workbook

from ganfutong_admin.audit.models import SecurityEvent
from ganfutong_admin.workflow import engine
from supervision.evaluation.models import ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(make_user):
    p = period()
    ind = small_tree(p)
    work_orders("360102", on_time=1, late=1)
    alert("360102", "red")
    manual(p, ind["manual"], "360102", 6)
    engine.perform(type(p), p.pk, "finalize", make_user("sup", "supervisor", "360000"), p.version, "")
    p.refresh_from_db()
    return p


def content(response):
    return b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content


def test_excel_export_matches_the_page_and_the_api(final, make_user, web, api):
    auditor = make_user("aud", "auditor", "360402")
    client = web(auditor)
    page = client.get(reverse("supervision:evaluation-detail", args=[final.pk]))
    assert 'id="export-xlsx"' in page.content.decode()
    response = client.get(reverse("supervision:evaluation-export", args=[final.pk]))
    assert response.status_code == 200 and response.streaming
    book = load_workbook(io.BytesIO(content(response)))
    assert book.sheetnames == ["汇总", "工单按时办结率", "可用率", "整改按时率", "资料报送质量", "红牌", "黄牌",
                               "创新做法", "扣分依据"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0] == ("排名", "单位", "类型", "所属设区市", "总分", "运维", "监督", "同类排名", "市内排名")
    rows = {row[1]: row for row in summary[1:]}
    sheets = ScoreSheet.objects.filter(period=final)
    assert len(rows) == sheets.count()
    donghu = sheets.get(owner_org__code="360102")
    # 40×0.5 + 20 + 30 + 6 − 2 = 74.
    assert donghu.total == D("74.00")
    assert rows["东湖区"][:5] == (donghu.rank_overall, "东湖区", "县（区）级主管部门", "南昌市", 74.0)
    assert rows["东湖区"][5:7] == (40.0, 36.0)
    by_api = api(auditor).get("/api/v1/supervision/scores/", {"period": final.pk, "page_size": 200}).json()
    assert {r["owner_org_name"]: float(r["total"]) for r in by_api["results"]} == {
        name: row[4] for name, row in rows.items()}
    assert {r.owner_org.name: float(r.total) for r in page.context["rows"]} == {n: r[4] for n, r in rows.items()}
    orders = {row[0]: row[1:] for row in book["工单按时办结率"].iter_rows(min_row=2, values_only=True)}
    assert orders["东湖区"] == (0.5, 40.0, 20.0) and orders["濂溪区"] == ("无数据", 40.0, 40.0)
    evidence = list(book["扣分依据"].iter_rows(values_only=True))
    assert evidence[1][:2] == ("东湖区", "红牌") and evidence[1][3] == "2026-08-20"
    event = SecurityEvent.objects.filter(kind="export").latest("pk")
    assert (event.username, event.target) == ("aud", f"evaluation-{final.pk}")


def test_word_document_in_the_official_layout(final, make_user, web):
    response = web(make_user("aud", "auditor", "360000")).get(
        reverse("supervision:evaluation-document", args=[final.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "江西省政务服务管理办公室文件"
    assert "关于2026年第三季度考核结果的通报" in texts
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["排名", "单位", "类型", "所属设区市", "总分"]
    assert len(table.rows) == ScoreSheet.objects.filter(period=final).count() + 1
    assert SecurityEvent.objects.filter(kind="export", target=f"evaluation-{final.pk}").count() == 1


def test_export_needs_export_scores_and_a_finalized_period(final, make_user, web):
    sup = web(make_user("sup2", "supervisor", "360000"))
    assert sup.get(reverse("supervision:evaluation-export", args=[final.pk])).status_code == 403
    draft = period(name="草稿期", start=final.start.replace(year=2025), end=final.end.replace(year=2025))
    aud = web(make_user("aud", "auditor", "360000"))
    assert aud.get(reverse("supervision:evaluation-export", args=[draft.pk])).status_code == 404
    assert not SecurityEvent.objects.filter(kind="export").exists()


def test_the_auditor_changes_nothing(make_user, web, api):
    p = period()
    ind = small_tree(p)
    auditor = make_user("aud", "auditor", "360000")
    finalize = api(auditor).post(f"/api/v1/supervision/evaluation-periods/{p.pk}/transitions/",
                                 {"action": "finalize", "version": p.version}, format="json")
    assert finalize.status_code == 403
    scored = web(auditor).post(reverse("supervision:evaluation-manual", args=[p.pk]),
                               {"indicator": ind["manual"].pk, "value": "1", "reason": "x"})
    assert scored.status_code == 403
    assert web(auditor).get(reverse("supervision:evaluation-create")).status_code == 403
    for url in ("/api/v1/supervision/scores/", "/api/v1/supervision/evaluation-periods/"):
        assert api(auditor).post(url, {}, format="json").status_code == 405
    p.refresh_from_db()
    assert p.status == "draft" and not ScoreSheet.objects.exists()
