from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "ganfutong_admin.audit"
    label = "audit"
    verbose_name = _("Security event log")

    def ready(self):
        from . import signals  # noqa: F401  (login, logout, failed login)
