"""Demo suppliers: agreements valid, expiring within 30 days and expired; personnel with checks valid, expiring
and expired (the people of the supplier whose agreement expired are flagged)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit

from .models import Supplier, SupplierPerson

# name, org, NDA signed days ago, NDA expires in days, people [(name, position, check done days ago, expires in)]
SUPPLIERS = [
    ("江西赣云信息技术有限公司", "360100", 300, 400,
     [("周工", "运维工程师", 200, 165), ("吴工", "数据库管理员", 350, 12)]),
    ("九江智联数据服务有限公司", "360400", 700, 20, [("郑工", "开发工程师", 100, 265)]),
    ("东湖区某网络安全服务公司", "360102", 800, -10,
     [("冯工", "安全运维", 400, -35), ("褚工", "驻场工程师", 30, 335)]),
]


def seed(users):
    today = timezone.localdate()
    with transaction.atomic():
        for name, code, signed, expires, people in SUPPLIERS:
            if Supplier.objects.filter(name=name).exists():
                continue
            org = OrgUnit.objects.get(code=code)
            supplier = Supplier(owner_org=org, name=name, contact="项目经理 0791-8888 0000",
                                scope_of_work="平台运维服务",
                                nda_signed_on=today - timedelta(days=signed),
                                nda_expires_on=today + timedelta(days=expires))
            supplier._change_reason = stored(lambda: _("Demo data"))
            supplier.save()
            for person, position, done, until in people:
                SupplierPerson.objects.create(supplier=supplier, name=person, position=position, core_data_access=True,
                                              check_done_on=today - timedelta(days=done), check_result="passed",
                                              check_expires_on=today + timedelta(days=until))
