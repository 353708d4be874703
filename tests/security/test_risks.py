"""第二十条: the risk score and level, overdue treatments in SQL (list flag, filter, supervision rule), the heat map of
open risks (its chart data and table, scoped), findings opening kernel rectifications, bad input and stale edits."""


import pytest
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_security import assessment, risk

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow.models import Rectification
from security.risks.models import Risk, level_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/security/risks/"


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


def test_levels_at_their_boundaries():
    assert [level_of(s) for s in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical"]


def test_overdue_is_open_and_past_its_due_date(donghu, web):
    yesterday = risk("360102", threat="昨天到期", due_in_days=-1)
    today = risk("360102", threat="今天到期", due_in_days=0)
    closed = risk("360102", threat="已关闭的过期风险", due_in_days=-9, status="closed")
    treating = risk("360102", threat="处置中过期", due_in_days=-3, status="treating")
    assert set(Risk.objects.overdue()) == {yesterday, treating}
    flagged = {r.pk: r.overdue for r in Risk.objects.with_flags()}
    assert flagged == {yesterday.pk: True, today.pk: False, closed.pk: False, treating.pk: True}
    page = web(donghu).get(reverse("security:risk-list"), {"overdue": "true"})
    assert {r.threat for r in page.context["object_list"]} == {"昨天到期", "处置中过期"}
    rule = next(r for r in chapters.supervision_rules() if r.code == "security.risk_treatment_overdue")
    rows = {row["pk"]: row for row in rule.query(timezone.now()).values("pk", "owner_org_id", "breach_started_at")}
    assert set(rows) == {yesterday.pk, treating.pk}
    assert rows[yesterday.pk]["owner_org_id"] == org("360102").pk and rows[yesterday.pk]["breach_started_at"]


def test_the_heat_map_counts_open_risks_in_scope(donghu, reviewer, web):
    risk("360102", likelihood=4, impact=5)
    risk("360102", likelihood=4, impact=5)
    risk("360102", likelihood=1, impact=2)
    risk("360102", likelihood=5, impact=5, status="closed")  # closed: not on the map
    risk("360400", likelihood=3, impact=3)  # another city's: not the county's
    county = web(donghu).get(reverse("security:risk-heat-map"))
    assert county.status_code == 200
    assert sorted(county.context["chart_data"]["cells"]) == [[0, 1, 1], [3, 4, 2]]
    assert county.context["total"] == 3
    page = county.content.decode()
    assert 'id="risk-heat-map-data"' in page and "vendor/echarts/echarts.min.js" in page
    assert 'data-likelihood="4" data-impact="5">2<' in page
    province = web(reviewer).get(reverse("security:risk-heat-map"))
    assert province.context["total"] == 4 and [2, 2, 1] in province.context["chart_data"]["cells"]


def test_the_heat_map_needs_the_permission(make_user, web):
    assert web(make_user("sys_admin", "sys_admin", "360000")).get(reverse("security:risk-heat-map")).status_code == 403


def test_bad_input_is_400_in_chinese(donghu, api):
    due = timezone.localdate().isoformat()
    response = api(donghu).post(URL, {"owner_org": "360102", "threat": "无主", "likelihood": 6, "impact": 0,
                                      "owner_name": "张三", "treatment": "加固", "due_on": due}, format="json")
    assert response.status_code == 400
    assert {"likelihood", "impact"} <= set(response.json())
    assert "5" in str(response.json()["likelihood"])
    response = api(donghu).post(URL, {"owner_org": "360102", "threat": "无主", "likelihood": 2, "impact": 2,
                                      "owner_name": "张三", "treatment": "加固", "due_on": due}, format="json")
    assert response.status_code == 400 and "资产" in str(response.json()["asset"])
    assert not Risk.objects.exists()


def test_a_stale_edit_is_409(donghu, api, web):
    made = risk("360102")
    client = api(donghu)
    assert client.patch(f"{URL}{made.pk}/", {"status": "treating", "version": 1}, format="json").status_code == 200
    assert client.patch(f"{URL}{made.pk}/", {"status": "closed", "version": 1}, format="json").status_code == 409
    made.refresh_from_db()
    assert (made.status, made.version) == ("treating", 2)


def test_findings_open_rectifications_for_the_assessed_unit(donghu, web):
    made = assessment("360102", findings=("弱口令账号", "日志留存不足"))
    opened = Rectification.objects.filter(owner_org=org("360102"))
    assert opened.count() == 2 and set(opened.values_list("status", flat=True)) == {"open"}
    finding = made.findings.get(order=1)
    assert finding.rectification.source == finding
    page = web(donghu).get(reverse("security:assessment-detail", args=[made.pk])).content.decode()
    assert reverse("workflow:rectification-detail", args=[finding.rectification_id]) in page
    listing = web(donghu).get(reverse("workflow:rectification-list"))
    assert "弱口令账号" in listing.content.decode()


def test_demo_risks_and_assessments():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    assert Risk.objects.overdue().count() == 2
    assert {level_of(r.score) for r in Risk.objects.all()} >= {"low", "medium", "high", "critical"}
    assert Rectification.objects.filter(title__startswith="安全检查问题").count() == 3
    counts = (Risk.objects.count(), Rectification.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Risk.objects.count(), Rectification.objects.count()) == counts
