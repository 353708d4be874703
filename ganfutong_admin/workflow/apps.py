from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


def _filings_label(user):
    from .naming import menu_label

    return menu_label(user)


class WorkflowConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.workflow"
    label = "workflow"
    verbose_name = _("Filings and rectifications")
    kernel_app = True
    domain_data = True
    menu = (
        chapters.MenuEntry(_("Filings"), "workflow:filing-list", "workflow.view_filing", order=10,
                           label_for=_filings_label),
        chapters.MenuEntry(_("Rectifications"), "workflow:rectification-list", "workflow.view_rectification", order=20),
        chapters.MenuEntry(_("Working-day calendar"), "workflow:calendar", "workflow.view_calendarday", order=90),
    )
    url_mounts = (chapters.UrlMount("", "ganfutong_admin.workflow.urls"),)
    api_enums = {
        "FilingStatusEnum": "ganfutong_admin.workflow.models.FilingStatus",
        "RectificationStatusEnum": "ganfutong_admin.workflow.models.RectificationStatus",
    }

    def workflow_bindings(self):
        from .lifecycles import FilingLifecycle, RectificationLifecycle
        from .models import Filing, Rectification

        return (chapters.WorkflowBinding(Filing, FilingLifecycle()),
                chapters.WorkflowBinding(Rectification, RectificationLifecycle()))

    def api_routes(self):
        from .api.views import FilingViewSet, RectificationViewSet

        return (chapters.ApiRoute("filings", FilingViewSet, "filing"),
                chapters.ApiRoute("rectifications", RectificationViewSet, "rectification"))

    def policy_parameters(self):
        from .parameters import PARAMETERS

        return PARAMETERS

    def metric_gauges(self):
        from .models import Filing, Rectification

        return (
            chapters.MetricGauge("filings_awaiting_review", "Filings submitted and waiting for review.",
                                 lambda: Filing.objects.awaiting_review().count()),
            chapters.MetricGauge("rectifications_overdue", "Open rectifications past their due date.",
                                 lambda: Rectification.objects.overdue().count()),
        )
