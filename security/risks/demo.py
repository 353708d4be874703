"""Demo risk register and assessments: an assessment per city with findings (their rectifications open), and
risks of every level, some being treated, one closed and two overdue."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from services import selectors as service_selectors

from .lifecycle import record_assessment
from .models import Risk, SecurityAssessment

# title, org, kind, days ago, assessor, findings
ASSESSMENTS = [
    ("东湖区2026年第三季度网络安全检查", "360102", "inspection", 40, "东湖区网信办", [
        "政务服务管理系统存在弱口令账号2个", "日志留存不足6个月"]),
    ("九江市赣服通分厅数据安全风险评估", "360400", "risk_assessment", 20, "江西某测评中心", [
        "接口未做调用频率限制"]),
]

# org, service code (or None), asset, threat, likelihood, impact, owner, treatment, due in days, status, assessment
RISKS = [
    ("360102", "360102-SB-0001", "", "社保登记接口被批量爬取", 4, 5, "刘东湖", "接口增加签名与限流", -5, "treating",
     "东湖区2026年第三季度网络安全检查"),
    ("360102", None, "政务外网边界防火墙", "策略老化导致越权访问", 3, 4, "陈网管", "清理过期策略，季度复核", 20, "open",
     "东湖区2026年第三季度网络安全检查"),
    ("360100", "360100-GJJ-0001", "", "公积金提取页面遭篡改", 2, 4, "王南昌", "部署网页防篡改", 30, "treating", None),
    ("360100", None, "市级政务云数据库", "备份不可用", 2, 2, "王南昌", "每月恢复演练", 60, "open", None),
    ("360400", "360400-SB-0001", "", "社保卡申领接口未限流", 4, 3, "李九江", "接口限流与人机验证", -2, "open",
     "九江市赣服通分厅数据安全风险评估"),
    ("D3601", "D3601-CRJ-0002", "", "预约号源被恶意抢占", 5, 4, "公安厅信息中心", "人机验证与实名预约", 10, "treating",
     None),
    ("D3601", None, "出入境业务系统", "第三方运维账号共享", 3, 3, "公安厅信息中心", "运维堡垒机逐人授权", -30, "closed",
     None),
]


def _author(users, org):
    return next((u for u in users.values() if u.org_unit_id == org.pk and u.has_role("submitter")), None)


def seed(users):
    today = timezone.localdate()
    orgs = {o.code: o for o in OrgUnit.objects.filter(code__in={a[1] for a in ASSESSMENTS} | {r[0] for r in RISKS})}
    with transaction.atomic():
        for title, code, kind, days, assessor, findings in ASSESSMENTS:
            if SecurityAssessment.objects.filter(title=title).exists() or code not in orgs:
                continue
            record_assessment(user=_author(users, orgs[code]), findings=findings, owner_org=orgs[code], title=title,
                              kind=kind, assessed_on=today - timedelta(days=days), assessor=assessor,
                              summary="按年度计划开展，发现问题已下发整改。")
        for code, service_code, asset, threat, likelihood, impact, owner, treatment, due, status, found in RISKS:
            if Risk.objects.filter(threat=threat).exists() or code not in orgs:
                continue
            service = service_selectors.find_service_by_code(service_code) if service_code else None
            if service_code and service is None:
                continue
            risk = Risk(owner_org=orgs[code], service=service, asset=asset, threat=threat, likelihood=likelihood,
                        impact=impact, owner_name=owner, treatment=treatment, due_on=today + timedelta(days=due),
                        status=status, created_by=_author(users, orgs[code]),
                        assessment=SecurityAssessment.objects.filter(title=found).first() if found else None)
            risk._change_reason = stored(lambda: _("Demo data"))
            risk.save()
