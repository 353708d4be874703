"""Promotion (第十三条): the summary by city and month against figures computed here from the fixture rows, the
selector and the supervision indicator against independent figures, validation (negative or non-numeric reach, a
future date, a duplicate plan, a bad evidence file), stale edits (409), out-of-scope records (404), the Excel
exports (numbers as numbers, a `=cmd` title neutralised) and free text masked when stored."""

import io
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import org
from factories_promotion import make_activity, make_promotion_plan
from openpyxl import load_workbook
from testsupport import PEOPLE

from ganfutong_admin.core import chapters
from operations.promotion.models import PromotionActivity, PromotionEvidence, PromotionPlan
from operations.promotion.selectors import activity_figures
from operations.promotion.supervision import INDICATOR, promotion_activities

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%promotion evidence\n%%EOF\n"

# org, date, views, participants, registrations
ROWS = [
    ("360100", date(2026, 1, 8), 1000, 0, 50),
    ("360100", date(2026, 3, 2), 0, 300, 20),
    ("360102", date(2026, 1, 20), 500, 0, 7),  # 东湖区: counted with 南昌市
    ("360102", date(2026, 6, 30), 0, 80, 3),
    ("360400", date(2026, 3, 15), 2500, 0, 90),
    ("360402", date(2026, 6, 1), 40, 10, 1),  # 濂溪区: counted with 九江市
    ("D3601", date(2026, 6, 18), 9000, 0, 300),  # provincial department: the provincial level
    ("OP3601", date(2026, 12, 31), 100, 5, 2),  # the operator: the provincial level
    ("360100", date(2025, 12, 31), 7777, 7777, 7777),  # another year: not counted
]
CITY = {"360100": "360100", "360102": "360100", "360400": "360400", "360402": "360400", "D3601": "provincial",
        "OP3601": "provincial"}


@pytest.fixture
def rows():
    return [make_activity(code, title=f"活动{i}", held_on=day, views=v, participants=p, registrations=r)
            for i, (code, day, v, p, r) in enumerate(ROWS)]


def expected(seen_codes, key):
    """Independent sums over ROWS of 2026: {group: [activities, views, participants, registrations]}."""
    table = defaultdict(lambda: [0, 0, 0, 0])
    for code, day, v, p, r in ROWS:
        if day.year != 2026 or code not in seen_codes:
            continue
        entry = table[key(code, day)]
        for i, value in enumerate((1, v, p, r)):
            entry[i] += value
    return dict(table)


def figures(row):
    return [row["activities"], row["views"], row["participants"], row["registrations"]]


@pytest.mark.parametrize("who, seen", [
    ("province_reviewer", set(CITY)),
    ("auditor", set(CITY)),
    ("nanchang_submitter", {"360100", "360102"}),
    ("lianxi_submitter", {"360402"}),
])
def test_summary_by_city_and_month_matches_the_rows(rows, make_user, web, who, seen):
    role, code = PEOPLE[who]
    response = web(make_user(who, role, code)).get(reverse("operations:promotion-summary"), {"year": 2026})
    assert response.status_code == 200
    by_city = expected(seen, lambda c, d: CITY[c])
    by_month = expected(seen, lambda c, d: d.month)
    assert {c["key"]: figures(c) for c in response.context["cities"]} == by_city
    assert {m["month"]: figures(m) for m in response.context["months"] if m["activities"]} == by_month
    assert len(response.context["months"]) == 12
    assert figures(response.context["totals"]) == [sum(v[i] for v in by_city.values()) for i in range(4)]
    body = response.content.decode()
    assert 'id="promotion-chart-data"' in body and "echarts.min.js" in body
    # The tables group their figures as the office writes them (12,800 views, not 12800).
    views = figures(response.context["totals"])[1]
    assert f'<td class="text-end">{views:,}</td>' in body
    if views >= 1000:
        assert f'<td class="text-end">{views}</td>' not in body
    if who == "province_reviewer":
        assert [c["key"] for c in response.context["cities"]] == ["360100", "360400", "provincial"]
        assert "省本级" in body
    if who == "nanchang_submitter":
        assert "九江市" not in body


