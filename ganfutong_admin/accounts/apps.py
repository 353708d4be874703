from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class AccountsConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    kernel_app = True
    url_mounts = (chapters.UrlMount("accounts/", "ganfutong_admin.accounts.urls"),)
    # sys_admin manages accounts; sec_admin grants roles and records and sets the security policy (docs/roles.md).
    menu = (
        chapters.MenuEntry(_("Accounts"), "accounts:administration:account-list", "accounts.change_user", order=89),
        chapters.MenuEntry(_("Roles and grants"), "accounts:administration:role-account-list",
                           "accounts.assign_role", order=89),
        chapters.MenuEntry(_("Security policy"), "accounts:administration:security-policy",
                           "accounts.set_security_policy", order=93),
    )

    def beat_schedule(self):
        from datetime import timedelta

        return {
            "accounts-disable-dormant": {
                "task": "ganfutong_admin.accounts.tasks.disable_dormant_accounts",
                "schedule": timedelta(hours=6),
            },
            "accounts-revoke-expired-record-grants": {
                "task": "ganfutong_admin.accounts.tasks.revoke_expired_record_grants",
                "schedule": timedelta(minutes=5),
            },
        }

    def policy_parameters(self):
        from .security_policy import SECURITY_PARAMETERS

        return SECURITY_PARAMETERS

    def ready(self):
        super().ready()
        from django.db.models.signals import m2m_changed, post_migrate

        from . import checks, roles, signals  # noqa: F401  (checks: the separation-of-duties system check)
        from .models import User

        m2m_changed.connect(signals.keep_system_roles_alone, sender=User.groups.through)
        # Sign-in policy: idle timeout, absolute lifetime, concurrent sessions; logout ends the others.
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import sessions

        user_logged_in.connect(sessions.on_sign_in, dispatch_uid="accounts.sessions.on_sign_in")
        user_logged_out.connect(sessions.on_sign_out, dispatch_uid="accounts.sessions.on_sign_out")
        from .second_factor import note_voluntary_enrolment

        user_logged_in.connect(note_voluntary_enrolment, dispatch_uid="accounts.second_factor.voluntary")
        # New permissions added by later migrations reach the roles on every migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
        from django.db.models.signals import post_delete, post_save
        from guardian.models import UserObjectPermission

        for signal in (post_save, post_delete):
            signal.connect(signals.refresh_record_grant_flag, sender=UserObjectPermission,
                           dispatch_uid=f"accounts.record_grant_flag.{signal is post_save}")
