"""Demo data of budgets (第十九条): 2026 plans of several org units in every state (draft, submitted, returned and
resubmitted, signed off with actual amounts), a few 2025 plans, and units without a plan in the summary.

Signing off needs the head of each org unit (role org_admin): the demo users donghu_admin, nanchang_admin and
jiujiang_admin (seed_demo). Idempotent: plans are found by (org unit, year); every state change goes
through the engine.
"""

from decimal import Decimal

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .lifecycle import ItemInput, save_plan
from .models import BudgetPlan

ITEMS = {
    "360102": [
        ("赣服通东湖区分厅应用运维服务", "software_maintenance", "480000", "452000"),
        ("政务云资源租用（东湖区专区）", "cloud_resources", "260000", "260000"),
        ("等保测评与渗透测试", "security", "120000", "138500"),
        ("自助终端硬件维保", "hardware", "90000", None),
    ],
    "360100": [
        ("赣服通南昌市分厅应用运维服务", "software_maintenance", "1200000", None),
        ("政务云资源租用（南昌市专区）", "cloud_resources", "680000", None),
        ("7×24小时运行监测与值守", "operations_services", "360000", None),
        ("网络安全监测服务", "security", "300000", None),
    ],
    "360400": [
        ("赣服通九江市分厅应用运维服务", "software_maintenance", "900000", "610000"),
        ("政务云资源租用（九江市专区）", "cloud_resources", "450000", "480000"),
        ("数据回流接口改造", "software_maintenance", "150000", "0"),
        ("运营推广服务", "operations_services", "200000", "95000"),
    ],
    "360402": [
        ("赣服通濂溪区专区运维服务", "software_maintenance", "220000", None),
        ("安全加固", "security", "60000", None),
    ],
    "D3601": [
        ("公安专区应用运维服务", "software_maintenance", "1500000", None),
        ("出入境预约接口扩容", "hardware", "400000", None),
        ("其他", "other", "50000", None),
    ],
}

# org, year, title, steps [(action, actor, comment)] after creation; items: the 2026 items (actuals of 2025 = planned)
PLANS = [
    ("360102", 2026, "东湖区2026年赣服通运维经费计划",
     [("submit", "donghu_submitter", ""), ("sign_off", "donghu_admin", "同意，按计划执行。")]),
    ("360100", 2026, "南昌市2026年赣服通运维经费计划",
     [("submit", "nanchang_submitter", ""),
      ("return", "nanchang_admin", "云资源租用单价偏高，请按政务云最新目录价重新测算。"),
      ("submit", "nanchang_submitter", "")]),
    ("360400", 2026, "九江市2026年赣服通运维经费计划",
     [("submit", "jiujiang_submitter", ""), ("sign_off", "jiujiang_admin", "")]),
    ("360402", 2026, "濂溪区2026年赣服通运维经费计划", []),
    ("D3601", 2026, "省公安厅2026年公安专区运维经费计划", [("submit", "dept_submitter", "")]),
    ("360102", 2025, "东湖区2025年赣服通运维经费计划",
     [("submit", "donghu_submitter", ""), ("sign_off", "donghu_admin", "")]),
    ("360100", 2025, "南昌市2025年赣服通运维经费计划",
     [("submit", "nanchang_submitter", ""), ("sign_off", "nanchang_admin", "")]),
]


def _items(org_code, year):
    rows = []
    for name, category, planned, actual in ITEMS[org_code]:
        actual_amount = Decimal(actual) if actual is not None else None
        if year < 2026:  # last year's plan is closed: every item has its actual amount
            actual_amount = (Decimal(planned) * Decimal("0.96")).quantize(Decimal("0.01"))
        rows.append(ItemInput(name=name, category=category, planned_amount=Decimal(planned),
                              actual_amount=actual_amount))
    return rows


def seed(users):
    if "donghu_submitter" not in users:
        return
    submitters = {u.org_unit.code: u for u in users.values() if u.org_unit_id and u.has_role("submitter")}
    for org_code, year, title, steps in PLANS:
        org = OrgUnit.objects.get(code=org_code)
        if BudgetPlan.objects.filter(owner_org=org, year=year).exists():
            continue
        author = submitters.get(org_code) or submitters.get(org.parent.code)  # a county's city may draft it
        plan = save_plan(author, items=_items(org_code, year), fields={
            "owner_org": org, "year": year, "title": title, "note": "依据第十九条，按平台实际运维需求编制。"})
        for action, actor, comment in steps:
            plan = engine.perform(BudgetPlan, plan.pk, action, users[actor], plan.version, comment)
