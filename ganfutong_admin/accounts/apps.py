from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class AccountsConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    kernel_app = True
    url_mounts = (chapters.UrlMount("accounts/", "ganfutong_admin.accounts.urls"),)

    def policy_parameters(self):
        from .security_policy import SECURITY_PARAMETERS

        return SECURITY_PARAMETERS

    def ready(self):
        super().ready()
        from django.db.models.signals import m2m_changed, post_migrate

        from . import roles, signals
        from .models import User

        m2m_changed.connect(signals.keep_system_roles_alone, sender=User.groups.through)
        # New permissions added by later migrations reach the roles on every migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
