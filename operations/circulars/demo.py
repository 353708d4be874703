"""Demo data of circulars (第十四条): a published circular of last quarter naming 南昌市 (criticized), 九江市 (praised)
and 东湖区 (interviewed), and a draft in review. Idempotent: circulars are found by their document number; every
state change goes through the engine (drafted by province_supervisor, reviewed by a second supervisor)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .models import Circular, CircularEntry

CIRCULARS = [
    ("赣政务〔2026〕21号", "关于2026年第三季度赣服通平台运营情况的通报", "published",
     "2026年第三季度，全省各地各部门认真落实《江西省“赣服通”移动政务服务平台运行管理暂行办法》，平台运行总体平稳。\n"
     "现将有关情况通报如下，请各单位对照问题抓好整改。",
     [("360400", "praise", "高频事项“掌上办”比例提升至82%，群众满意度位居全省前列。"),
      ("360100", "criticism", "12345热线工单超期率达12%，差评整改不及时。"),
      ("360102", "interview", "连续两个季度未按期报备运营方案。")]),
    ("赣政务〔2026〕25号", "关于10月份赣服通服务可用性情况的通报", "in_review",
     "10月份，部分服务入口出现连续不可用情况。",
     [("D3601", "criticism", "出入境预约服务连续3天不可用，未及时报告。")]),
]


def _second_supervisor(province):
    User = get_user_model()
    user, created = User.objects.get_or_create(username="province_supervisor2", defaults={
        "org_unit": province, "full_name": "周复核", "email": "province_supervisor2@demo.invalid"})
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name="supervisor"))
    return user


def seed(users):
    drafter = users["province_supervisor"]
    province = drafter.org_unit
    reviewer = _second_supervisor(province)
    for number, title, final, body, named in CIRCULARS:
        if Circular.objects.filter(number=number).exists():
            continue
        circular = Circular.objects.create(owner_org=province, number=number, title=title, body=body,
                                           recipients="各设区市、县（市、区）政务服务管理办公室，省直有关单位：",
                                           created_by=drafter)
        for code, result, reason in named:
            CircularEntry.objects.create(circular=circular, org_unit=OrgUnit.objects.get(code=code), result=result,
                                         reason=reason)
        circular = engine.perform(Circular, circular.pk, "submit", drafter, circular.version)
        if final == "published":
            engine.perform(Circular, circular.pk, "publish", reviewer, circular.version, "同意印发。")
