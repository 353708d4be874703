"""Demo security training: a provincial session for several cities and counties, with attendance; 九江市 below the
minimum this year."""

from django.db import transaction
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit

from .models import TrainingAttendance, TrainingSession

SESSIONS = [
    ("2026年赣服通平台数据安全培训", "360000", 20, "省网信办专家", ["360100", "360102", "360400"],
     [("360100", "王南昌"), ("360100", "李南昌"), ("360100", "赵南昌"), ("360100", "钱南昌"), ("360100", "孙南昌"),
      ("360102", "刘东湖"), ("360102", "陈东湖"), ("360102", "周东湖"), ("360102", "吴东湖"), ("360102", "郑东湖"),
      ("360400", "李九江")]),
]


def seed(users):
    today = timezone.localdate()
    with transaction.atomic():
        for topic, code, days, trainer, trained, people in SESSIONS:
            if TrainingSession.objects.filter(topic=topic).exists():
                continue
            units = {o.code: o for o in OrgUnit.objects.filter(code__in=[code, *trained])}
            session = TrainingSession.objects.create(owner_org=units[code], topic=topic, trainer=trainer,
                                                     held_on=today - timezone.timedelta(days=days))
            session.org_units.set([units[c] for c in trained])
            for unit, person in people:
                TrainingAttendance.objects.create(session=session, person=person, org_unit=units[unit])
