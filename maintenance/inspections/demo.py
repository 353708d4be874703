"""Demo data of inspections (第十六条/第十七条): checklist templates, platform inspections of several org units whose
problems opened rectifications now open, submitted, accepted or reopened, daily inspections of some units (and
none of others, so that the coverage page shows gaps), and drafts.

Idempotent: templates are found by (kind, name), inspections by their summary (each demo summary is unique).
Completion and every rectification step go through the kernel engine, as in real use.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from .lifecycle import FindingInput, complete_inspection, record_inspection
from .models import Inspection, InspectionTemplate, InspectionTemplateItem

PLATFORM_2026 = "赣服通平台巡检清单（2026版）"
DAILY_LOCAL = "市县服务专区日常巡检表"
DAILY_DEPT = "省直部门专区日常巡检表"

TEMPLATES = [
    ("platform", PLATFORM_2026, True, "省级主管部门、平台运营机构开展平台巡检使用（第十六条）。", [
        "统一身份认证登录正常（账号、刷脸、电子社保卡）",
        "首页及高频服务入口可用，无错链死链",
        "办件数据实时回流省一体化政务服务平台",
        "个人信息脱敏展示（姓名、身份证号、手机号）",
        "页面响应时间≤2秒（4G网络，首屏）",
        "适老化长辈版页面可用",
        "12345投诉及“好差评”入口可用",
        "平台公告信息更新及时、准确",
    ]),
    ("platform", "赣服通平台巡检清单（2025版）", False, "已由2026版替代，仅供查阅历史巡检。", [
        "统一身份认证登录正常",
        "首页及高频服务入口可用",
        "页面响应时间≤3秒（4G网络，首屏）",
    ]),
    ("daily", DAILY_LOCAL, True, "各地主管部门日常巡检本地接入服务使用（第十七条）。", [
        "本地接入服务入口逐项点击可用",
        "可用性监测告警已查看并处置",
        "当日投诉、差评已查看并响应",
        "办事指南、咨询电话等信息准确",
    ]),
    ("daily", DAILY_DEPT, True, "省直业务部门日常巡检本部门专区使用（第十七条）。", [
        "专区首页及服务入口可用",
        "业务系统接口调用正常，无超时",
        "当日投诉、差评已查看并响应",
    ]),
]

# summary (natural key), kind, template, org code, inspector, days ago, complete?,
# {item number (1-based): (severity, description)}, [free problems (item, severity, description)],
# rectification steps per problem in order: [(action, actor, text)] (answer = save the response and submit).
INSPECTIONS = [
    ("2026年第二季度平台巡检：东湖区分厅", "platform", PLATFORM_2026, "360102", "province_reviewer", 20, True,
     {4: ("major", "“高龄津贴申领”结果页完整显示申请人身份证号，未脱敏。"),
      5: ("minor", "“灵活就业人员社保登记”首屏加载约3.1秒。")}, [],
     [[("answer", "donghu_submitter", "结果页已按规范脱敏，仅显示前3后4位，已回归测试。"),
       ("accept", "province_reviewer", "经复核，已整改到位。")],
      [("answer", "donghu_submitter", "已压缩首屏图片并启用CDN缓存，实测1.7秒。")]]),
    ("2026年第二季度平台巡检：南昌市分厅", "platform", PLATFORM_2026, "360100", "province_reviewer", 10, True,
     {2: ("major", "“公交老年卡办理”入口跳转至已下线页面（404）。")}, [], [[]]),
    ("运营机构专项巡检：九江市分厅", "platform", PLATFORM_2026, "360400", "operator_publisher", 6, True,
     {3: ("critical", "“社会保障卡申领”办件数据连续3日未回流省一体化平台。")},
     [("夜间服务不可用", "major", "每日23:00后“住房公积金缴存查询”返回系统维护页面，未发布公告。")],
     [[("answer", "jiujiang_submitter", "已联系社保卡系统厂商修复回流接口。"),
       ("reopen", "province_reviewer", "抽查近两日办件仍未回流，请提供回流日志并彻底整改。")], []]),
    ("2026年第二季度平台巡检：江西省公安厅专区", "platform", PLATFORM_2026, "D3601", "operator_publisher", 4, True,
     {}, [], []),
    ("平台巡检（进行中）：濂溪区", "platform", PLATFORM_2026, "360402", "province_reviewer", 1, False,
     {6: ("minor", "长辈版页面“城乡低保申请”按钮字号偏小。")}, [], []),
    ("东湖区日常巡检（发现差评未响应）", "daily", DAILY_LOCAL, "360102", "donghu_submitter", 9, True,
     {3: ("minor", "2条差评超过1个工作日未回复。")}, [], [[]]),
    ("东湖区日常巡检", "daily", DAILY_LOCAL, "360102", "donghu_submitter", 1, True, {}, [], []),
    ("东湖区日常巡检（今日，待完成）", "daily", DAILY_LOCAL, "360102", "donghu_submitter", 0, False, {}, [], []),
    ("南昌市日常巡检", "daily", DAILY_LOCAL, "360100", "nanchang_submitter", 2, True, {}, [], []),
    ("九江市日常巡检", "daily", DAILY_LOCAL, "360400", "jiujiang_submitter", 12, True, {}, [], []),
    ("江西省公安厅专区日常巡检", "daily", DAILY_DEPT, "D3601", "dept_submitter", 1, True,
     {2: ("major", "出入境预约接口高峰期超时率约8%。")}, [],
     [[("answer", "dept_submitter", "已扩容接口服务器并增加限流，超时率降至0.5%以下。")]]),
]

OVERDUE = {"2026年第二季度平台巡检：南昌市分厅"}


def seed_templates(users):
    creator = users.get("province_reviewer")
    by_name = {}
    for kind, name, active, description, items in TEMPLATES:
        template, created = InspectionTemplate.objects.get_or_create(
            kind=kind, name=name, defaults={"is_active": active, "description": description, "created_by": creator})
        if created:
            for order, text in enumerate(items, start=1):
                InspectionTemplateItem.objects.create(template=template, order=order, text=text)
        by_name[name] = template
    return by_name


def _rectification_steps(rect, steps, users):
    for action, actor, text in steps:
        user = users[actor]
        rect = Rectification.objects.get(pk=rect.pk)
        if action == "answer":
            rect.response = text
            rect._change_reason = stored(lambda: _("Demo data"))
            rect.save()
            engine.perform(Rectification, rect.pk, "submit", user, rect.version)
        else:
            engine.perform(Rectification, rect.pk, action, user, rect.version, text)


def seed(users):
    if "province_reviewer" not in users:
        return
    templates = seed_templates(users)
    today = timezone.localdate()
    for (summary, kind, template_name, org_code, inspector, days_ago, complete, problems, free,
         rect_steps) in INSPECTIONS:
        if Inspection.objects.filter(summary=summary).exists():
            continue
        template = templates[template_name]
        user = users[inspector]
        findings = []
        for number, item in enumerate(template.items.order_by("order", "pk"), start=1):
            severity, description = problems.get(number, ("", ""))
            findings.append(FindingInput(check_item=item.text, result="problem" if severity else "ok",
                                         severity=severity, description=description, template_item=item))
        findings += [FindingInput(check_item=text, result="problem", severity=severity, description=description)
                     for text, severity, description in free]
        with transaction.atomic():
            inspection = record_inspection(
                user=user, kind=kind, template=template, owner_org=OrgUnit.objects.get(code=org_code),
                inspected_on=today - timedelta(days=days_ago), summary=summary, rectification_working_days=10,
                findings=findings)
            if not complete:
                continue
            inspection = complete_inspection(inspection.pk, user=user, version=inspection.version,
                                             comment="巡检完成。")
            rects = [f.rectification for f in inspection.findings.filter(rectification__isnull=False)
                     .select_related("rectification").order_by("order", "pk")]
            for rect, steps in zip(rects, rect_steps, strict=False):
                _rectification_steps(rect, steps, users)
            if summary in OVERDUE:
                # Completed weeks ago in the story: its rectification is past due, so "overdue" is visible.
                for rect in rects:
                    rect.due_at = timezone.now() - timedelta(days=2)
                    rect._change_reason = stored(lambda: _("Demo data: a rectification past its deadline"))
                    rect.save()
