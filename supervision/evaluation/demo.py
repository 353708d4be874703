"""Demo evaluations (第二十五条): the last two quarters finalized for every org unit of the province (the second
compared with the first), and the current quarter being scored. The last quarter gets figures of its own:
rectifications of the cities falling due in it (some closed late, with the alerts they raised, resolved since)
and a recorded innovation bonus. Idempotent: periods are found by kind and start; a finalized one is left alone."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgKind, OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification

from ..alerts.actor import system_actor
from ..alerts.models import Alert, AlertLevel
from .models import EvaluationPeriod, Indicator, ManualScore, PeriodStatus
from .scoring import copy_tree

LEVELS = (AlertLevel.RED, AlertLevel.YELLOW, AlertLevel.REMINDER, None)


def quarter_of(day):
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = (date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1) - timedelta(days=1))
    return start, end


def quarter_name(start):
    return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"


def aware(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(users):
    supervisor = users.get("province_supervisor")
    authority = OrgUnit.objects.get(kind=OrgKind.PROVINCIAL_AUTHORITY, parent__isnull=True)
    current = quarter_of(timezone.localdate())
    last = quarter_of(current[0] - timedelta(days=1))
    before = quarter_of(last[0] - timedelta(days=1))
    for start, end in (before, last, current):
        period, created = EvaluationPeriod.objects.get_or_create(
            kind="quarter", start=start,
            defaults={"name": quarter_name(start), "end": end, "owner_org": authority, "created_by": supervisor})
        if created:
            copy_tree(period)
            period.record_event(supervisor, "open", "", period.status, "")
        if start == last[0] and created:
            figures_of_last_quarter(period, start, end, supervisor)
        if start != current[0] and period.status == PeriodStatus.DRAFT and supervisor is not None:
            engine.perform(EvaluationPeriod, period.pk, "finalize", supervisor, period.version,
                           "考核结果经省政务服务管理办公室审定，予以发布。")


def figures_of_last_quarter(period, start, end, supervisor):
    cities = list(OrgUnit.objects.filter(kind=OrgKind.CITY_AUTHORITY).order_by("code"))
    actor = system_actor()
    rect_type = ContentType.objects.get_for_model(Rectification)
    for i, city in enumerate(cities):
        due = start + timedelta(days=20 + 5 * i)
        late = i % 3 == 0
        rect = Rectification.objects.create(
            owner_org=city, title=f"{city.name}政务服务事项要素核查整改（{quarter_name(start)}）",
            description="季度抽查发现办事指南要素不全，限期整改。", due_at=aware(due, 18), status="accepted",
            response="已完成整改。", submitted_at=aware(due + timedelta(days=4 if late else -2)),
            closed_at=aware(due + timedelta(days=5 if late else -1)), created_by=supervisor)
        level = LEVELS[i % len(LEVELS)]
        if late and level is not None:
            Alert.objects.create(
                rule="supervision.rectification_overdue", article="第二十四条", source_type=rect_type,
                source_id=rect.pk, source_label=rect.title, owner_org=city, created_by=actor, level=level,
                status="resolved", breach_started_at=aware(due, 18), raised_at=aware(due + timedelta(days=1)),
                last_checked_at=aware(due + timedelta(days=5)), resolved_at=aware(due + timedelta(days=5)),
                yellow_after_days=3, red_after_days=10)
    bonus = Indicator.objects.filter(period=period, method="bonus", code="").first()
    if bonus is not None and cities:
        ManualScore.objects.create(period=period, indicator=bonus, owner_org=cities[0], value=Decimal("2"),
                                   reason="“赣服通”无证明城市建设经验在全省推广。", created_by=supervisor)
