"""Demo alerts (第二十四条): overdue rectifications of every age, so that a reminder, a yellow and a red card exist,
then one real run of every declared rule over the whole demo (the other chapters' demo data breaches some of
them too). One alert is acknowledged by its owner. Idempotent: the rectifications are found by title, and the
runner never raises a breach twice."""

from datetime import timedelta

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from .models import Alert, AlertStatus
from .runner import run_rules

# title, owner code, days overdue, description
OVERDUE = (
    ("南昌市政务服务事项办事指南更新滞后", "360100", 1, "抽查发现3个事项办事指南与实际办理要求不一致，需限期更新。"),
    ("九江市不动产登记服务响应超时整改", "360400", 5, "模拟办事发现不动产登记预约环节多次超时，请排查并整改。"),
    ("东湖区高龄津贴申领材料重复提交整改", "360102", 12, "群众反映申领材料需重复提交，请优化办理流程。"),
)


def seed(users):
    reviewer = users.get("province_supervisor") or users.get("province_reviewer")
    for title, code, days, description in OVERDUE:
        if Rectification.objects.filter(title=title).exists():
            continue
        owner = OrgUnit.objects.get(code=code)
        rect = Rectification.open_for(source=None, owner_org=owner, title=title, description=description,
                                      user=reviewer, working_days=1)
        Rectification.objects.filter(pk=rect.pk).update(due_at=timezone.now() - timedelta(days=days))
    run_rules()
    donghu = users.get("donghu_submitter")
    alert = Alert.objects.filter(source_label="东湖区高龄津贴申领材料重复提交整改", status=AlertStatus.OPEN).first()
    if alert is not None and donghu is not None:
        engine.perform(Alert, alert.pk, "acknowledge", donghu, alert.version,
                       "已组织业务科室梳理材料清单，本周内完成整改。")
