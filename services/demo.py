"""Demo data of the service catalog (第十条): two versions of the technical management standard, services of
several org units in every status, and passed and failed full-process self-tests.

Idempotent: standards are found by version, services by code, self-tests by (service, standard, date).
Services that were already on the platform when the back office started are created in their status
("listed", "delisted") rather than driven through filings; new listings go through filings
(services/demo_filings.py, by the service-filings slice, when present).
"""

import importlib
import importlib.util
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit

from .catalog import ItemResult, activate_standard, record_self_test
from .models import SelfTestReport, Service, StandardItem, TechStandard

STANDARD_TITLE = "赣服通平台技术管理规范"

# version, published on, note, [(item text, required)]
STANDARDS = [
    ("1.0", date(2024, 3, 15), "首版规范，2025年9月起由2.0版替代。", [
        ("统一身份认证接入（赣服通统一账号登录，不另设注册）", True),
        ("办件数据回流省一体化政务服务平台", True),
        ("个人信息脱敏展示（姓名、身份证号、手机号）", True),
        ("页面响应时间≤3秒（4G网络，首屏）", True),
        ("异常提示友好，不向用户展示技术报错信息", True),
        ("接入“好差评”评价入口", False),
    ]),
    ("2.0", date(2025, 9, 1), "依据《赣服通平台运行管理暂行办法》修订，新增适老化、电子证照等要求。", [
        ("统一身份认证接入（赣服通统一账号登录，不另设注册）", True),
        ("适老化与无障碍（长辈版页面、读屏软件可用）", True),
        ("办件数据实时回流省一体化政务服务平台", True),
        ("个人信息脱敏展示（姓名、身份证号、手机号）", True),
        ("页面响应时间≤2秒（4G网络，首屏）", True),
        ("异常提示友好，不向用户展示技术报错信息", True),
        ("电子证照调用，已有证照的材料免提交", True),
        ("办事指南、咨询电话等使用说明完整", False),
    ]),
]

# code, name, org code, zone, category, status, days since listed (listed/delisted), days since delisted
SERVICES = [
    ("360102-SB-0001", "东湖区灵活就业人员社保登记", "360102", "", "public_service", "listed", 400, None),
    ("360102-MZ-0002", "东湖区高龄津贴申领", "360102", "", "administrative", "listed", 300, None),
    ("360102-JY-0003", "东湖区义务教育入学报名", "360102", "", "public_service", "ready", None, None),
    ("360102-WJ-0004", "东湖区出生医学证明办理预约", "360102", "", "public_service", "planned", None, None),
    ("360102-CX-0005", "东湖区不动产登记进度查询", "360102", "", "query", "delisted", 500, 40),
    ("360100-GJJ-0001", "南昌市住房公积金提取", "360100", "", "public_service", "listed", 600, None),
    ("360100-JT-0002", "南昌市公交老年卡办理", "360100", "", "convenience", "listed", 200, None),
    ("360100-SC-0003", "南昌市个体工商户设立登记", "360100", "", "administrative", "planned", None, None),
    ("360100-CX-0004", "南昌市机动车违停记录查询", "360100", "", "query", "ready", None, None),
    ("360100-YB-0005", "南昌市医保异地就医备案", "360100", "", "public_service", "planned", None, None),
    ("360400-SB-0001", "九江市社会保障卡申领", "360400", "", "public_service", "listed", 450, None),
    ("360400-GJJ-0002", "九江市住房公积金缴存查询", "360400", "", "query", "listed", 380, None),
    ("360400-MZ-0003", "九江市婚姻登记预约", "360400", "", "public_service", "ready", None, None),
    ("360400-WH-0004", "九江市公共文化场馆预约", "360400", "", "convenience", "delisted", 350, 15),
    ("360400-JY-0005", "九江市中小学学籍信息查询", "360400", "", "query", "planned", None, None),
    ("360402-MZ-0001", "濂溪区城乡低保申请", "360402", "", "administrative", "planned", None, None),
    ("D3601-HZ-0001", "户口迁移网上办理", "D3601", "公安专区", "administrative", "listed", 700, None),
    ("D3601-CRJ-0002", "出入境证件办理预约", "D3601", "公安专区", "public_service", "listed", 650, None),
    ("D3601-JJ-0003", "驾驶证期满换证", "D3601", "公安专区", "administrative", "ready", None, None),
    ("D3601-HZ-0004", "居住证申领", "D3601", "公安专区", "administrative", "planned", None, None),
    ("D3601-CX-0005", "无犯罪记录证明开具", "D3601", "公安专区", "public_service", "delisted", 420, 60),
    ("D3602-SB-0001", "养老保险待遇资格认证", "D3602", "人社专区", "public_service", "listed", 520, None),
]

DESCRIPTIONS = {
    "public_service": "面向群众和企业提供的公共服务事项，全程网办。",
    "administrative": "依申请办理的行政权力事项，在线提交材料，结果电子送达。",
    "query": "查询类服务，实时对接业务系统数据。",
    "convenience": "便民服务，线上预约、线下办理。",
}

