"""Demo spot check (第二十四条): a running campaign of this quarter, drawn from the listed demo services with a
recorded seed and stratified by city; one sampled service checked and failed (a rectification for its owner),
one checked and passed. Idempotent: found by name."""

from ganfutong_admin.orgs.models import OrgUnit

from .actions import draw_campaign, record_check
from .models import SpotCheckCampaign

NAME = "2026年第四季度“赣服通”政务服务事项随机抽查"
CHECKLIST = ["办事指南要素齐全、与实际一致", "在线申报流程可正常提交", "办结时限符合承诺", "咨询电话可接通"]


def seed(users):
    supervisor = users.get("province_supervisor")
    if supervisor is None or SpotCheckCampaign.objects.filter(name=NAME).exists():
        return
    campaign = SpotCheckCampaign.objects.create(
        name=NAME, seed="GFT-2026Q4-随机抽查", sample_rate="0.5", strata="city", checklist=CHECKLIST,
        owner_org=OrgUnit.objects.get(code="360000"), created_by=supervisor)
    campaign, _sample = draw_campaign(campaign.pk, supervisor)
    items = list(campaign.items.select_related("campaign", "service").order_by("pk"))
    if items:
        record_check(items[0], supervisor, {**dict.fromkeys(CHECKLIST, True), CHECKLIST[1]: False},
                     "提交材料后页面报错，无法完成申报。")
    if len(items) > 1:
        record_check(items[1], supervisor, dict.fromkeys(CHECKLIST, True), "各项均符合要求。")