def test_summary_export_has_numbers_and_both_views(rows, make_user, web):
    user = make_user("province_reviewer", "reviewer", "360000")
    response = web(user).get(reverse("operations:promotion-summary"), {"year": 2026, "export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    city_sheet, month_sheet = (list(ws.iter_rows(min_row=2, values_only=True)) for ws in book.worksheets)
    nanchang = next(r for r in city_sheet if r[0] == "南昌市")
    assert list(nanchang[1:]) == expected(set(CITY), lambda c, d: CITY[c])["360100"]
    assert all(isinstance(v, int) for v in nanchang[1:])
    assert len(month_sheet) == 13  # 12 months and the total
    assert list(month_sheet[5][1:]) == expected(set(CITY), lambda c, d: d.month)[6]


def test_summary_bad_year_falls_back(rows, make_user, web):
    client = web(make_user("province_reviewer", "reviewer", "360000"))
    for year in ("abc", "99999", "-1"):
        assert client.get(reverse("operations:promotion-summary"), {"year": year}).status_code == 200


def test_summary_refused_without_the_permission(make_user, web):
    client = web(make_user("sys_admin", "sys_admin", "360000"))
    assert client.get(reverse("operations:promotion-summary")).status_code == 403


def test_selector_figures_are_one_query(rows, django_assert_num_queries):
    ids = [org(c).pk for c in ("360100", "360102", "360400")]
    with django_assert_num_queries(1):
        result = activity_figures(ids, date(2026, 1, 1), date(2026, 3, 31))
    assert result == {
        org("360100").pk: {"activities": 2, "views": 1000, "participants": 300, "registrations": 70},
        org("360102").pk: {"activities": 1, "views": 500, "participants": 0, "registrations": 7},
        org("360400").pk: {"activities": 1, "views": 2500, "participants": 0, "registrations": 90},
    }


def test_indicator_against_the_plan_or_the_default_target():
    # Q1 2026 has 90 days. 南昌市 plans 12 a year: ceil(12 × 90 / 365) = 3 for the quarter; 3 held -> 3 × 4 / 3.
    # 东湖区 plans 40: ceil(40 × 90 / 365) = 10; 5 held -> 5 × 4 / 10. 九江市 has no plan: its count, 2.
    # 濂溪区: nothing held, no plan: 0. A plan of another year does not count.
    make_promotion_plan("360100", 2026, activity_target=12)
    make_promotion_plan("360102", 2026, activity_target=40)
    make_promotion_plan("360400", 2025, activity_target=1)
    for i, day in enumerate((date(2026, 1, 1), date(2026, 2, 10), date(2026, 3, 31))):
        make_activity("360100", title=f"南昌{i}", held_on=day)
    make_activity("360100", title="四月", held_on=date(2026, 4, 1))
    make_activity("360100", title="去年", held_on=date(2025, 12, 31))
    for i in range(5):
        make_activity("360102", title=f"东湖{i}", held_on=date(2026, 2, 1 + i))
    make_activity("360400", title="九江1", held_on=date(2026, 1, 5))
    make_activity("360400", title="九江2", held_on=date(2026, 3, 5))
    units = {c: org(c).pk for c in ("360100", "360102", "360400", "360402")}
    result = promotion_activities(units.values(), date(2026, 1, 1), date(2026, 3, 31))
    assert result == {units["360100"]: Decimal("4.00"), units["360102"]: Decimal("2.00"), units["360400"]: 2,
                      units["360402"]: 0}
    assert promotion_activities.targets(units.values(), date(2026, 1, 1), date(2026, 3, 31)) == {
        units["360100"]: 3, units["360102"]: 10}
    # A year: the plan's whole number.
    assert promotion_activities([units["360100"]], date(2026, 1, 1), date(2026, 12, 31)) == {
        units["360100"]: Decimal("1.33")}  # 4 held × 4 / 12


def test_indicator_is_declared_through_the_chapter_contract():
    declared = {i.code: i for i in chapters.evaluation_indicators()}
    assert declared[INDICATOR].measure is promotion_activities
    assert declared[INDICATOR].article == "第十三条"


def _activity_data(owner="360102", **extra):
    return {"owner_org": org(owner).pk, "title": "社区宣传", "mode": "offline", "channel": "service_hall",
            "held_on": "2026-04-02", "views": "0", "participants": "120", "registrations": "15",
            "description": "", **extra}


@pytest.mark.parametrize("field, value", [
    ("views", "-1"), ("participants", "-5"), ("registrations", "abc"), ("views", "1.5"),
    ("registrations", "99999999999"), ("held_on", "2026-13-40"),
])
def test_bad_reach_figures_are_refused(make_user, web, field, value):
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.post(reverse("operations:promotion-create"), _activity_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not PromotionActivity.objects.exists()


def test_negative_reach_has_a_chinese_message(make_user, web):
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.post(reverse("operations:promotion-create"), _activity_data(views="-1"))
    assert "0" in response.context["form"].errors["views"][0]
    assert "整数" in response.context["form"].errors["views"][0]
    assert 'value="社区宣传"' in response.content.decode()  # nothing typed is lost


def test_future_date_is_refused(make_user, web):
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(reverse("operations:promotion-create"), _activity_data(held_on=tomorrow))
    assert response.status_code == 400
    assert "held_on" in response.context["form"].errors
    assert not PromotionActivity.objects.exists()


def test_duplicate_plan_is_refused_with_a_clear_error(make_user, web):
    make_promotion_plan("360102", 2026)
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.post(reverse("operations:promotion-plan-create"), {
        "owner_org": org("360102").pk, "year": "2026", "goals": "再来一份", "planned_activities": "同上",
        "activity_target": "3"})
    assert response.status_code == 400
    assert "东湖区" in response.context["form"].errors["year"][0]
    assert PromotionPlan.objects.count() == 1


@pytest.mark.parametrize("target", ["0", "-3", "x"])
def test_plan_target_must_be_positive(make_user, web, target):
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.post(reverse("operations:promotion-plan-create"), {
        "owner_org": org("360102").pk, "year": "2026", "goals": "目标", "planned_activities": "活动",
        "activity_target": target, "channels": ["nonsense"]})
    assert response.status_code == 400
    assert {"activity_target", "channels"} <= set(response.context["form"].errors)


def test_stale_edit_is_409_and_keeps_the_record(make_user, web):
    activity = make_activity("360102", title="原标题")
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    url = reverse("operations:promotion-edit", args=[activity.pk])
    assert client.post(url, {**_activity_data(title="第一次"), "version": 1}).status_code == 302
    response = client.post(url, {**_activity_data(title="第二次"), "version": 1})
    assert response.status_code == 409
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("第一次", 2)
    assert 'value="第二次"' in response.content.decode()


def test_out_of_scope_records_are_404(make_user, web):
    activity = make_activity("360400", title="九江的活动")
    plan = make_promotion_plan("360400")
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    for url in (reverse("operations:promotion-detail", args=[activity.pk]),
                reverse("operations:promotion-edit", args=[activity.pk]),
                reverse("operations:promotion-plan-detail", args=[plan.pk]),
                reverse("operations:promotion-plan-edit", args=[plan.pk]),
                f"/api/v1/operations/promotion-activities/{activity.pk}/"):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("operations:promotion-edit", args=[activity.pk]),
                           {**_activity_data(owner="360102"), "version": 1})
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.owner_org.code == "360400"


def test_evidence_upload_download_and_scope(make_user, web, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.post(reverse("operations:promotion-create"), {
        **_activity_data(), "evidence_file": SimpleUploadedFile("现场照片.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    evidence = PromotionEvidence.objects.get()
    url = reverse("operations:promotion-evidence", args=[evidence.pk])
    detail = client.get(reverse("operations:promotion-detail", args=[evidence.activity_id]))
    assert url in detail.content.decode()
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    other = web(make_user("jiujiang_submitter", "submitter", "360400"))
    assert other.get(url).status_code == 404


def test_a_web_page_named_pdf_is_refused(make_user, web, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.post(reverse("operations:promotion-create"), {
        **_activity_data(), "evidence_file": SimpleUploadedFile("a.pdf", b"<html><script>x</script></html>")})
    assert response.status_code == 400
    assert "evidence_file" in response.context["form"].errors
    assert not PromotionActivity.objects.exists() and not PromotionEvidence.objects.exists()


def test_activity_export_neutralises_formulas_and_keeps_numbers(make_user, web):
    make_activity("360102", title="=cmd|' /C calc'!A0", views=1234, participants=5, registrations=6)
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    response = client.get(reverse("operations:promotion-list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = [c.value for c in sheet[2]]
    assert row[3] == "'=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert row[6:9] == [1234, 5, 6]


def test_list_filters(make_user, web):
    make_activity("360100", title="南昌直播", mode="online", channel="live_stream", held_on=date(2026, 2, 1))
    make_activity("360102", title="东湖大厅", mode="offline", channel="service_hall", held_on=date(2026, 5, 1))
    make_activity("360400", title="九江转发", mode="online", channel="repost", held_on=date(2026, 5, 3))
    client = web(make_user("province_reviewer", "reviewer", "360000"))
    url = reverse("operations:promotion-list")

    def titles(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {a.title for a in response.context["object_list"]}

    assert titles(org=org("360100").pk) == {"南昌直播", "东湖大厅"}
    assert titles(channel="repost") == {"九江转发"}
    assert titles(mode="online") == {"南昌直播", "九江转发"}
    assert titles(held_from="2026-04-01", held_to="2026-05-02") == {"东湖大厅"}
    assert titles(q="直播") == {"南昌直播"}
    assert titles(views="-1", held_from="not-a-date") == {"南昌直播", "东湖大厅", "九江转发"}
    api = client.get("/api/v1/operations/promotion-activities/", {"channel": "live_stream"}).json()
    assert [r["title"] for r in api["results"]] == ["南昌直播"]


def test_personal_numbers_in_free_text_are_masked_when_stored():
    activity = make_activity("360102", description="联系人13812345678，现场咨询")
    activity.refresh_from_db()
    assert "13812345678" not in activity.description and "138****5678" in activity.description


def test_forms_start_with_the_users_unit_and_year_and_edit_dates_fit_a_date_input(make_user, web):
    client = web(make_user("donghu_submitter", "submitter", "360102"))
    form = client.get(reverse("operations:promotion-create")).context["form"]
    assert form["owner_org"].value() == org("360102").pk
    plan_form = client.get(reverse("operations:promotion-plan-create")).context["form"]
    assert (plan_form["owner_org"].value(), plan_form["year"].value()) == (org("360102").pk, date.today().year)
    activity = make_activity("360102", held_on=date(2026, 3, 15))
    page = client.get(reverse("operations:promotion-edit", args=[activity.pk])).content.decode()
    assert 'value="2026-03-15"' in page