# code, standard version, days ago, tester, {item number (1-based): failure note}. No failures = passed.
SELF_TESTS = [
    ("360102-SB-0001", "1.0", 420, "刘东湖", {}),
    ("360102-SB-0001", "2.0", 30, "刘东湖", {}),
    ("360102-MZ-0002", "1.0", 320, "刘东湖", {}),
    ("360102-JY-0003", "2.0", 20, "刘东湖", {}),
    ("360102-WJ-0004", "2.0", 12, "刘东湖", {2: "长辈版页面字号未放大，读屏软件无法识别预约按钮。",
                                             5: "首屏加载约3.4秒，需压缩图片并启用缓存。"}),
    ("360102-WJ-0004", "2.0", 3, "刘东湖", {5: "优化后首屏约2.3秒，仍未达标。"}),
    ("360102-CX-0005", "1.0", 520, "刘东湖", {}),
    ("360100-GJJ-0001", "1.0", 620, "陈南昌", {}),
    ("360100-GJJ-0001", "2.0", 45, "陈南昌", {}),
    ("360100-JT-0002", "1.0", 220, "陈南昌", {}),
    ("360100-SC-0003", "2.0", 6, "陈南昌", {}),
    ("360100-CX-0004", "2.0", 25, "陈南昌", {}),
    ("360100-YB-0005", "2.0", 8, "陈南昌", {4: "备案结果页完整显示身份证号，未脱敏。",
                                            7: "未调用电子社保卡，仍要求上传参保证明。"}),
    ("360400-SB-0001", "1.0", 470, "周九江", {}),
    ("360400-GJJ-0002", "1.0", 400, "周九江", {}),
    ("360400-MZ-0003", "2.0", 18, "周九江", {}),
    ("360400-WH-0004", "1.0", 370, "周九江", {}),
    ("360400-JY-0005", "2.0", 10, "周九江", {1: "仍使用独立账号登录，未接入统一身份认证。",
                                             6: "接口超时时页面直接显示“500 Internal Server Error”。"}),
    ("D3601-HZ-0001", "1.0", 720, "吴省厅", {}),
    ("D3601-HZ-0001", "2.0", 50, "吴省厅", {}),
    ("D3601-CRJ-0002", "1.0", 670, "吴省厅", {}),
    ("D3601-JJ-0003", "2.0", 22, "吴省厅", {}),
    ("D3601-HZ-0004", "2.0", 5, "吴省厅", {}),
    ("D3601-CX-0005", "1.0", 440, "吴省厅", {}),
    ("D3602-SB-0001", "1.0", 540, "人社厅测试组", {}),
]

PASS_NOTES = {
    1: "已接入赣服通统一身份认证，支持刷脸登录。",
    3: "办件数据按分钟级回流，抽查10笔一致。",
    5: "4G网络下首屏加载约1.6秒。",
}


def _ago(days):
    if days is None:
        return None
    # 10:00 Beijing time, `days` ago.
    return timezone.now().replace(hour=2, minute=0, second=0, microsecond=0) - timedelta(days=days)


def seed_standards(users):
    reviewer = users.get("province_reviewer")
    by_version = {}
    for version, published_on, note, items in STANDARDS:
        standard, created = TechStandard.objects.get_or_create(
            version=version,
            defaults={"title": STANDARD_TITLE, "published_on": published_on, "note": note, "created_by": reviewer},
        )
        if created:
            for order, (text, required) in enumerate(items, start=1):
                StandardItem.objects.create(standard=standard, order=order, text=text, required=required)
        by_version[version] = standard
    if TechStandard.current() is None:
        activate_standard(by_version["2.0"].pk)
    return by_version


def seed_services(users):
    creators = {u.org_unit.code: u for u in users.values() if u.org_unit_id and u.has_role("submitter")}
    orgs = {o.code: o for o in OrgUnit.objects.filter(code__in={row[2] for row in SERVICES})}
    services = {}
    for code, name, org_code, zone, category, status, listed_days, delisted_days in SERVICES:
        service = Service.objects.filter(code=code).first()
        if service is None:
            entry = f"https://ganfutong.example.invalid/{org_code.lower()}/{code.split('-', 1)[1].lower()}"
            service = Service(
                code=code, name=name, owner_org=orgs[org_code], zone=zone, category=category,
                entry_url=entry, description=DESCRIPTIONS[category], created_by=creators.get(org_code),
                # Demo history: services already on (or taken off) the platform when the back office started.
                status=status, listed_at=_ago(listed_days), delisted_at=_ago(delisted_days),
            )
            service._change_reason = stored(lambda: _("Demo data"))
            service.save()
        services[code] = service
    return services


def seed_self_tests(users, standards, services):
    creators = {u.org_unit.code: u for u in users.values() if u.org_unit_id and u.has_role("submitter")}
    today = timezone.localdate()
    for code, version, days_ago, tester, failures in SELF_TESTS:
        service = services[code]
        standard = standards[version]
        tested_on = today - timedelta(days=days_ago)
        if SelfTestReport.objects.filter(service=service, standard=standard, tested_on=tested_on).exists():
            continue
        results = []
        for number, item in enumerate(standard.items.order_by("order", "pk"), start=1):
            if number in failures:
                results.append(ItemResult(item, False, failures[number]))
            else:
                results.append(ItemResult(item, True, PASS_NOTES.get(number, "")))
        passed = not failures
        record_self_test(
            service=service, standard=standard, user=creators.get(service.owner_org.code), tested_on=tested_on,
            tester=tester,
            summary="全流程自测通过，可提交上架报备。" if passed else "存在未通过项，整改后复测。",
            results=results,
        )


def seed(users):
    standards = seed_standards(users)
    services = seed_services(users)
    seed_self_tests(users, standards, services)
    # Listing, update and delisting filings of these services come from the service-filings slice.
    if importlib.util.find_spec(f"{__package__}.demo_filings") is not None:
        importlib.import_module(f"{__package__}.demo_filings").seed_filings(users)
