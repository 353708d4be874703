"""Demo data of third-party partners (第十五条): an active partner with a staff account (`partner_submitter`), one
whose written application waits for review, and one forced out (through the engine, so that its timeline, the
withdrawn filing, the disabled account and the draft announcement are all there). Idempotent: partners are found
by their org unit, users by name; each step runs only from the state before it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from ganfutong_admin.orgs.models import OrgKind, OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing

from .models import Partner, PartnerApplication, PartnerStatus

AGREEMENT = b"%PDF-1.4\n% demo cooperation agreement\n%%EOF\n"
# org code, name, credit code, services, contacts, staff account (username, full name), final state
PARTNERS = [
    ("PT3601", "江西云服科技有限公司", "91360100MA35DEMO1A", "社保待遇资格认证辅助、公积金提取进度查询",
     "李明（项目经理）0791-88886601；王芳（数据安全负责人）0791-88886602", ("partner_submitter", "陈合作"), "active"),
    ("PT3602", "赣州智联信息有限公司", "91360700MA35DEMO2B", "赣南脐橙溯源查询",
     "刘洋（项目经理）0797-8222001", ("ganzhou_partner", "刘赣州"), "submitted"),
    ("PT3603", "南昌数联网络有限公司", "91360100MA35DEMO3C", "停车缴费代办",
     "赵强（项目经理）0791-86660001", ("shulian_partner", "赵数联"), "forced_out"),
]
COMMITMENTS = ("遵守《江西省“赣服通”移动政务服务平台运行管理暂行办法》；不收集与服务无关的个人信息；"
               "发生故障1小时内报告。")


def _staff(org, username, full_name):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={
        "org_unit": org, "full_name": full_name, "email": f"{username}@demo.invalid"})
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name="submitter"))
    return user


def seed(users):
    reviewer, supervisor = users["province_reviewer"], users["province_supervisor"]
    for code, name, credit, services, contacts, (username, full_name), final in PARTNERS:
        org, _created = OrgUnit.objects.get_or_create(code=code, defaults={"name": name, "kind": OrgKind.PARTNER})
        staff = _staff(org, username, full_name)
        partner = Partner.objects.filter(owner_org=org).first()
        if partner is None:
            partner = Partner(owner_org=org, name=name, credit_code=credit, services_offered=services,
                              contacts=contacts, commitments=COMMITMENTS, created_by=staff)
            partner.agreement.save(f"{code}-agreement.pdf", ContentFile(AGREEMENT), save=False)
            partner.save()
            filing = Filing.objects.create(kind="partner_application", owner_org=org, created_by=staff,
                                           title=f"第三方业态合作申请：{name}", summary=services)
            PartnerApplication.objects.create(filing=filing, partner=partner)
            engine.perform(Filing, filing.pk, "submit", staff, filing.version)
        filing = Filing.objects.filter(partner_application__partner=partner).order_by("pk").first()
        if final == "submitted":
            continue
        if filing.status == "submitted":
            engine.perform(Filing, filing.pk, "approve", reviewer, filing.version, "材料齐全，同意合作。")
        partner.refresh_from_db()
        if partner.status == PartnerStatus.APPROVED:
            partner = engine.perform(Partner, partner.pk, "activate", reviewer, partner.version, "")
        if final == "forced_out" and partner.status == PartnerStatus.ACTIVE:
            # an open filing of the partner, withdrawn by the forced exit
            open_filing = Filing.objects.create(kind="partner_application", owner_org=org, created_by=staff,
                                                title=f"第三方业态合作变更申请：{name}", summary="新增服务")
            PartnerApplication.objects.create(filing=open_filing, partner=partner)
            engine.perform(Partner, partner.pk, "force_exit", supervisor, partner.version,
                           "其停车缴费代办服务多次重复扣费，引发重大舆情，经研究决定强制退出。",
                           payload={"reason": "public_opinion"})
