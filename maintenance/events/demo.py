"""Demo data of advance filings and fault reports (第十六条), for several org units and in every state.

Advance filings: in time and late, draft, submitted, returned, acknowledged, withdrawn; one acknowledged window is
turned into a maintenance announcement by the operator. Fault reports: in every status (investigating, mitigated,
resolved, reviewed), reported in time and late; the major ones carry their fault announcement (one still a draft
for the operator, one published). Everything moves through the same functions and the workflow engine as a user
would move it. Windows and fault times are relative to today, so the data stays current.

Idempotent: a filing is found by kind and title, a fault report by org unit and title. Services are looked up by
the codes of the service catalog demo (services/demo.py); a missing one is skipped.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from services import selectors as service_selectors

from . import advance, faults
from .models import AdvanceFiling, FaultReport

# title, org, event type, window opens in (days, hour), hours, services, impact, steps [(action, user, comment)],
# announce (the operator drafts the maintenance announcement)
ADVANCE_FILINGS = [
    ("东湖区政务服务业务系统版本升级", "360102", "system_upgrade", (10, 22), 4,
     ["360102-SB-0001", "360102-MZ-0002"], "升级期间社保登记、高龄津贴申领暂停受理，已提交的申请不受影响。",
     [("submit", "donghu_submitter", ""), ("acknowledge", "province_reviewer", "已备案，请做好升级期间的咨询解释。")],
     True),
    ("南昌市住房公积金核心系统数据库迁移", "360100", "system_upgrade", (1, 23), 6, ["360100-GJJ-0001"],
     "迁移期间公积金提取无法办理，查询功能只读。",
     [("submit", "nanchang_submitter", "")], False),
    ("九江市“庐山国际马拉松”报名服务保障", "360400", "major_event", (20, 9), 10,
     ["360400-SB-0001", "360400-GJJ-0002"], "报名开启后预计访问量为平日的8倍，社保卡申领页面可能排队。", [], False),
    ("户口迁移业务系统升级（公安部接口改造）", "D3601", "system_upgrade", (2, 21), 5,
     ["D3601-HZ-0001", "D3601-CRJ-0002"], "升级期间户口迁移、出入境预约暂停，预约记录保留。",
     [("submit", "dept_submitter", ""),
      ("acknowledge", "province_reviewer", "已备案。报备时间不足3个工作日，下不为例。")],
     False),
    ("南昌市公交老年卡系统停机维护", "360100", "other", (15, 0), 3, ["360100-JT-0002"],
     "维护期间老年卡办理暂停。",
     [("submit", "nanchang_submitter", ""),
      ("return", "province_reviewer", "请补充回退方案的触发条件和决策人。")], False),
    ("东湖区不动产登记查询接口切换", "360102", "system_upgrade", (6, 20), 2, ["360102-SB-0001"],
     "切换期间查询结果可能延迟。",
     [("submit", "donghu_submitter", ""), ("withdraw", "donghu_submitter", "接口切换推迟到明年，另行报备。")], False),
]

RISKS = "升级脚本执行失败或数据校验不一致，导致服务恢复时间延长。"
FALLBACK = "保留升级前全量备份；窗口结束前1小时仍未通过验证则回滚至原版本，由值班负责人决定。"

# title, org, severity, occurred hours ago, detected after (min), reported after (min), services, impact, users,
# cause, creator, steps [(action, user, comment)], updates [(minutes after occurrence, note)], review, publish
FAULTS = [
    ("东湖区灵活就业人员社保登记无法提交", "360102", "major", 2, 8, 40, ["360102-SB-0001"],
     "提交申请时提示“系统繁忙”，群众无法完成登记。", 1200, "", "donghu_submitter", [],
     [(15, "已确认为社保业务系统接口超时，联系厂商排查。"), (50, "厂商定位为数据库连接池耗尽，正在扩容。")],
     None, False),
    ("南昌市住房公积金提取页面加载缓慢", "360100", "ordinary", 26, 30, 190, ["360100-GJJ-0001"],
     "页面首屏加载超过10秒，部分群众放弃办理。", 300, "CDN节点故障，回源流量过大。", "nanchang_submitter",
     [("mitigate", "nanchang_submitter", "已切换备用CDN，加载时间恢复到2秒以内。")],
     [(120, "确认为CDN节点故障，已报障。")], None, False),
    ("九江市社会保障卡申领接口中断", "360400", "major", 72, 5, 25, ["360400-SB-0001"],
     "社保卡申领全部失败，约2小时无法办理。", 3500, "省社保卡系统证书过期，接口握手失败。", "jiujiang_submitter",
     [("mitigate", "jiujiang_submitter", "已临时启用备用证书。"),
      ("resolve", "jiujiang_submitter", "正式证书已更新，服务恢复，积压申请已补办。")],
     [(20, "定位为证书过期。")], None, True),
    ("出入境证件办理预约短信验证码延迟", "D3601", "ordinary", 240, 20, 45, ["D3601-CRJ-0002"],
     "验证码最长延迟15分钟到达，部分预约失败。", 800, "短信通道供应商限流。", "dept_submitter",
     [("resolve", "dept_submitter", "已切换短信通道。")], [],
     ("短信通道供应商对政务短信限流，未提前告知。", "单一短信通道存在单点风险。",
      "接入第二家短信通道并配置自动切换；与供应商签订服务等级协议。"), False),
    ("濂溪区城乡低保申请附件上传失败", "360402", "ordinary", 30, 120, 320, ["360402-MZ-0001"],
     "上传大于5MB的附件失败。", 60, "", "jiujiang_submitter", [], [], None, False),
    ("赣服通统一身份认证登录超时", "OP3601", "major", 120, 3, 15, ["360102-SB-0001", "360100-GJJ-0001"],
     "全省用户登录超时约40分钟，所有需登录的服务受影响。", 52000, "认证服务集群扩容时配置错误。",
     "operator_publisher",
     [("mitigate", "operator_publisher", "回滚扩容配置，登录恢复。"),
      ("resolve", "operator_publisher", "配置已修正并完成压测。")],
     [(10, "认证集群响应超时，启动应急预案。"), (35, "确认与当日扩容变更相关，开始回滚。")],
     ("认证服务集群扩容变更未经灰度验证，配置模板错误导致会话服务不可用。",
      "平台级变更必须提前报备并灰度发布。", "变更纳入提前报备管理；扩容配置增加自动校验；应急预案补充回滚时限。"),
     True),
]


def _services(codes):
    return [s for s in (service_selectors.find_service_by_code(c) for c in codes) if s is not None]


def _window_start(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour % 24)))


def seed(users):
    seed_advance_filings(users)
    seed_faults(users)


def seed_advance_filings(users):
    orgs = {o.code: o for o in OrgUnit.objects.filter(code__in={row[1] for row in ADVANCE_FILINGS})}
    for title, org_code, event_type, (days, hour), hours, codes, impact, steps, announce in ADVANCE_FILINGS:
        if Filing.objects.filter(kind=advance.KIND, title=title).exists():
            continue
        services = _services(codes)
        if not services or org_code not in orgs:
            continue
        creator = users[steps[0][1]] if steps else next(
            (u for u in users.values() if u.org_unit_id == orgs[org_code].pk and u.has_role("submitter")), None)
        filing = Filing.objects.create(kind=advance.KIND, owner_org=orgs[org_code], title=title, summary=impact,
                                       created_by=creator)
        start = _window_start(days, hour)
        details = AdvanceFiling.objects.create(
            filing=filing, event_type=event_type, window_start=start, window_end=start + timedelta(hours=hours),
            expected_impact=impact, risk=RISKS, fallback_plan=FALLBACK,
            contact=f"{creator.full_name if creator else '值班员'} 0791-8600{len(title):04d}",
        )
        details.services.set(services)
        for action, username, comment in steps:
            filing = engine.perform(Filing, filing.pk, action, users[username], filing.version, comment)
        if announce and "operator_publisher" in users:
            advance.draft_announcement(filing.pk, users["operator_publisher"])


def seed_faults(users):
    now = timezone.now()
    orgs = {o.code: o for o in OrgUnit.objects.filter(code__in={row[1] for row in FAULTS})}
    for (title, org_code, severity, hours_ago, detect_min, report_min, codes, impact, affected, cause, creator,
         steps, updates, review, publish) in FAULTS:
        if org_code not in orgs or FaultReport.objects.filter(owner_org=orgs[org_code], title=title).exists():
            continue
        occurred = now - timedelta(hours=hours_ago)
        author = users[creator]
        fault = faults.report_fault(
            user=author, services=_services(codes), owner_org=orgs[org_code], title=title, severity=severity,
            occurred_at=occurred, detected_at=occurred + timedelta(minutes=detect_min),
            reported_at=occurred + timedelta(minutes=report_min), impact=impact, affected_users=affected, cause=cause,
        )
        for minutes, note in updates:
            faults.add_update(fault, user=author, at=occurred + timedelta(minutes=minutes), note=note)
        for action, username, comment in steps:
            fault = engine.perform(FaultReport, fault.pk, action, users[username], fault.version, comment)
        if review:
            fault = engine.perform(FaultReport, fault.pk, "review", users["province_reviewer"], fault.version,
                                   payload={"cause": review[0], "lessons": review[1], "measures": review[2]})
        if publish and fault.announcement_id and "operator_publisher" in users:
            notice = Announcement.objects.get(pk=fault.announcement_id)
            engine.perform(Announcement, notice.pk, "publish", users["operator_publisher"], notice.version)
