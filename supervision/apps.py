from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry


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
    ), order=70),)
    role_permissions = {
        # the responsible org unit reads and acknowledges its own alerts (第二十四条)
        "submitter": ["supervision.view_alert", "supervision.acknowledge_alert"],
        "reviewer": ["supervision.view_alert"],
        "publisher": ["supervision.view_alert"],
        # supervisors run electronic supervision on demand (ROLES.md: supervision alerts)
        "supervisor": ["supervision.run_rules"],
    }
    api_enums = {
        "AlertLevelEnum": "supervision.alerts.models.AlertLevel",
        "AlertStatusEnum": "supervision.alerts.models.AlertStatus",
    }
    task_modules = ("supervision.alerts.tasks",)

    def workflow_bindings(self):
        from .alerts.models import Alert, AlertLifecycle

        return (chapters.WorkflowBinding(Alert, AlertLifecycle()),)

    def api_routes(self):
        from .alerts.api import AlertViewSet

        return (chapters.ApiRoute("alerts", AlertViewSet, "alert"),)

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
