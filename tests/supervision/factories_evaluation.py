"""Builders for the evaluation tests: periods with a tree, and the figures behind the indicators."""

from datetime import date, datetime
from decimal import Decimal as D

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Rectification
from maintenance.hotline.models import WorkOrder
from maintenance.monitoring.models import UptimeDay
from services.models import Service
from supervision.alerts.models import Alert
from supervision.evaluation.models import Dimension, EvaluationPeriod, Indicator, ManualScore
from supervision.evaluation.scoring import copy_tree

Q3 = (date(2026, 7, 1), date(2026, 9, 30))
_n = iter(range(1, 10**6))


def at(day, hour=10):
    return timezone.make_aware(datetime(2026, *day, hour, 0))


def period(name="2026年第三季度", kind="quarter", start=Q3[0], end=Q3[1], tree=None, status="draft"):
    p = EvaluationPeriod.objects.create(name=name, kind=kind, start=start, end=end, owner_org=org("360000"),
                                        status=status)
    if tree == "default":
        copy_tree(p)
    return p


def small_tree(p):
    """运维 60 (tiebreak): 工单 rate 40, 可用率 linear 20 (0.95–0.995); 监督 40: 整改 rate 30, 人工 10;
    deductions 红牌 2 / 黄牌 1 sharing a cap of 3; a manual bonus of 1 each, capped at 2."""
    ops = Dimension.objects.create(period=p, name="运维", weight=D("60"), order=1, tiebreak=True)
    sup = Dimension.objects.create(period=p, name="监督", weight=D("40"), order=2)
    made = {
        "wo": Indicator.objects.create(period=p, dimension=ops, code="maintenance.work_orders_on_time",
                                       label="工单按时办结率", method="rate", points=D("40"), order=1),
        "up": Indicator.objects.create(period=p, dimension=ops, code="maintenance.uptime", label="可用率",
                                       method="linear", points=D("20"), lower=D("0.95"), upper=D("0.995"), order=2),
        "rect": Indicator.objects.create(period=p, dimension=sup, code="supervision.rectifications_on_time",
                                         label="整改按时率", method="rate", points=D("30"), order=3),
        "manual": Indicator.objects.create(period=p, dimension=sup, label="资料报送质量", method="manual",
                                           points=D("10"), order=4),
        "red": Indicator.objects.create(period=p, code="supervision.alerts_red", label="红牌", method="deduction",
                                        points=D("2"), cap=D("3"), cap_group="alerts", order=5),
        "yellow": Indicator.objects.create(period=p, code="supervision.alerts_yellow", label="黄牌",
                                           method="deduction", points=D("1"), cap=D("3"), cap_group="alerts",
                                           order=6),
        "bonus": Indicator.objects.create(period=p, label="创新做法", method="bonus", points=D("1"), cap=D("2"),
                                          order=7),
    }
    return made


def work_orders(owner, on_time, late, day=(8, 10)):
    for i in range(on_time + late):
        replied = at(day)
        due = at((day[0], day[1] + (1 if i < on_time else -1)))
        WorkOrder.objects.create(owner_org=org(owner), hotline_id=f"EV-{next(_n):06d}", source="api",
                                 type="complaint", title="工单", content="内容", citizen_name="张三",
                                 citizen_phone="13812345678", received_at=at((day[0], 1)), status="replied",
                                 dispatched_at=at((day[0], 1)), due_at=due, replied_at=replied)


def uptime(owner, checks, successes, day=date(2026, 8, 15)):
    n = next(_n)
    service = Service.objects.create(owner_org=org(owner), name=f"考核服务{n}", code=f"EV-{owner}-{n}",
                                     status="listed")
    UptimeDay.objects.create(service=service, date=day, checks=checks, successes=successes)


def rectification(owner, status="accepted", on_time=True, due=(9, 10)):
    due_at = at(due)
    closed = at((due[0], due[1] - 1 if on_time else due[1] + 2)) if status == "accepted" else None
    return Rectification.objects.create(owner_org=org(owner), title=f"整改{next(_n)}", description="问题",
                                        due_at=due_at, status=status, closed_at=closed)


def alert(owner, level, day=(8, 20)):
    return Alert.objects.create(
        rule="supervision.rectification_overdue", article="第二十四条",
        source_type=ContentType.objects.get_for_model(Rectification), source_id=next(_n),
        source_label=f"逾期整改{level}", owner_org=org(owner), level=level, status="open",
        breach_started_at=at(day), raised_at=at(day), last_checked_at=at(day), yellow_after_days=3,
        red_after_days=10)


def manual(p, indicator, owner, value, reason="抽查资料齐全"):
    return ManualScore.objects.create(period=p, indicator=indicator, owner_org=org(owner), value=D(str(value)),
                                      reason=reason)
