from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class ChannelIntegrationConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.channel_integration"
    label = "channel_integration"
    verbose_name = _("Channel integration (Article 5)")
    kernel_app = True
    domain_data = True
    menu = (chapters.MenuEntry(_("Legacy apps"), "channel_integration:legacyapp-list",
                               "channel_integration.view_legacyapp", order=85),)
    url_mounts = (chapters.UrlMount("", "ganfutong_admin.channel_integration.urls"),)
    api_enums = {"MigrationStatusEnum": "ganfutong_admin.channel_integration.models.MigrationStatus"}

    def api_routes(self):
        from .api.views import LegacyAppViewSet

        return (chapters.ApiRoute("legacy-apps", LegacyAppViewSet, "legacyapp"),)

    def home_figures(self):
        from .figures import overdue_legacy_apps

        return (overdue_legacy_apps,)

    def filing_kinds(self):
        from ganfutong_admin.workflow import kinds

        from .models import record_exception_decision

        return (kinds.FilingKind(
            code="new_app_exception",
            label=_("New standalone app exception"),
            article="第五条",
            detail_attr="new_app_exception",
            create_url="channel_integration:exception-create",
            edit_url="channel_integration:exception-edit",
            detail_template="channel_integration/_exception_details.html",
            review_working_days=10,
            # Only approved as an exception, and the reason must be on record.
            comment_required=frozenset({"approve"}),
            on_decided=record_exception_decision,
        ),)
