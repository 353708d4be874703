"""Demo connected systems: level 3 assessed within the year, level 3 overdue, level 2 past its two years, level 1
(no mandatory assessment) and a level-2 system never assessed (overdue)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit

from .models import ConnectedSystem

# org, name, level, last assessed days ago (None: never)
SYSTEMS = [
    ("360100", "南昌市政务服务事项管理系统", 3, 120),
    ("360100", "南昌市统一身份认证对接系统", 3, 400),
    ("360102", "东湖区一窗受理系统", 2, 800),
    ("360102", "东湖区政务公开网站", 1, None),
    ("360400", "九江市电子证照对接系统", 2, None),
]


def seed(users):
    today = timezone.localdate()
    with transaction.atomic():
        for code, name, level, ago in SYSTEMS:
            if ConnectedSystem.objects.filter(name=name).exists():
                continue
            ConnectedSystem.objects.create(
                owner_org=OrgUnit.objects.get(code=code), name=name, mlps_level=level,
                last_assessed_on=None if ago is None else today - timedelta(days=ago),
                description="接入赣服通平台")
