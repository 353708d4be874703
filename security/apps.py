from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry

_READ = ["security.view_datasecurityregister", "security.view_securityincident", "security.view_risk",
         "security.view_securityassessment", "security.view_supplier", "security.view_emergencyplan",
         "security.view_drill", "security.view_trainingsession", "security.view_connectedsystem"]
# Who keeps records of their own org unit (docs/roles.md: submitters, heads of org units, and the operator for its
# own records: in security it sees only its own).
_KEEP = [*_READ, "security.add_datasecurityregister", "security.change_datasecurityregister",
         "security.add_securityincident", "security.change_securityincident",
         "security.add_risk", "security.change_risk", "security.add_securityassessment",
         "security.add_supplier", "security.change_supplier", "security.add_emergencyplan",
         "security.change_emergencyplan", "security.add_drill", "security.add_trainingsession",
         "security.change_trainingsession", "security.add_connectedsystem", "security.change_connectedsystem"]


class SecurityConfig(chapters.ChapterConfig):
    """Security management (第二十条–第二十三条): one app, one package per area. In this chapter the operator sees
    only its own records (docs/roles.md): every model sets `scope_everything = {}`."""

    name = "security"
    label = "security"
    verbose_name = _("Security management")
    domain_data = True
    url_mounts = (chapters.UrlMount("security/", "security.urls"),)
    menu = (chapters.MenuGroup(_("Security management"), (
        Entry(_("Data-security register"), "security:register-list", "security.view_datasecurityregister"),
        Entry(_("Security incidents"), "security:incident-list", "security.view_securityincident"),
        Entry(_("Risk register"), "security:risk-list", "security.view_risk"),
        Entry(_("Risk heat map"), "security:risk-heat-map", "security.view_risk"),
        Entry(_("Security assessments"), "security:assessment-list", "security.view_securityassessment"),
        Entry(_("Security training"), "security:training-list", "security.view_trainingsession"),
        Entry(_("Training coverage"), "security:training-coverage", "security.view_trainingsession"),
        Entry(_("Emergency plans"), "security:plan-list", "security.view_emergencyplan"),
        Entry(_("Drills"), "security:drill-list", "security.view_drill"),
        Entry(_("Suppliers"), "security:supplier-list", "security.view_supplier"),
        Entry(_("Expiring agreements and checks"), "security:supplier-expiry", "security.view_supplier"),
        Entry(_("Connected systems"), "security:system-list", "security.view_connectedsystem"),
    ), order=60),)
    role_permissions = {
        "submitter": _KEEP,
        # the provincial authority reviews closed incidents
        "reviewer": [*_READ, "security.review_incident"],
        "publisher": _KEEP,
    }

    api_enums = {
        "IncidentSeverityEnum": "security.incidents.models.IncidentSeverity",
        "IncidentStatusEnum": "security.incidents.models.IncidentStatus",
        "RiskStatusEnum": "security.risks.models.RiskStatus",
        "SecurityAssessmentKindEnum": "security.risks.models.AssessmentKind",
        "BackgroundCheckResultEnum": "security.suppliers.models.CheckResult",
    }

    def api_routes(self):
        from .drills.api import DrillViewSet, PlanViewSet
        from .duties.api import SystemViewSet
        from .incidents.api import IncidentViewSet
        from .register.api import RegisterViewSet
        from .risks.api import AssessmentViewSet, RiskViewSet
        from .suppliers.api import SupplierViewSet
        from .training.api import TrainingSessionViewSet

        return (chapters.ApiRoute("data-register", RegisterViewSet, "datasecurityregister"),
                chapters.ApiRoute("incidents", IncidentViewSet, "securityincident"),
                chapters.ApiRoute("risks", RiskViewSet, "risk"),
                chapters.ApiRoute("assessments", AssessmentViewSet, "securityassessment"),
                chapters.ApiRoute("suppliers", SupplierViewSet, "supplier"),
                chapters.ApiRoute("plans", PlanViewSet, "emergencyplan"),
                chapters.ApiRoute("drills", DrillViewSet, "drill"),
                chapters.ApiRoute("training-sessions", TrainingSessionViewSet, "trainingsession"),
                chapters.ApiRoute("systems", SystemViewSet, "connectedsystem"))

    def rectification_sources(self):
        from .drills.models import DrillFinding
        from .risks.models import AssessmentFinding

        return (AssessmentFinding, DrillFinding)

    def workflow_bindings(self):
        from .incidents.lifecycle import IncidentLifecycle
        from .incidents.models import SecurityIncident

        return (chapters.WorkflowBinding(SecurityIncident, IncidentLifecycle()),)

    def policy_parameters(self):
        from .parameters import PARAMETERS

        return PARAMETERS

    def filing_guards(self):
        from .register.guards import LISTING_ACTIONS, LISTING_KIND, listing_register_guard, listing_register_start

        return (chapters.FilingGuard(LISTING_KIND, LISTING_ACTIONS, listing_register_guard,
                                     start_check=listing_register_start),)

    def supervision_rules(self):
        from .drills import rules as drills
        from .duties import rules as duties
        from .incidents import rules as incidents
        from .register import rules as register
        from .risks import rules as risks
        from .suppliers import rules as suppliers
        from .training import coverage as training

        return (
            chapters.SupervisionRule("security.training_below_minimum", _("Security training below the minimum"),
                                     "第二十条", training.below_minimum_last_year),
            chapters.SupervisionRule("security.drill_overdue", _("Emergency drill overdue"), "第二十三条",
                                     drills.drill_overdue),
            chapters.SupervisionRule("security.nda_expired", _("Supplier confidentiality agreement expired"),
                                     "第二十一条", suppliers.nda_expired),
            chapters.SupervisionRule("security.background_check_expired",
                                     _("Background check of supplier personnel expired"), "第二十一条",
                                     suppliers.background_check_expired),
            chapters.SupervisionRule("security.risk_treatment_overdue", _("Risk treatment overdue"), "第二十条",
                                     risks.treatment_overdue),
            chapters.SupervisionRule("security.incident_reported_late", _("Security incident reported late"),
                                     "第二十二条", incidents.reported_late),
            chapters.SupervisionRule("security.register_incomplete", _("Data-security register incomplete for a "
                                                                       "listed service"), "第二十一条",
                                     register.listed_without_complete_register),
            chapters.SupervisionRule("security.assessment_overdue", _("MLPS assessment of a connected system overdue"),
                                     "第二十二条", duties.assessment_overdue),
        )

    def evaluation_indicators(self):
        from . import indicators
        from .incidents import rules as incidents
        from .register import rules as register

        return (
            chapters.EvaluationIndicator("security.incidents_reported_in_time",
                                         _("Security incidents reported in time"), "第二十二条",
                                         incidents.reported_in_time_rate, kind="rate"),
            chapters.EvaluationIndicator("security.register_completeness",
                                         _("Listed services with a complete data-security register"), "第二十一条",
                                         register.register_completeness, kind="rate"),
            chapters.EvaluationIndicator("security.staff_trained", _("Staff trained in security this year"),
                                         "第二十条", indicators.staff_trained, kind="rate"),
            chapters.EvaluationIndicator("security.risk_treatments_on_time", _("Risk treatments closed on time"),
                                         "第二十条", indicators.risk_treatments_on_time, kind="rate"),
            chapters.EvaluationIndicator("security.drills_on_schedule", _("Emergency drills on schedule"),
                                         "第二十三条", indicators.drills_on_schedule, kind="rate"),
            chapters.EvaluationIndicator("security.supplier_staff_checks",
                                         _("Supplier personnel with a valid confidentiality agreement and "
                                           "background check"), "第二十一条", indicators.supplier_staff_checks,
                                         kind="rate"),
        )
