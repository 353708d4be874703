from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class AnnouncementsConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.announcements"
    label = "announcements"
    verbose_name = _("Announcements")
    kernel_app = True
    domain_data = True
    menu = (chapters.MenuEntry(_("Announcements"), "announcements:announcement-list", "announcements.view_announcement",
                      order=40),)
    url_mounts = (chapters.UrlMount("public/", "ganfutong_admin.announcements.urls_public"),
                  chapters.UrlMount("announcements/", "ganfutong_admin.announcements.urls"))

    def workflow_bindings(self):
        from .models import Announcement, AnnouncementLifecycle

        return (chapters.WorkflowBinding(Announcement, AnnouncementLifecycle()),)

    def api_routes(self):
        from .api.views import AnnouncementViewSet

        return (chapters.ApiRoute("announcements", AnnouncementViewSet, "announcement"),)

    def beat_schedule(self):
        return {
            "notify-announcements-going-public": {
                "task": "ganfutong_admin.announcements.tasks.notify_announcements_going_public",
                "schedule": timedelta(minutes=5),
            },
        }

    def worklist_sections(self):
        from .worklist import drafts_waiting

        return (drafts_waiting,)
