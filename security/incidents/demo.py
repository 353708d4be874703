"""Demo security incidents: a 重大 one just reported (plan activated, the province told, a draft announcement), a
larger one closed with its report and reviewed, a general one contained, and one reported late."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .lifecycle import report_incident
from .models import SecurityIncident

# title, org, severity, hours ago it occurred, minutes to the report, plan, reporter, steps [(action, user, comment,
# payload)]
INCIDENTS = [
    ("东湖区社保登记接口疑似数据泄露", "360102", "major", 5, 20, "东湖区政务数据安全事件应急预案（2026版）",
     "donghu_submitter", [("start_handling", "donghu_submitter", "已断开接口，启动日志溯源。", None)]),
    ("南昌市公积金查询页面遭篡改", "360100", "larger", 24 * 9, 40, "", "nanchang_submitter", [
        ("start_handling", "nanchang_submitter", "", None),
        ("contain", "nanchang_submitter", "已恢复页面并加固网站防篡改。", None),
        ("close", "nanchang_submitter", "", {"closure_report": "页面被植入外链，已清除并修复上传漏洞，复测通过。"}),
        ("review", "province_reviewer", "处置及时，请在全市开展同类漏洞排查。", None)]),
    ("九江市预约系统异常扫描流量", "360400", "general", 24 * 3, 30, "", "jiujiang_submitter", [
        ("start_handling", "jiujiang_submitter", "", None),
        ("contain", "jiujiang_submitter", "已封禁来源地址段。", None)]),
    ("省公安厅出入境预约接口越权访问", "D3601", "larger", 24 * 2, 240, "", "dept_submitter", []),
]


def seed(users):
    now = timezone.now()
    for title, org_code, severity, hours, minutes, plan, reporter, steps in INCIDENTS:
        user = users.get(reporter)
        if user is None or SecurityIncident.objects.filter(title=title).exists():
            continue
        occurred = now - timedelta(hours=hours)
        with transaction.atomic():
            incident = report_incident(
                user=user, owner_org=OrgUnit.objects.get(code=org_code), title=title, severity=severity,
                occurred_at=occurred, reported_at=occurred + timedelta(minutes=minutes),
                description=f"{title}，详见处置记录。", impact="部分群众办事受影响。",
                plan_activated_at=occurred + timedelta(minutes=minutes // 2) if plan else None, plan_name=plan)
            for action, username, comment, payload in steps:
                actor = users.get(username)
                if actor is None:
                    break
                incident = engine.perform(SecurityIncident, incident.pk, action, actor, incident.version, comment,
                                          payload=payload)
