"""Demo filings of service management (第十条–第十一条), called by services/demo.py after the catalog demo.

Listing-list filings; listing, update and delisting filings in several states (draft, submitted, returned,
approved); an emergency delisting whose written filing is overdue and one whose written filing was submitted on
time. Everything moves through the workflow engine and services/lifecycle.py, as a user would move it.

Idempotent: each filing is found by its title first; a filing whose service is no longer in the state the story
needs (someone changed it on a demo site) is skipped.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing

from . import lifecycle
from .models import ChangeKind, Service, ServiceChangeFiling, ServiceListFiling

KIND_OF_CHANGE = {ChangeKind.LISTING: "service_listing", ChangeKind.UPDATE: "service_update",
                  ChangeKind.DELISTING: "service_delisting"}

# title, org code, period, service codes, note, steps [(action, username, comment)]
LIST_FILINGS = [
    ("东湖区2026年第四季度上架服务清单", "360102", "2026-Q4", ["360102-WJ-0004"],
     "出生医学证明办理预约完成适老化整改后上架。",
     [("submit", "donghu_submitter", ""), ("approve", "province_reviewer", "清单完整，按计划推进。")]),
    ("南昌市2027年上架服务清单", "360100", "2027", ["360100-SC-0003", "360100-YB-0005"],
     "个体工商户设立登记、医保异地就医备案计划2027年上半年上架。", []),
    ("江西省公安厅2026年下半年上架服务清单", "D3601", "2026-H2", ["D3601-HZ-0004"],
     "居住证申领纳入公安专区。", [("submit", "dept_submitter", "")]),
]

# title, service code, change, description, planned in days (or None), steps
CHANGE_FILINGS = [
    ("南昌市个体工商户设立登记上架报备", "360100-SC-0003", ChangeKind.LISTING,
     "已完成2.0版技术管理规范全流程自测，申请上架南昌分厅“企业开办”栏目。", 14,
     [("submit", "nanchang_submitter", "")]),
    ("居住证申领上架报备", "D3601-HZ-0004", ChangeKind.LISTING,
     "居住证申领全流程网办，已通过2.0版全流程自测。", 7,
     [("submit", "dept_submitter", ""), ("approve", "province_reviewer", "自测报告完整，同意上架。")]),
    ("东湖区出生医学证明办理预约上架报备", "360102-WJ-0004", ChangeKind.LISTING,
     "计划上架东湖区分厅“出生一件事”栏目（自测未通过项整改中）。", 30, []),
    ("南昌市住房公积金提取服务更新报备", "360100-GJJ-0001", ChangeKind.UPDATE,
     "新增“提取至他行账户”功能，调整办事指南中的材料清单。", 10,
     [("submit", "nanchang_submitter", ""),
      ("return", "province_reviewer", "请补充他行账户提取的资金安全措施说明。")]),
    ("户口迁移网上办理服务更新报备", "D3601-HZ-0001", ChangeKind.UPDATE,
     "新增“跨省迁入”在线办理，迁出地无需再跑。", 5,
     [("submit", "dept_submitter", ""), ("approve", "province_reviewer", "同意更新。")]),
    ("九江市社会保障卡申领服务更新报备", "360400-SB-0001", ChangeKind.UPDATE,
     "申领页面接入电子照片库，免上传照片。", 20, []),
    ("南昌市公交老年卡办理下架报备", "360100-JT-0002", ChangeKind.DELISTING,
     "公交老年卡业务并入“老年人优待证”一件事，原服务停止办理，群众可通过“南昌市老年人优待证办理”申请。", 10,
     [("submit", "nanchang_submitter", ""), ("approve", "province_reviewer", "同意下架，请运营机构发布公告。")]),
    ("九江市住房公积金缴存查询下架报备", "360400-GJJ-0002", ChangeKind.DELISTING,
     "查询功能已整合至“九江市住房公积金”综合服务，原入口下架。", 15,
     [("submit", "jiujiang_submitter", "")]),
]

# The new values an update filing carries (第十一条: the only way a listed service's name, code or entry URL changes;
# applied when the filing is approved). Demo addresses stay on the reserved .invalid domain (never reachable).
NEW_VALUES = {
    "南昌市住房公积金提取服务更新报备": {"new_name": "住房公积金提取（含他行账户）"},
    "九江市社会保障卡申领服务更新报备": {"new_entry_url": "https://ganfutong.example.invalid/360400/sb-0001-v2"},
}

# title, service code, reporter username, days before now, reported by, reported to, reason, written account
EMERGENCY_DELISTINGS = [
    ("东湖区灵活就业人员社保登记紧急下架", "360102-SB-0001", "donghu_submitter", 7,
     "刘东湖（东湖区政务服务管理办公室）", "王审核（省政务服务管理办公室值班室）",
     "社保登记接口返回他人参保信息，存在个人信息泄露风险，需立即下架排查。", None),
    ("出入境证件办理预约紧急下架", "D3601-CRJ-0002", "operator_publisher", 0,
     "赵运营（平台运营机构值班）", "王审核（省政务服务管理办公室值班室）",
     "预约系统遭受异常流量攻击，号源被恶意抢占，需立即下架处置。",
     "预约系统受到异常流量攻击，已于当日下架并启用人机验证、限流措施；省公安厅已完成整改，计划复测后重新申请上架。"),
]


def _do(filing, steps, users):
    for action, username, comment in steps:
        user = users.get(username)
        if user is None:
            return filing
        filing = engine.perform(Filing, filing.pk, action, user, filing.version, comment)
    return filing


def seed_list_filings(users):
    for title, org_code, period, codes, note, steps in LIST_FILINGS:
        if Filing.objects.filter(title=title).exists():
            continue
        services = list(Service.objects.filter(code__in=codes))
        creator = next((u for u in users.values() if u.org_unit_id and u.org_unit.code == org_code
                        and u.has_role("submitter")), None)
        if len(services) != len(codes) or creator is None:
            continue
        with transaction.atomic():
            filing = Filing.objects.create(kind="service_list", owner_org=OrgUnit.objects.get(code=org_code),
                                           title=title, summary=note, created_by=creator)
            details = ServiceListFiling.objects.create(filing=filing, period=period, note=note)
            details.services.set(services)
            _do(filing, steps, users)


def seed_change_filings(users):
    today = timezone.localdate()
    for title, code, change, description, planned_days, steps in CHANGE_FILINGS:
        if Filing.objects.filter(title=title).exists():
            continue
        service = Service.objects.filter(code=code).select_related("owner_org").first()
        if service is None:
            continue
        needed = lifecycle.LISTABLE_STATES if change == ChangeKind.LISTING else ("listed",)
        if service.status not in needed or lifecycle.open_change_filing(service, change) is not None:
            continue
        creator = next((u for u in users.values() if u.org_unit_id == service.owner_org_id
                        and u.has_role("submitter")), None)
        try:
            with transaction.atomic():
                filing = Filing.objects.create(kind=KIND_OF_CHANGE[change], owner_org=service.owner_org,
                                               title=title, summary=description[:500], created_by=creator)
                ServiceChangeFiling.objects.create(
                    filing=filing, service=service, change=change, description=description,
                    planned_on=today + timedelta(days=planned_days) if planned_days is not None else None,
                    **NEW_VALUES.get(title, {}))
                _do(filing, steps, users)
        except engine.TransitionError:
            # e.g. no passed self-test under the standard in force on this site: this story is skipped whole.
            continue


def seed_emergency_delistings(users):
    for title, code, reporter, days_ago, reported_by, reported_to, reason, written in EMERGENCY_DELISTINGS:
        if Filing.objects.filter(title=title).exists():
            continue
        service = Service.objects.filter(code=code, status="listed").first()
        user = users.get(reporter)
        if service is None or user is None:
            continue
        reported_at = timezone.now() - timedelta(days=days_ago, hours=2)
        with transaction.atomic():
            filing = lifecycle.report_emergency_delisting(
                service=service, user=user, reported_by=reported_by, reported_to=reported_to,
                reported_at=reported_at, reason=reason)
            filing.title = title
            filing._change_reason = stored(lambda: _("Demo data"))
            filing.save(update_fields=["title", "updated_at"])
            if written:
                details = filing.service_change
                details.description = written
                details.save(update_fields=["description"])
                owner = next((u for u in users.values() if u.org_unit_id == service.owner_org_id
                              and u.has_role("submitter")), None)
                if owner is not None:
                    engine.perform(Filing, filing.pk, "submit_written", owner, filing.version,
                                   "书面报备已按时提交。")


def seed_filings(users):
    seed_list_filings(users)
    seed_change_filings(users)
    seed_emergency_delistings(users)
