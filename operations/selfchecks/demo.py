"""Demo data of self-checks (第十四条): a campaign with its checklist, a report submitted by 南昌市 with a problem (its
rectification opened through the engine) and a draft of 东湖区. Idempotent: the campaign is found by its title,
reports by (campaign, org unit); the submission goes through the engine."""

from datetime import timedelta

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .models import SelfCheckAnswer, SelfCheckCampaign, SelfCheckItem, SelfCheckReport

TITLE = "赣服通运营工作季度自查"
ITEMS = ["已指定运营、运维、安全、12345热线、数据安全责任人且信息有效", "本年度运营方案已报备",
         "12345热线工单按时限办结", "上架服务入口可正常访问"]
REPORTS = [("360100", "nanchang_submitter",
            [("ok", ""), ("ok", ""), ("problem", "9月份3件咨询类工单超期办结"), ("ok", "")], True),
           ("360102", "donghu_submitter", [("ok", ""), ("problem", "运营方案尚在起草"), ("ok", ""), ("ok", "")], False)]


def seed(users):
    campaign = SelfCheckCampaign.objects.filter(title=TITLE).first()
    if campaign is None:
        campaign = SelfCheckCampaign.objects.create(
            title=TITLE, description="请各单位对照清单逐项自查，如实填报。", created_by=users["province_supervisor"],
            due_on=timezone.localdate() + timedelta(days=14))
        for i, text in enumerate(ITEMS, 1):
            SelfCheckItem.objects.create(campaign=campaign, order=i, text=text)
    items = list(campaign.items.all())
    for code, author, results, submit in REPORTS:
        org = OrgUnit.objects.get(code=code)
        if SelfCheckReport.objects.filter(campaign=campaign, owner_org=org).exists():
            continue
        report = SelfCheckReport.objects.create(campaign=campaign, owner_org=org, created_by=users[author],
                                                summary="已组织对照清单开展自查。")
        for item, (result, note) in zip(items, results, strict=True):
            SelfCheckAnswer.objects.create(report=report, item=item, result=result, note=note)
        if submit:
            engine.perform(SelfCheckReport, report.pk, "submit", users[author], report.version)
