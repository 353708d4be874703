from django.utils.translation import gettext_lazy as _

from . import chapters


class CoreConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.core"
    label = "core"
    verbose_name = _("Shell")
    kernel_app = True
    menu = (chapters.MenuEntry(_("Work list"), "core:home", order=0),)
    url_mounts = (chapters.UrlMount("", "ganfutong_admin.core.urls"),)

    def beat_schedule(self):
        from datetime import timedelta

        # Background exports' files are kept EXPORT_KEEP_DAYS; a job a lost worker left is failed.
        return {"core-purge-export-files": {"task": "ganfutong_admin.core.tasks.purge_export_files",
                                            "schedule": timedelta(hours=1)}}

    def ready(self):
        super().ready()
        from django.conf import settings

        from ganfutong_admin.celery import app as celery_app

        # What the apps declare through the contract reaches Celery beat and the API schema here, once.
        celery_app.conf.beat_schedule = chapters.beat_schedule()
        settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(chapters.api_enums())
