from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class NotificationsConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    kernel_app = True

    def beat_schedule(self):
        return {
            "remind-approaching-deadlines": {
                "task": "ganfutong_admin.notifications.tasks.remind_approaching_deadlines",
                "schedule": timedelta(hours=1),
            },
        }
