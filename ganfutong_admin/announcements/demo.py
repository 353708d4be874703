"""Demo announcements: public, scheduled, expired, withdrawn and a draft, in every category.

Written by the operator's publisher, owned by the operator (OP3601). Idempotent by title: an existing title is
left as it is. Times are relative to the moment of seeding, so a fresh demo always shows every state.
"""

from datetime import timedelta

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .models import Announcement

# title, category, body, publish offset (days; None = at publication), expiry offset (days), steps
ANNOUNCEMENTS = [
    (
        "赣服通平台系统维护公告", "maintenance",
        "<p>为提升赣服通平台服务能力，平台运营机构将于近期对核心系统进行升级维护。</p>"
        "<h3>维护时间</h3><p>本周六 00:00 至 06:00。</p>"
        "<h3>影响范围</h3><ul><li>社保、公积金、不动产登记等在线办理服务暂停；</li>"
        "<li>已提交的办件不受影响，维护结束后继续办理。</li></ul>"
        "<p>给您带来的不便，敬请谅解。如有疑问请拨打 <strong>12345</strong> 政务服务便民热线。</p>",
        -1, 6, ["publish"],
    ),
    (
        "关于“南昌市城市停车缴费”服务下架的公告", "service_change",
        "<p>经南昌市政务服务管理部门报备、省级主管部门审核同意，“南昌市城市停车缴费”服务自即日起在赣服通平台下架。</p>"
        "<p>停车缴费业务已整合至“洪城停车”专区统一办理，原有缴费记录可在专区内查询。</p>"
        "<p>详情请见 <a href=\"https://www.jiangxi.gov.cn/\">江西省人民政府网站</a>。</p>",
        -3, None, ["publish"],
    ),
    (
        "赣服通平台2027年春节期间服务安排公告", "general",
        "<p>春节期间，赣服通平台7×24小时提供在线服务；需人工审核的事项将顺延至节后第一个工作日办理。</p>"
        "<p>请合理安排办事时间，祝您新春愉快。</p>",
        3, 20, ["publish"],
    ),
    (
        "社保查询服务故障处理公告", "fault",
        "<p>因省社保系统接口异常，赣服通“社保参保信息查询”服务出现查询超时。</p>"
        "<p>经平台运营机构与省人社厅联合处置，故障已于当日 14:30 排除，服务已恢复正常。</p>",
        -10, -2, ["publish"],
    ),
    (
        "关于暂停“住房公积金提取”服务的公告", "service_change",
        "<p>因公积金业务系统切换，“住房公积金提取”服务将暂停办理，恢复时间另行通知。</p>",
        -5, None, ["publish", "withdraw"],
    ),
    (
        "关于“不动产登记信息查询”服务升级的公告", "maintenance",
        "<p>“不动产登记信息查询”服务将完成升级改造，新增电子证照调用功能。</p>"
        "<p>升级期间服务可能短暂不可用。（草稿，待确认升级窗口后发布）</p>",
        5, None, [],
    ),
]

WITHDRAW_REASON = "公积金系统切换延期，暂停安排取消，服务继续正常办理。"


def seed(users):
    publisher = users.get("operator_publisher")
    operator = OrgUnit.objects.filter(code="OP3601").first()
    if publisher is None or operator is None:
        return
    now = timezone.now()
    for title, category, body, publish_days, expire_days, steps in ANNOUNCEMENTS:
        if Announcement.objects.filter(title=title).exists():
            continue
        announcement = Announcement.objects.create(
            title=title, category=category, body=body, owner_org=operator, created_by=publisher,
            publish_at=now + timedelta(days=publish_days) if publish_days is not None else None,
            expire_at=now + timedelta(days=expire_days) if expire_days is not None else None,
        )
        for action in steps:
            comment = WITHDRAW_REASON if action == "withdraw" else ""
            announcement = engine.perform(Announcement, announcement.pk, action, publisher, announcement.version,
                                          comment)
