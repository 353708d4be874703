"""Demo accountability (第二十六条): one case against 东湖区 for the rectification left overdue beyond a red card,
linked to that alert. Idempotent: found by its case number."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit

from ..alerts.models import Alert, AlertLevel
from .models import AccountabilityLink, AccountabilityRecord

CASE = "赣服通追责〔2026〕1号"


def seed(users):
    if AccountabilityRecord.objects.filter(case_number=CASE).exists():
        return
    donghu = OrgUnit.objects.get(code="360102")
    record = AccountabilityRecord.objects.create(
        case_number=CASE, title="东湖区高龄津贴申领整改长期逾期问责", owner_org=donghu,
        persons="王某（东湖区政务服务中心副主任）\n刘某（东湖区民政局业务科科长）",
        facts="电子监察发现东湖区高龄津贴申领材料重复提交问题整改逾期超过10天并升级为红牌，期间未说明原因。",
        basis="《江西省“赣服通”移动政务服务平台运行管理暂行办法》第二十四条、第二十六条",
        decision="对相关责任人进行约谈，责令7个工作日内完成整改，并在全省通报。",
        decided_on=timezone.localdate() - timedelta(days=1), created_by=users.get("province_supervisor"))
    alert = Alert.objects.filter(owner_org=donghu, level=AlertLevel.RED).order_by("pk").first()
    if alert is not None:
        AccountabilityLink.objects.create(record=record, target_type=ContentType.objects.get_for_model(Alert),
                                          target_id=alert.pk, target_label=str(alert)[:200])
