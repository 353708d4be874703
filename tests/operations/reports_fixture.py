"""The fixture period of the operations-report tests (2026 Q3) as plain rows, and builders that insert them.

The rows are data (tuples) so that the tests count the expected figures from them directly, independently of
operations.reports.figures. Dates inside and outside the quarter; owners in 南昌市 (360100 and its county 东湖区
360102), 九江市 (360400) and a provincial department (D3601)."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from factories import org

from ganfutong_admin.workflow.models import Filing, Rectification
from maintenance.hotline.models import BadReview, WorkOrder
from maintenance.monitoring.models import UptimeDay
from operations.promotion.models import PromotionActivity
from operations.reports.models import OperationsReport, ReportFinding, period_dates
from services.models import Service

Q3 = (date(2026, 7, 1), date(2026, 9, 30))


def at(month, day, hour=10, year=2026):
    return timezone.make_aware(datetime(year, month, day, hour, 0))


# (owner, status, listed_at, delisted_at)
SERVICES = [
    ("360100", "listed", at(8, 3), None),
    ("360100", "delisted", at(3, 1), at(9, 12)),
    ("360100", "listed", at(6, 30, 23), None),  # listed the evening before the quarter
    ("360102", "listed", at(7, 1, 0), None),  # the first minute of the quarter
    ("360400", "listed", at(10, 1, 0), None),  # after the quarter
    ("360400", "delisted", at(5, 1), at(7, 20)),
    ("D3601", "listed", at(9, 30, 23), None),
]

# (owner, kind, submitted_at, due_at, decided_at)
FILINGS = [
    ("360100", "service_listing", at(7, 5), at(7, 10), at(7, 9)),  # on time
    ("360100", "service_listing", at(8, 5), at(8, 10), at(8, 12)),  # late
    ("360100", "advance_filing", at(9, 1), None, at(9, 2)),  # no time limit: on time
    ("360102", "service_delisting", at(9, 20), at(9, 25), None),  # not decided
    ("360400", "service_listing", at(7, 15), at(7, 20), at(7, 20, 9)),  # on time
    ("360400", "service_listing", at(6, 15), at(6, 20), at(6, 19)),  # before the quarter
    ("D3601", "advance_filing", at(8, 8), at(8, 9), at(8, 10)),  # late
]

# (owner, type, received_at, due_at, replied_at, satisfaction)
WORK_ORDERS = [
    ("360100", "complaint", at(7, 2), at(7, 9), at(7, 8), "satisfied"),
    ("360100", "complaint", at(7, 3), at(7, 9), at(7, 12), "unsatisfied"),
    ("360100", "consultation", at(8, 1), at(8, 3), at(8, 2), "very_satisfied"),
    ("360100", "help_request", at(9, 29), at(10, 9), None, ""),
    ("360102", "suggestion", at(8, 20), at(8, 30), at(8, 25), "basically_satisfied"),
    ("360102", "complaint", at(6, 28), at(7, 5), at(7, 4), "satisfied"),  # received before the quarter
    ("360400", "report", at(9, 10), at(9, 20), at(9, 21), "very_unsatisfied"),
    ("360400", "consultation", at(9, 11), None, at(9, 12), "satisfied"),  # no time limit: on time
    ("D3601", "complaint", at(7, 30), at(8, 6), at(8, 1), ""),
]

# (owner, created_at, rectification status, excluded)
BAD_REVIEWS = [
    ("360100", at(7, 13), "accepted", False),
    ("360100", at(8, 13), "open", False),
    ("360100", at(8, 14), "waived", True),  # excluded by an upheld appeal: not counted
    ("360102", at(9, 1), "accepted", False),
    ("360400", at(10, 2), "accepted", False),  # after the quarter
]

# (owner, day, checks, successes)
UPTIME = [
    ("360100", date(2026, 7, 1), 288, 288),
    ("360100", date(2026, 9, 30), 288, 270),
    ("360102", date(2026, 8, 15), 100, 90),
    ("360102", date(2026, 6, 30), 100, 0),  # before the quarter
    ("360400", date(2026, 8, 15), 200, 199),
]

# (owner, created_at, status, due_at)
RECTIFICATIONS = [
    ("360100", at(7, 20), "open", at(8, 20)),  # open, overdue
    ("360100", at(8, 20), "accepted", at(9, 20)),
    ("360100", at(5, 1), "reopened", at(12, 31, year=2099)),  # opened before the quarter, open, not overdue
    ("360102", at(9, 5), "open", at(12, 31, year=2099)),
    ("360400", at(10, 5), "open", at(10, 20)),  # opened after the quarter: not counted at all
]

# (owner, held_on, views, participants, registrations)
PROMOTION = [
    ("360100", date(2026, 7, 1), 1200, 30, 15),  # the first day of the quarter
    ("360100", date(2026, 9, 30), 800, 0, 4),  # the last day
    ("360100", date(2026, 6, 30), 5000, 100, 50),  # the day before the quarter: not counted
    ("360102", date(2026, 8, 8), 300, 60, 9),
    ("360400", date(2026, 10, 1), 700, 20, 3),  # after the quarter
    ("D3601", date(2026, 8, 20), 0, 45, 0),
]

_n = iter(range(1, 10**6))


def build():
    for owner, status, listed, delisted in SERVICES:
        n = next(_n)
        Service.objects.create(owner_org=org(owner), name=f"报告服务{n}", code=f"RP-{n}", status=status,
                               listed_at=listed, delisted_at=delisted)
    for owner, kind, submitted, due, decided in FILINGS:
        Filing.objects.create(owner_org=org(owner), kind=kind, title=f"报告报备{next(_n)}",
                              status="approved" if decided else "submitted", submitted_at=submitted, due_at=due,
                              decided_at=decided)
    for owner, kind, received, due, replied, satisfaction in WORK_ORDERS:
        WorkOrder.objects.create(owner_org=org(owner), hotline_id=f"RP-{next(_n):06d}", source="api", type=kind,
                                 title="工单", content="内容", citizen_name="张三", citizen_phone="13812345678",
                                 received_at=received, status="closed" if satisfaction else "processing",
                                 dispatched_at=received, due_at=due, replied_at=replied, satisfaction=satisfaction,
                                 callback_at=replied + timedelta(hours=2) if satisfaction else None)
    for owner, created, status, excluded in BAD_REVIEWS:
        rect = Rectification.objects.create(owner_org=org(owner), title="差评整改", description="群众不满意",
                                            due_at=created + timedelta(days=20), status=status)
        review = BadReview.objects.create(owner_org=org(owner), case_number=f"BJ-{next(_n)}", rating="unsatisfied",
                                          rectification=rect, excluded=excluded,
                                          status="excluded" if excluded else "active")
        BadReview.objects.filter(pk=review.pk).update(created_at=created)
        Rectification.objects.filter(pk=rect.pk).update(created_at=created)
    for owner, day, checks, successes in UPTIME:
        n = next(_n)
        service = Service.objects.create(owner_org=org(owner), name=f"监测服务{n}", code=f"UP-{n}", status="planned")
        UptimeDay.objects.create(service=service, date=day, checks=checks, successes=successes)
    for owner, held_on, views, participants, registrations in PROMOTION:
        PromotionActivity.objects.create(owner_org=org(owner), title=f"推广活动{next(_n)}", mode="online",
                                         channel="new_media", held_on=held_on, views=views,
                                         participants=participants, registrations=registrations)
    for owner, created, status, due in RECTIFICATIONS:
        rect = Rectification.objects.create(owner_org=org(owner), title=f"整改{next(_n)}", description="问题",
                                            due_at=due, status=status)
        Rectification.objects.filter(pk=rect.pk).update(created_at=created)


def make_report(kind="quarterly", year=2026, month=None, quarter=3, title="2026年第三季度运营报告", findings=(),
                number="赣服通运〔2026〕3号", status="draft"):
    start, end = period_dates(kind, year, month, quarter)
    report = OperationsReport.objects.create(owner_org=org("OP3601"), kind=kind, year=year, month=month,
                                             quarter=quarter, period_start=start, period_end=end, title=title,
                                             number=number, narrative="本季度平台运行平稳。\n部分单位工单超期。",
                                             status=status)
    for text, codes in findings:
        finding = ReportFinding.objects.create(report=report, text=text)
        for code in codes:
            finding.named.create(org_unit=org(code))
    return report
