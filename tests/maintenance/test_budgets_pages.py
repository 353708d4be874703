"""第十九条 budget plans: the items formset, variance in SQL with sign and percentage, the life cycle through the
engine, and the summary by city with its export."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from factories import org
from factories_inspections import items_post, make_plan
from openpyxl import load_workbook

from maintenance.budgets.models import BudgetItem, BudgetPlan, BudgetPlanEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def donghu_admin(make_user):
    return make_user("donghu_admin", "org_admin", "360102")


def create(web, user, rows, **header):
    data = items_post(rows, owner_org=header.pop("owner_org", org("360102").pk), year=header.pop("year", 2026),
                      title=header.pop("title", "东湖区2026年运维经费计划"), note="", **header)
    return web(user).post(reverse("maintenance:budget-create"), data)


def test_create_with_items_ignores_blank_rows(web, donghu):
    response = create(web, donghu, [("应用运维服务", "software_maintenance", "480000", "", "含驻场"),
                                    ("云资源租用", "cloud_resources", "260000.50", "100", "")])
    assert response.status_code == 302
    plan = BudgetPlan.objects.get()
    assert [(i.order, i.name, i.planned_amount, i.actual_amount) for i in plan.items.all()] == [
        (1, "应用运维服务", Decimal("480000.00"), None), (2, "云资源租用", Decimal("260000.50"), Decimal("100.00"))]
    assert BudgetPlanEvent.objects.get(plan=plan).action == "create"


@pytest.mark.parametrize(("rows", "error_field"), [
    ([("应用运维服务", "software_maintenance", "-1", "", "")], "items-0-planned_amount"),
    ([("应用运维服务", "software_maintenance", "100", "-0.01", "")], "items-0-actual_amount"),
    ([("", "software_maintenance", "100", "", "")], "items-0-name"),
    ([("应用运维服务", "software_maintenance", "", "", "")], "items-0-planned_amount"),
    ([("应用运维服务", "software_maintenance", "abc", "", "")], "items-0-planned_amount"),
    ([("应用运维服务", "software_maintenance", "1", "", ""), ("应用运维服务", "hardware", "2", "", "")],
     "items-1-name"),
])
def test_bad_items_are_refused_and_nothing_is_saved(web, donghu, rows, error_field):
    response = create(web, donghu, rows, title="保留我的输入")
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-field-error="{error_field}"' in page
    assert "保留我的输入" in page
    assert not BudgetPlan.objects.exists() and not BudgetItem.objects.exists()


def test_a_plan_needs_at_least_one_item(web, donghu):
    response = create(web, donghu, [])
    assert response.status_code == 400
    assert response.context["formset"].non_form_errors()
    assert not BudgetPlan.objects.exists()


def test_one_plan_per_org_unit_and_year(web, donghu):
    make_plan("360102", 2026)
    response = create(web, donghu, [("应用运维服务", "software_maintenance", "1", "", "")])
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert BudgetPlan.objects.count() == 1


def test_variance_is_computed_in_sql_with_sign_and_percentage(web, donghu):
    plan = make_plan("360102", items=(("运维", "480000.00", "452000.00"), ("安全", "120000.00", "138500.00"),
                                      ("硬件", "90000.00", None)))
    annotated = BudgetPlan.objects.with_totals().get(pk=plan.pk)
    assert (annotated.planned_total, annotated.actual_total, annotated.variance) == (
        Decimal("690000.00"), Decimal("590500.00"), Decimal("-99500.00"))
    assert (annotated.variance_display, annotated.percentage_display) == ("-99,500.00", "-14.4%")
    items = {i.name: i for i in plan.items.with_variance()}
    assert (items["安全"].variance, items["安全"].percentage_display) == (Decimal("18500.00"), "+15.4%")
    assert items["硬件"].variance is None and items["硬件"].variance_display == ""
    page = web(donghu).get(reverse("maintenance:budget-detail", args=[plan.pk])).content.decode()
    assert 'data-variance="+18,500.00"' in page and 'data-variance="-99,500.00"' in page


def test_plan_list_sorts_by_variance_and_filters(web, donghu, make_user):
    make_plan("360102", 2026, items=(("a", "100", "150"),), title="超支")
    make_plan("360102", 2025, items=(("a", "100", "50"),), title="结余", status="signed_off")
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    make_plan("360400", 2026, items=(("a", "100", None),), title="九江")
    client = web(reviewer)

    def titles(**params):
        return [p.title for p in client.get(reverse("maintenance:budget-list"), params).context["object_list"]]

    assert titles(sort="-variance") == ["超支", "结余", "九江"]  # no actual yet sorts last
    assert titles(year=2025) == ["结余"]
    assert titles(status="signed_off") == ["结余"]
    assert set(titles(org=org("360100").pk)) == {"超支", "结余"}


def test_life_cycle_submit_return_resubmit_sign_off(web, donghu, donghu_admin):
    plan = make_plan("360102")
    county, head = web(donghu), web(donghu_admin)

    def act(client, action, comment=""):
        plan.refresh_from_db()
        return client.post(reverse("maintenance:budget-transition", args=[plan.pk]),
                           {"action": action, "version": plan.version, "comment": comment}, follow=True)

    act(county, "submit")
    plan.refresh_from_db()
    assert plan.status == "submitted" and plan.submitted_at
    refused = act(head, "return")
    assert b'data-message-level="error"' in refused.content
    plan.refresh_from_db()
    assert plan.status == "submitted"  # returning needs a reason
    act(head, "return", "请补充测算依据")
    plan.refresh_from_db()
    assert plan.status == "draft"
    act(county, "submit")
    act(head, "sign_off")
    plan.refresh_from_db()
    assert (plan.status, plan.signed_off_by) == ("signed_off", donghu_admin)
    assert list(plan.events.values_list("action", flat=True)) == ["submit", "return", "submit", "sign_off"]
    # Signed off: no more editing of the plan, only the actual amounts.
    assert web(donghu).get(reverse("maintenance:budget-edit", args=[plan.pk])).status_code == 403
    assert web(donghu).get(reverse("maintenance:budget-actuals", args=[plan.pk])).status_code == 200


def test_stale_edit_is_refused_and_the_input_kept(web, donghu):
    plan = make_plan("360102")
    data = items_post([("我的修改", "hardware", "1", "", "")], owner_org=plan.owner_org_id, year=2026,
                      title="我的标题", note="", version=5)
    response = web(donghu).post(reverse("maintenance:budget-edit", args=[plan.pk]), data)
    assert response.status_code == 409
    assert "我的标题" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title != "我的标题" and plan.items.get().name == "应用运维服务"


def test_edit_updates_items_in_place_and_removes_cleared_rows(web, donghu):
    plan = make_plan("360102", items=(("保留", "1", None), ("删除", "2", None)))
    keep, drop = plan.items.order_by("order")
    data = items_post([("保留（改名）", "hardware", "3", "", "", keep.pk), ("", "software_maintenance", "", "", "",
                                                                       drop.pk)],
                      extra_blank=0, owner_org=plan.owner_org_id, year=2026, title=plan.title, note="",
                      version=plan.version)
    assert web(donghu).post(reverse("maintenance:budget-edit", args=[plan.pk]), data).status_code == 302
    assert list(plan.items.values_list("pk", "name")) == [(keep.pk, "保留（改名）")]
    assert keep.history.count() == 2  # the item kept its identity and history


def test_negative_actual_is_refused_on_the_actuals_page(web, donghu):
    plan = make_plan("360102", status="signed_off")
    item = plan.items.get()
    response = web(donghu).post(reverse("maintenance:budget-actuals", args=[plan.pk]),
                                {"version": plan.version, f"item-{item.pk}-actual_amount": "-5"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.actual_amount == Decimal("90000.00")


def test_summary_by_city_aggregates_counties_and_counts_units_without_a_plan(web, make_user):
    make_plan("360100", items=(("a", "1000.00", "1200.00"),), status="signed_off")
    make_plan("360102", items=(("a", "500.00", None), ("b", "500.00", "300.00")))
    make_plan("360102", 2025, items=(("a", "99999.00", "1.00"),))  # another year
    make_plan("360400", items=(("a", "800.00", None),), status="submitted")
    make_plan("D3601", items=(("a", "7.00", None),))  # a department is not in a city
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    response = web(reviewer).get(reverse("maintenance:budget-summary"), {"year": 2026})
    rows = {c.code: c for c in response.context["rows"]}
    nanchang = rows["360100"]
    units = org("360100").__class__.objects.subtree_of(org("360100")).count()
    assert (nanchang.planned, nanchang.actual, nanchang.variance) == (Decimal("2000"), Decimal("1500"),
                                                                      Decimal("-500"))
    assert (nanchang.plan_count, nanchang.signed_off_count, nanchang.unit_count, nanchang.units_without_plan) == (
        2, 1, units, units - 2)
    assert nanchang.percentage_display == "-25.0%"
    assert (rows["360400"].planned, rows["360400"].actual, rows["360400"].plan_count) == (Decimal("800"), None, 1)
    assert rows["360500"].plan_count == 0 and rows["360500"].planned == 0
    totals = response.context["totals"]
    assert (totals["planned"], totals["plan_count"]) == (Decimal("2800"), 3)

    export = web(reviewer).get(reverse("maintenance:budget-summary"), {"year": 2026, "export": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    lines = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert lines["南昌市"][1:8] == (units, 2, 1, units - 2, 2000, 1500, -500)


def test_summary_is_one_query(make_user, django_assert_num_queries):
    from maintenance.budgets.summary import city_summary

    reviewer = make_user("province_reviewer", "reviewer", "360000")
    for code in ("360100", "360102", "360400"):
        make_plan(code)
    summary = city_summary(reviewer, 2026)
    with django_assert_num_queries(1):
        assert len(list(summary)) == 11
