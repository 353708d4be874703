"""Demo policy parameters: every declared parameter shows its initial version (the draft measures' defaults),
and one change is scheduled with its reason, so that the policy page shows what a coming change looks like.

Idempotent: an initial version is added only to a parameter without any version, the scheduled change only when
no version carries its reason.
"""

from datetime import date, timedelta

from django.utils import timezone

from . import parameters
from .models import ParameterVersion

# The draft for comments (征求意见稿) the initial values follow.
INITIAL_FROM = date(2025, 6, 18)
INITIAL_REASON = "初始值：按《江西省“赣服通”移动政务服务平台运行管理暂行办法（征求意见稿）》设定的默认时限。"
SCHEDULED = ("HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION", 3,
             "省政务服务办通知：12345热线咨询类工单办理时限由2个工作日调整为3个工作日，自次月起施行。")


def scheduled_date(today):
    """The first day of a month at least two weeks ahead: always in the future, a plausible effective date."""
    later = today + timedelta(days=14)
    return date(later.year + later.month // 12, later.month % 12 + 1, 1)


def seed(users):
    reviewer = dict(users).get("province_reviewer")
    with_versions = set(ParameterVersion.objects.values_list("name", flat=True))
    ParameterVersion.objects.bulk_create([
        ParameterVersion(name=spec.name, value=spec.default, effective_from=INITIAL_FROM, article=spec.article,
                         reason=INITIAL_REASON, set_by=None)
        for spec in parameters.specs() if spec.name not in with_versions
    ])
    name, value, reason = SCHEDULED
    if reviewer is not None and not ParameterVersion.objects.filter(name=name, reason=reason).exists():
        parameters.add_version(name=name, value=value, effective_from=scheduled_date(timezone.localdate()),
                               reason=reason, user=reviewer)
