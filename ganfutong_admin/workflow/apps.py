from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "ganfutong_admin.workflow"
    label = "workflow"
    verbose_name = _("Filings and rectifications")
