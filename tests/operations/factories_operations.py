"""Factories of the operations chapter: records inserted in the state a test needs."""

from datetime import date

from factories import org

from operations.responsible.models import ResponsiblePerson


def make_person(code, duty="operations", name="张专员", valid_from=date(2025, 1, 1), valid_to=None,
                mobile="13912345678", **extra):
    return ResponsiblePerson.objects.create(
        owner_org=org(code), duty=duty, name=name, post=extra.pop("post", "运营科科长"),
        office_phone=extra.pop("office_phone", "0791-88880000"), mobile=mobile, valid_from=valid_from,
        valid_to=valid_to, **extra)


def partner_org(code="PT0001", name="江西云服科技有限公司"):
    """A partner's org unit (kind PARTNER, outside every authority's subtree), made as the system administrator
    would when the partner's accounts are opened."""
    from ganfutong_admin.orgs.models import OrgKind, OrgUnit

    unit, _created = OrgUnit.objects.get_or_create(code=code, defaults={"name": name, "kind": OrgKind.PARTNER})
    return unit


def make_partner(code="PT0001", status="active", name=None, **extra):
    from operations.partners.models import Partner

    unit = partner_org(code, name or f"合作方{code}")
    return Partner.objects.create(owner_org=unit, name=name or f"合作方{code}", services_offered="社保查询便民服务",
                                  contacts="李经理 0791-88886666", commitments="遵守平台规范，保障数据安全",
                                  status=status, **extra)


def make_plan(code, year=2026, status="draft", title=None):
    from ganfutong_admin.workflow.models import Filing
    from operations.plans.models import OperationsPlan

    filing = Filing.objects.create(kind="operations_plan", owner_org=org(code), title=title or f"{year}年运营方案",
                                   status=status)
    OperationsPlan.objects.create(filing=filing, year=year, goals="提升办件量", measures="专区运营",
                                  schedule="按季度推进")
    return filing


def make_circular(named=(("360100", "criticism"),), status="published", title="关于运营情况的通报",
                  number="赣政务〔2026〕12号", created_by=None, published_at=None):
    from django.utils import timezone

    from operations.circulars.models import Circular, CircularEntry

    circular = Circular.objects.create(
        owner_org=org("360000"), number=number, title=title, recipients="各设区市政务服务管理办公室：",
        body="第三季度，全省赣服通运营总体平稳。\n部分单位工单办理超期。", status=status, created_by=created_by,
        published_at=published_at or (timezone.now() if status == "published" else None))
    for code, result in named:
        CircularEntry.objects.create(circular=circular, org_unit=org(code), result=result, reason="工单超期率高")
    return circular


def make_campaign(items=("专人负责运营", "运营方案已备案", "12345工单按时办结"), title="2026年第四季度运营自查"):
    from operations.selfchecks.models import SelfCheckCampaign, SelfCheckItem

    campaign = SelfCheckCampaign.objects.create(title=title, due_on=date(2026, 12, 20))
    for i, text in enumerate(items, 1):
        SelfCheckItem.objects.create(campaign=campaign, order=i, text=text)
    return campaign


def make_report(code, campaign=None, status="draft", problems=0):
    from operations.selfchecks.models import SelfCheckAnswer, SelfCheckReport

    campaign = campaign or make_campaign()
    report = SelfCheckReport.objects.create(campaign=campaign, owner_org=org(code), status=status,
                                            summary=f"{code} 自查情况")
    for i, item in enumerate(campaign.items.all()):
        SelfCheckAnswer.objects.create(report=report, item=item, result="problem" if i < problems else "ok",
                                       note="未按期报备" if i < problems else "")
    return report
