from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    label = "maintenance"
    verbose_name = _("Operation and maintenance")

    def ready(self):
        # Each area registers its filing kinds and home work-list sections with the kernel.
        from .budgets import hooks as _budgets  # noqa: F401
        from .events import hooks as _events  # noqa: F401
        from .hotline import hooks as _hotline  # noqa: F401
        from .inspections import hooks as _inspections  # noqa: F401
        from .monitoring import hooks as _monitoring  # noqa: F401
