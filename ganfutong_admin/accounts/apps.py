from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ganfutong_admin.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_migrate

        from . import roles, signals
        from .models import User

        m2m_changed.connect(signals.keep_system_roles_alone, sender=User.groups.through)
        # New permissions added by later migrations reach the roles on every migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
