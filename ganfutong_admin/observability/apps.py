from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class ObservabilityConfig(chapters.ChapterConfig):
    """/metrics, request ids and structured request logs, housekeeping jobs."""

    name = "ganfutong_admin.observability"
    label = "observability"
    verbose_name = _("Observability")
    kernel_app = True
    url_mounts = (chapters.UrlMount("", "ganfutong_admin.observability.urls"),)

    def beat_schedule(self):
        return {
            "housekeeping-purge-sessions": {
                "task": "ganfutong_admin.observability.tasks.purge_expired_sessions",
                "schedule": timedelta(hours=1),
            },
            "housekeeping-purge-api-tokens": {
                "task": "ganfutong_admin.observability.tasks.purge_expired_tokens",
                "schedule": timedelta(hours=6),
            },
            "housekeeping-archive-security-log": {
                "task": "ganfutong_admin.observability.tasks.archive_security_log",
                "schedule": timedelta(days=1),
            },
        }

    def ready(self):
        super().ready()
        from . import celery_signals  # noqa: F401
