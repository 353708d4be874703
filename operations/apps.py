from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry

# What every reader of the chapter sees.
_READ = ["operations.view_responsibleperson", "operations.view_partner", "operations.view_circular",
         "operations.view_selfcheckcampaign", "operations.view_selfcheckreport",
         "operations.view_promotionplan", "operations.view_promotionactivity",
         "operations.view_operationsreport"]
# docs/roles.md: submitters create and edit their org unit's records: promotion plans and activities (第十三条).
_PROMOTION_WRITE = ["operations.add_promotionplan", "operations.change_promotionplan",
                    "operations.add_promotionactivity", "operations.change_promotionactivity"]


class OperationsConfig(chapters.ChapterConfig):
    """Operations (第十二条–第十五条): one app, one package per area."""

    name = "operations"
    label = "operations"
    verbose_name = _("Operations management")
    domain_data = True
    url_mounts = (chapters.UrlMount("operations/", "operations.urls"),)
    menu = (chapters.MenuGroup(_("Operations management"), (
        Entry(_("Responsible persons"), "operations:responsible-list", "operations.view_responsibleperson"),
        Entry(_("Responsible person coverage"), "operations:responsible-coverage",
              "operations.view_responsibleperson"),
        Entry(_("Operations plans"), "operations:plan-list", "workflow.view_filing"),
        Entry(_("Units without an operations plan"), "operations:plan-missing", "workflow.view_filing"),
        Entry(_("Self-check campaigns"), "operations:selfcheck-list", "operations.view_selfcheckcampaign"),
        Entry(_("Self-check reports"), "operations:selfcheck-report-list", "operations.view_selfcheckreport"),
        Entry(_("Circulars"), "operations:circular-list", "operations.view_circular"),
        Entry(_("Operations reports"), "operations:report-list", "operations.view_operationsreport"),
        Entry(_("Third-party partners"), "operations:partner-list", "operations.view_partner"),
        Entry(_("Promotion plans"), "operations:promotion-plan-list", "operations.view_promotionplan"),
        Entry(_("Promotion activities"), "operations:promotion-list", "operations.view_promotionactivity"),
        Entry(_("Promotion summary"), "operations:promotion-summary", "operations.view_promotionactivity"),
    ), order=45),)
    role_permissions = {
        # org units submit their self-checks (第十四条)
        "submitter": [*_READ, "operations.add_selfcheckreport", "operations.change_selfcheckreport",
                      *_PROMOTION_WRITE],
        # docs/roles.md: the head of an org unit keeps its responsible-person register (第十二条)
        "org_admin": ["operations.add_responsibleperson", "operations.change_responsibleperson"],
        # the provincial authority starts and suspends a partner's cooperation (第十五条)
        "reviewer": [*_READ, "operations.manage_partner"],
        # docs/roles.md: supervisors force partners out (第十五条)
        # docs/roles.md: supervisors issue circulars (drafted, reviewed by another supervisor, published) and force
        # partners out (第十四条、第十五条)
        "supervisor": [*_READ, "operations.force_exit_partner", "operations.add_circular",
                       "operations.change_circular", "operations.publish_circular",
                       "operations.add_selfcheckcampaign", "operations.change_selfcheckcampaign"],
        # docs/roles.md: the operator's publisher issues the periodic operations reports (第十四条)
        "publisher": [*_READ, "operations.add_operationsreport", "operations.change_operationsreport",
                      "operations.publish_operationsreport"],
    }

    api_enums = {
        "PartnerStatusEnum": "operations.partners.models.PartnerStatus",
        "ExitReasonEnum": "operations.partners.models.ExitReason",
        "DutyEnum": "operations.responsible.models.Duty",
        "CircularResultEnum": "operations.circulars.models.CircularResult",
        "PromotionChannelEnum": "operations.promotion.models.Channel",
        "PromotionModeEnum": "operations.promotion.models.ActivityMode",
        "OperationsReportKindEnum": "operations.reports.models.ReportKind",
        "OperationsReportStatusEnum": "operations.reports.models.ReportStatus",
    }

    def api_routes(self):
        from .circulars.api import CircularViewSet
        from .partners.api import PartnerViewSet
        from .promotion.api import PromotionActivityViewSet, PromotionPlanViewSet
        from .reports.api import ReportViewSet
        from .responsible.api import ResponsiblePersonViewSet

        return (chapters.ApiRoute("responsible-persons", ResponsiblePersonViewSet, "responsibleperson"),
                chapters.ApiRoute("partners", PartnerViewSet, "partner"),
                chapters.ApiRoute("circulars", CircularViewSet, "circular"),
                chapters.ApiRoute("promotion-plans", PromotionPlanViewSet, "promotionplan"),
                chapters.ApiRoute("promotion-activities", PromotionActivityViewSet, "promotionactivity"),
                chapters.ApiRoute("reports", ReportViewSet, "operationsreport"))

    def workflow_bindings(self):
        from .circulars.lifecycle import CircularLifecycle
        from .circulars.models import Circular
        from .partners.lifecycle import PartnerLifecycle
        from .partners.models import Partner
        from .reports.lifecycle import ReportLifecycle
        from .reports.models import OperationsReport
        from .selfchecks.lifecycle import SelfCheckLifecycle
        from .selfchecks.models import SelfCheckReport

        return (chapters.WorkflowBinding(Partner, PartnerLifecycle()),
                chapters.WorkflowBinding(Circular, CircularLifecycle()),
                chapters.WorkflowBinding(SelfCheckReport, SelfCheckLifecycle()),
                chapters.WorkflowBinding(OperationsReport, ReportLifecycle()))

    def rectification_sources(self):
        from .reports.models import ReportFinding
        from .selfchecks.models import SelfCheckAnswer

        return (SelfCheckAnswer, ReportFinding)

    def filing_kinds(self):
        from .partners.lifecycle import FILING_KINDS as PARTNER_KINDS
        from .plans.kinds import FILING_KINDS as PLAN_KINDS

        return (*PLAN_KINDS, *PARTNER_KINDS)

    def worklist_sections(self):
        from .worklist import SECTIONS

        return SECTIONS

    def policy_parameters(self):
        from .parameters import PARAMETERS

        return PARAMETERS

    def supervision_rules(self):
        from .plans import kinds as plans
        from .responsible import supervision

        return (*supervision.rules(), *plans.rules())

    def evaluation_indicators(self):
        from .circulars import supervision as circulars
        from .promotion import supervision as promotion
        from .reports import supervision as reports
        from .responsible import supervision

        return (*supervision.indicators(), *circulars.indicators(), *promotion.indicators(), *reports.indicators())
