from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry
_EVALUATION_READ = ["supervision.view_evaluationperiod", "supervision.view_scoresheet", "supervision.view_manualscore",
                    # 第二十六条: the org unit concerned reads its accountability records
                    "supervision.view_accountabilityrecord", "supervision.view_accountabilitylink",
                    # 第二十四条: the owner sees how its services were spot-checked
                    "supervision.view_spotcheckitem", "supervision.view_simulatedapplication",
                    "supervision.view_simulatedstep"]


class SupervisionConfig(chapters.ChapterConfig):
    """Supervision and evaluation (第二十四条–第二十六条): electronic supervision, evaluation, accountability."""

    name = "supervision"
    label = "supervision"
    verbose_name = _("Supervision and evaluation")
    domain_data = True
    url_mounts = (chapters.UrlMount("supervision/", "supervision.urls"),)
    menu = (chapters.MenuGroup(_("Supervision and evaluation"), (
        Entry(_("Supervision alerts"), "supervision:alert-list", "supervision.view_alert"),
        Entry(_("Alerts by city"), "supervision:alert-dashboard", "supervision.view_alert"),
        Entry(_("Spot-check campaigns"), "supervision:spotcheck-list", "supervision.view_spotcheckcampaign"),
        Entry(_("Spot-checked services"), "supervision:spotcheck-items", "supervision.view_spotcheckitem"),
        Entry(_("Simulated handling"), "supervision:simulation-list", "supervision.view_simulatedapplication"),
        Entry(_("Evaluations"), "supervision:evaluation-list", "supervision.view_evaluationperiod"),
        Entry(_("Accountability"), "supervision:accountability-list", "supervision.view_accountabilityrecord"),
    ), order=70),)
    role_permissions = {
        # the responsible org unit reads and acknowledges its own alerts (第二十四条)
        # and reads the evaluation, its own score sheet and the manual scores behind it (第二十五条)
        "submitter": ["supervision.view_alert", "supervision.acknowledge_alert", *_EVALUATION_READ],
        "reviewer": ["supervision.view_alert", *_EVALUATION_READ],
        "publisher": ["supervision.view_alert", *_EVALUATION_READ],
        # supervisors run electronic supervision on demand, open periods, score manual items, finalize (ROLES.md)
        "supervisor": ["supervision.run_rules",
                       "supervision.add_evaluationperiod", "supervision.change_evaluationperiod",
                       "supervision.add_manualscore", "supervision.change_manualscore",
                       "supervision.finalize_evaluation",
                       "supervision.add_accountabilityrecord", "supervision.change_accountabilityrecord",
                       "supervision.add_spotcheckcampaign", "supervision.change_spotcheckcampaign",
                       "supervision.change_spotcheckitem", "supervision.add_simulatedapplication"],
        # auditors export finalized evaluations (accounts.export_scores, granted by the kernel)
    }
    api_enums = {
        "AlertLevelEnum": "supervision.alerts.models.AlertLevel",
        "AlertStatusEnum": "supervision.alerts.models.AlertStatus",
        "EvaluationPeriodStatusEnum": "supervision.evaluation.models.PeriodStatus",
        "EvaluationPeriodKindEnum": "supervision.evaluation.models.PeriodKind",
        "EvaluationMethodEnum": "supervision.evaluation.models.Method",
    }
    task_modules = ("supervision.alerts.tasks",)

    def workflow_bindings(self):
        from .alerts.models import Alert, AlertLifecycle
        from .evaluation.models import EvaluationPeriod, PeriodLifecycle

        return (chapters.WorkflowBinding(Alert, AlertLifecycle()),
                chapters.WorkflowBinding(EvaluationPeriod, PeriodLifecycle()))

    def api_routes(self):
        from .accountability.api import AccountabilityViewSet
        from .alerts.api import AlertViewSet
        from .evaluation.api import PeriodViewSet, ScoreSheetViewSet
        from .spotchecks.api import CampaignViewSet, ItemViewSet, SimulationViewSet

        return (chapters.ApiRoute("alerts", AlertViewSet, "alert"),
                chapters.ApiRoute("evaluation-periods", PeriodViewSet, "evaluationperiod"),
                chapters.ApiRoute("scores", ScoreSheetViewSet, "scoresheet"),
                chapters.ApiRoute("accountability", AccountabilityViewSet, "accountabilityrecord"),
                chapters.ApiRoute("spot-checks", CampaignViewSet, "spotcheckcampaign"),
                chapters.ApiRoute("spot-check-items", ItemViewSet, "spotcheckitem"),
                chapters.ApiRoute("simulations", SimulationViewSet, "simulatedapplication"))

    def metric_gauges(self):
        from .alerts.models import Alert

        return (chapters.MetricGauge("supervision_alerts_open", "Supervision alerts not yet resolved.",
                                     lambda: Alert.objects.active().count()),)

    def beat_schedule(self):
        return {
            "run-supervision-rules": {"task": "supervision.alerts.tasks.run_supervision_rules",
                                      "schedule": timedelta(hours=1)},
        }

    def policy_parameters(self):
        from .parameters import PARAMETERS

        return PARAMETERS

    def supervision_rules(self):
        from .rules import RULES

        return RULES

    def evaluation_indicators(self):
        from .indicators import INDICATORS

        return INDICATORS
