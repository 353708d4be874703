"""Demo emergency plans and drills: a plan drilled recently with a finding (its rectification open), a plan whose
drill is overdue, and a plan not yet due."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit

from .lifecycle import create_plan, record_drill
from .models import EmergencyPlan

# title, org, effective days ago, drill (days ago, scenario, participants, findings) or None
PLANS = [
    ("东湖区政务数据安全事件应急预案", "360102", 400,
     (30, "社保登记接口数据泄露处置", "东湖区政务服务管理办公室、区网信办、系统运维单位",
      ["应急联系人名单未及时更新"])),
    ("九江市赣服通分厅网络安全应急预案", "360400", 500, None),
    ("南昌市政务云平台故障应急预案", "360100", 60, None),
]


def seed(users):
    today = timezone.localdate()
    with transaction.atomic():
        for title, code, effective, drill in PLANS:
            if EmergencyPlan.objects.filter(title=title).exists():
                continue
            org = OrgUnit.objects.get(code=code)
            author = next((u for u in users.values() if u.org_unit_id == org.pk and u.has_role("submitter")), None)
            if author is None:
                continue
            plan = create_plan(user=author, owner_org=org, title=title, label="V1.0",
                               effective_on=today - timedelta(days=effective), change_note="首次发布")
            if drill:
                days, scenario, participants, findings = drill
                record_drill(user=author, plan=plan, held_on=today - timedelta(days=days), scenario=scenario,
                             participants=participants, summary="演练按预案流程完成。", findings=findings)
