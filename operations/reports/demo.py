"""Demo data of operations reports (第十四条): the published report of 2026 Q3 (frozen figures; findings naming 南昌市
and 江西省公安厅, each with its rectification, and a general finding) and a draft monthly report of November 2026
(live figures). Idempotent: a report is found by its kind and period; publishing goes through the engine."""

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine

from .models import OperationsReport, ReportFinding, ReportStatus, period_dates

REPORTS = [
    ("quarterly", 2026, None, 3, "赣服通运〔2026〕3号", "赣服通平台2026年第三季度运营报告", ReportStatus.PUBLISHED,
     "第三季度，赣服通平台运行总体平稳，新上线服务事项较上季度增加，12345热线工单按时办结率保持稳定。\n"
     "部分地区工单超期、差评整改不及时等问题仍较突出，需对照本报告抓好整改。",
     [("12345热线工单超期率偏高，差评整改不及时，请于规定期限内完成整改并报送整改情况。", ["360100"]),
      ("出入境预约服务多次出现不可用情况，请排查服务入口并完善监测告警。", ["D3601"]),
      ("各地各部门要持续提升高频事项“掌上办”比例。", [])]),
    ("monthly", 2026, 11, None, "", "赣服通平台2026年11月运营报告", ReportStatus.DRAFT,
     "11月份，平台运行平稳。", [("部分县区服务事项信息更新不及时。", ["360102"])]),
]


def seed(users):
    publisher = users["operator_publisher"]
    for kind, year, month, quarter, number, title, final, narrative, findings in REPORTS:
        start, end = period_dates(kind, year, month, quarter)
        if OperationsReport.objects.filter(kind=kind, period_start=start).exists():
            continue
        report = OperationsReport.objects.create(
            owner_org=publisher.org_unit, created_by=publisher, kind=kind, year=year, month=month, quarter=quarter,
            period_start=start, period_end=end, number=number, title=title, narrative=narrative)
        report.record_event(publisher, "create", "", report.status)
        for text, codes in findings:
            finding = ReportFinding.objects.create(report=report, text=text)
            for code in codes:
                finding.named.create(org_unit=OrgUnit.objects.get(code=code))
        # Published only once its period is over (the engine's guard): a demo seeded on an earlier date keeps a draft.
        if final == ReportStatus.PUBLISHED and end < timezone.localdate():
            engine.perform(OperationsReport, report.pk, "publish", publisher, report.version, "同意发布。")
