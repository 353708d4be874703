"""Demo data of the responsible-person register (第十二条): some units fully covered, some with an expired, a future
or a missing designation, so that the coverage page and its supervision rules have something to show.
Idempotent: an entry is found by (org unit, duty, name); dates are relative to the day of seeding the first time.
"""

from datetime import date, timedelta

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit

from .models import ResponsiblePerson

# org, duty, name, post, office phone, mobile, valid from (days from today), valid to (days from today or None)
PERSONS = [
    ("360100", "operations", "熊丽", "市政务服务数据管理局运营科科长", "0791-83881201", "13907910001", -400, None),
    ("360100", "maintenance", "胡斌", "市信息中心运维组组长", "0791-83881202", "13907910002", -400, None),
    ("360100", "security", "彭涛", "市网络安全科科长", "0791-83881203", "13907910003", -400, None),
    ("360100", "hotline", "万敏", "12345热线南昌分中心主任", "0791-83881204", "13907910004", -400, None),
    ("360100", "data_security", "罗军", "市数据安全科副科长", "0791-83881205", "13907910005", -400, None),
    ("360102", "operations", "邓婷", "东湖区政务服务中心副主任", "0791-86701101", "13807910011", -300, None),
    ("360102", "maintenance", "程浩", "东湖区信息中心工程师", "0791-86701102", "13807910012", -300, None),
    ("360102", "security", "曾勇", "东湖区网信办干部", "0791-86701103", "13807910013", -300, None),
    # expired: the hotline designation of 东湖区 ended, nobody named since
    ("360102", "hotline", "徐芳", "东湖区12345热线联络员", "0791-86701104", "13807910014", -300, -10),
    ("360400", "operations", "汪洋", "九江市政务服务数据管理局运营科科长", "0792-8581001", "13979210021", -200, None),
    ("360400", "maintenance", "钟磊", "九江市信息中心运维组组长", "0792-8581002", "13979210022", -200, None),
    ("360400", "security", "蔡伟", "九江市网络安全科科长", "0792-8581003", "13979210023", -200, None),
    # future: the data-security officer of 九江市 takes office next month
    ("360400", "data_security", "任静", "九江市数据安全科科长", "0792-8581005", "13979210025", 20, None),
    ("OP3601", "operations", "叶帆", "赣服通平台运营中心运营部经理", "0791-88911001", "13607910031", -500, None),
    ("OP3601", "maintenance", "毛宇", "赣服通平台运营中心运维部经理", "0791-88911002", "13607910032", -500, None),
    ("OP3601", "security", "方辉", "赣服通平台运营中心安全部经理", "0791-88911003", "13607910033", -500, None),
    ("OP3601", "hotline", "谢萍", "赣服通平台运营中心客服部经理", "0791-88911004", "13607910034", -500, None),
    ("OP3601", "data_security", "夏冰", "赣服通平台运营中心数据安全官", "0791-88911005", "13607910035", -500, None),
    ("D3601", "operations", "袁刚", "省公安厅科技信息化处干部", "0791-87281001", "13870910041", -100, None),
    ("D3601", "security", "石峰", "省公安厅网络安全保卫总队干部", "0791-87281002", "13870910042", -100, None),
]


def _day(today, offset):
    return None if offset is None else today + timedelta(days=offset)


def seed(users):
    today = timezone.localdate()
    admins = {"360100": "nanchang_admin", "360102": "donghu_admin", "360400": "jiujiang_admin"}
    for code, duty, name, post, office, mobile, start, end in PERSONS:
        org = OrgUnit.objects.get(code=code)
        if ResponsiblePerson.objects.filter(owner_org=org, duty=duty, name=name).exists():
            continue
        ResponsiblePerson.objects.create(
            owner_org=org, duty=duty, name=name, post=post, office_phone=office, mobile=mobile,
            valid_from=_day(today, start) or date(2025, 1, 1), valid_to=_day(today, end),
            created_by=users.get(admins.get(code, "operator_publisher")))
