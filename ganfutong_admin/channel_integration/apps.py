from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelIntegrationConfig(AppConfig):
    name = "ganfutong_admin.channel_integration"
    label = "channel_integration"
    verbose_name = _("Channel integration (Article 5)")

    def ready(self):
        from ganfutong_admin.workflow import kinds

        from .models import record_exception_decision

        kinds.register(kinds.FilingKind(
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
        ))
