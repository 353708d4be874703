from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry

# What every reader of the chapter sees.
_READ = [
    "maintenance.view_inspection", "maintenance.view_inspectiontemplate", "maintenance.view_faultreport",
    "maintenance.view_availabilityanomaly", "maintenance.view_uptimeday", "maintenance.view_workorder",
    "maintenance.view_badreview", "maintenance.view_budgetplan",
]


class MaintenanceConfig(chapters.ChapterConfig):
    """Maintenance (第十六条–第十九条): one app, one package per area."""

    name = "maintenance"
    label = "maintenance"
    verbose_name = _("Operation and maintenance")
    domain_data = True
    url_mounts = (chapters.UrlMount("maintenance/", "maintenance.urls"),)
    menu = (chapters.MenuGroup(_("Operation and maintenance"), (
        Entry(_("Inspections"), "maintenance:inspection-list", "maintenance.view_inspection"),
        Entry(_("Daily inspection coverage"), "maintenance:inspection-coverage", "maintenance.view_inspection"),
        Entry(_("Advance filings"), "maintenance:advance-filing-list", "workflow.view_filing"),
        Entry(_("Fault reports"), "maintenance:fault-list", "maintenance.view_faultreport"),
        Entry(_("Availability monitoring"), "maintenance:monitoring-dashboard", "maintenance.view_uptimeday"),
        Entry(_("12345 work orders"), "maintenance:hotline-workorder-list", "maintenance.view_workorder"),
        Entry(_("Bad reviews"), "maintenance:hotline-badreview-list", "maintenance.view_badreview"),
        Entry(_("Maintenance budgets"), "maintenance:budget-list", "maintenance.view_budgetplan"),
    ), order=50),)
    role_permissions = {
        "submitter": [
            *_READ,
            # daily inspections (第十七条), fault reports (第十六条), work orders and bad reviews (第十八条),
            # budgets (第十九条)
            "maintenance.add_inspection", "maintenance.change_inspection",
            "maintenance.add_faultreport", "maintenance.change_faultreport",
            "maintenance.handle_workorder", "maintenance.appeal_badreview",
            "maintenance.add_budgetplan", "maintenance.change_budgetplan",
            # 第十七条: the owner of a service acknowledges its availability anomalies (with a note)
            "maintenance.acknowledge_anomaly",
        ],
        # the head of an org unit signs off its budget plan (第十九条)
        "org_admin": ["maintenance.sign_off_budgetplan"],
        "reviewer": [
            *_READ,
            # the provincial authority inspects the platform (第十六条), closes fault reviews, decides extensions
            # of work orders and appeals against malicious bad reviews (第十八条)
            "maintenance.inspect_platform", "maintenance.add_inspection", "maintenance.change_inspection",
            "maintenance.add_inspectiontemplate", "maintenance.change_inspectiontemplate",
            "maintenance.review_fault", "maintenance.approve_extension", "maintenance.review_appeal",
            # (the hotline's time limits are policy parameters: policy.add_parameterversion, granted by the kernel)
        ],
        "publisher": [
            *_READ,
            # 第九条/第十七条: the operator inspects the platform, runs monitoring, dispatches work orders
            "maintenance.inspect_platform", "maintenance.add_inspection", "maintenance.change_inspection",
            "maintenance.add_inspectiontemplate", "maintenance.change_inspectiontemplate",
            "maintenance.add_faultreport", "maintenance.change_faultreport",
            "maintenance.manage_monitoring", "maintenance.acknowledge_anomaly",
            "maintenance.add_workorder", "maintenance.dispatch_workorder",
            # bad reviews of platform cases (办件差评) entered by hand, by the operator who handles complaints
            "maintenance.add_badreview",
        ],
    }
    api_enums = {
        "FaultStatusEnum": "maintenance.events.models.FaultStatus",
        "WorkOrderStatusEnum": "maintenance.hotline.models.WorkOrderStatus",
        "WorkOrderExtensionStatusEnum": "maintenance.hotline.models.ExtensionStatus",
        "BadReviewStatusEnum": "maintenance.hotline.models.BadReviewStatus",
        "SatisfactionEnum": "maintenance.hotline.models.Satisfaction",
        "AnomalyStatusEnum": "maintenance.monitoring.models.AnomalyStatus",
        "InspectionKindEnum": "maintenance.inspections.models.InspectionKind",
        "FindingSeverityEnum": "maintenance.inspections.models.Severity",
        "FaultSeverityEnum": "maintenance.events.models.FaultSeverity",
        # (named, so that another chapter's "result" choices cannot take the name)
        "ResultEnum": "maintenance.inspections.models.FindingResult",
    }
    task_modules = ("maintenance.hotline.tasks", "maintenance.monitoring.tasks")

    def workflow_bindings(self):
        from .budgets.lifecycle import BudgetLifecycle
        from .budgets.models import BudgetPlan
        from .events.faults import FaultLifecycle
        from .events.models import FaultReport
        from .hotline.appeals import BadReviewLifecycle
        from .hotline.lifecycle import WorkOrderLifecycle
        from .hotline.models import BadReview, WorkOrder
        from .inspections.lifecycle import InspectionLifecycle
        from .inspections.models import Inspection
        from .monitoring.models import AnomalyLifecycle, AvailabilityAnomaly

        return (
            chapters.WorkflowBinding(Inspection, InspectionLifecycle()),
            chapters.WorkflowBinding(FaultReport, FaultLifecycle()),
            chapters.WorkflowBinding(AvailabilityAnomaly, AnomalyLifecycle()),
            chapters.WorkflowBinding(WorkOrder, WorkOrderLifecycle()),
            chapters.WorkflowBinding(BadReview, BadReviewLifecycle()),
            chapters.WorkflowBinding(BudgetPlan, BudgetLifecycle()),
        )

    def api_routes(self):
        from .budgets.api import BudgetPlanViewSet
        from .events.api import AdvanceFilingViewSet, FaultReportViewSet
        from .hotline.api import BadReviewViewSet, WorkOrderViewSet
        from .inspections.api import InspectionTemplateViewSet, InspectionViewSet
        from .monitoring.api import AnomalyViewSet, ServiceStatusViewSet, UptimeDayViewSet

        return (
            chapters.ApiRoute("inspections", InspectionViewSet, "inspection"),
            chapters.ApiRoute("inspection-templates", InspectionTemplateViewSet, "inspectiontemplate"),
            chapters.ApiRoute("fault-reports", FaultReportViewSet, "faultreport"),
            chapters.ApiRoute("advance-filings", AdvanceFilingViewSet, "advancefiling"),
            chapters.ApiRoute("uptime-days", UptimeDayViewSet, "uptimeday"),
            chapters.ApiRoute("anomalies", AnomalyViewSet, "availabilityanomaly"),
            chapters.ApiRoute("service-status", ServiceStatusViewSet, "servicestatus"),
            chapters.ApiRoute("work-orders", WorkOrderViewSet, "workorder"),
            chapters.ApiRoute("bad-reviews", BadReviewViewSet, "badreview"),
            chapters.ApiRoute("budget-plans", BudgetPlanViewSet, "budgetplan"),
        )

    def metric_gauges(self):
        from .hotline.models import Light, WorkOrder

        return (chapters.MetricGauge("work_orders_red", "Hotline work orders whose light is red (past a deadline).",
                                     lambda: WorkOrder.objects.with_light().filter(light=Light.RED).count()),)

    def beat_schedule(self):
        from django.conf import settings

        return {
            # 第十七条: probe every listed service's entry URL, then roll results up into daily uptime.
            "probe-listed-services": {
                "task": "maintenance.monitoring.tasks.probe_listed_services",
                "schedule": timedelta(seconds=settings.MONITOR_INTERVAL_SECONDS),
            },
            "roll-up-uptime": {"task": "maintenance.monitoring.tasks.roll_up_uptime", "schedule": timedelta(hours=1)},
            # 第十八条: yellow and red lights are computed in queries; this only reminds the handlers.
            "remind-work-orders-due": {
                "task": "maintenance.hotline.tasks.remind_work_orders_due",
                "schedule": timedelta(hours=1),
            },
        }

    def filing_kinds(self):
        from .events.kinds import FILING_KINDS

        return FILING_KINDS

    def worklist_sections(self):
        from .budgets import worklist as budgets
        from .events import worklist as events
        from .hotline import worklist as hotline
        from .inspections import worklist as inspections
        from .monitoring import worklist as monitoring

        return (*inspections.SECTIONS, *events.SECTIONS, *monitoring.SECTIONS, *hotline.SECTIONS, *budgets.SECTIONS)

    def policy_parameters(self):
        from .parameters import PARAMETERS

        return PARAMETERS

    def rectification_sources(self):
        from .hotline.models import BadReview
        from .inspections.models import InspectionFinding

        return (InspectionFinding, BadReview)

    def supervision_rules(self):
        from .rules import RULES

        return RULES

    def evaluation_indicators(self):
        from .indicators import INDICATORS

        return INDICATORS
