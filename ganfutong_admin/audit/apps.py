from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class AuditConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.audit"
    label = "audit"
    verbose_name = _("Security event log")
    kernel_app = True
    menu = (chapters.MenuEntry(_("Security log"), "audit:event-list", "audit.view_securityevent", order=95),)
    url_mounts = (chapters.UrlMount("security-log/", "ganfutong_admin.audit.urls"),)

    def ready(self):
        super().ready()
        from . import signals  # noqa: F401  (login, logout, failed login)
