from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

_READ = ["services.view_service", "services.view_selftestreport", "services.view_techstandard"]


class ServicesConfig(chapters.ChapterConfig):
    """Service management (第十条–第十一条): catalog, standards, self-tests, service filings, emergency delisting."""

    name = "services"
    label = "services"
    verbose_name = _("Service management")
    domain_data = True
    url_mounts = (chapters.UrlMount("services/", "services.urls"),)
    menu = (chapters.MenuEntry(_("Services"), "services:service-list", "services.view_service", order=30),)
    role_permissions = {
        "submitter": [*_READ, "services.add_service", "services.change_service", "services.import_services",
                      "services.add_selftestreport", "services.change_selftestreport",
                      "services.report_emergency_delisting"],
        # the provincial authority publishes the technical management standard (第十条)
        "reviewer": [*_READ, "services.add_techstandard", "services.change_techstandard", "services.publish_standard"],
        # 第九条: the operator records listings and delistings
        "publisher": [*_READ, "services.record_listing", "services.record_delisting",
                      "services.report_emergency_delisting"],
    }

    def api_routes(self):
        from .api.views import SelfTestReportViewSet, ServiceViewSet, TechStandardViewSet

        return (chapters.ApiRoute("services", ServiceViewSet, "service"),
                chapters.ApiRoute("standards", TechStandardViewSet, "techstandard"),
                chapters.ApiRoute("self-tests", SelfTestReportViewSet, "selftestreport"))

    def workflow_bindings(self):
        from .lifecycle import ServiceLifecycle
        from .models import Service

        return (chapters.WorkflowBinding(Service, ServiceLifecycle()),)

    def worklist_sections(self):
        from .worklist import SECTIONS

        return SECTIONS

    def filing_kinds(self):
        from ganfutong_admin.workflow.kinds import FilingKind

        from . import lifecycle
        from .starting import change_start_check

        common = {"detail_attr": "service_change", "detail_template": "services/_change_details.html",
                  "create_url": "services:change-create", "edit_url": "services:change-edit"}

        def starts(code):  # started from the 报备 page too, the service chosen in the form; one start check
            return {"start_query": f"kind={code}", "start_check": change_start_check(code),
                    "subject_label": _("service")}

        return (
            FilingKind(code="service_list", label=_("Listing-list filing"), article="第十条",
                       detail_attr="service_list", detail_template="services/_list_details.html",
                       create_url="services:list-filing-create", edit_url="services:list-filing-edit"),
            FilingKind(code="service_listing", label=_("Listing filing"), article="第十条", **common,
                       **starts("service_listing"),
                       guards={"submit": lifecycle.listing_guard, "resubmit": lifecycle.listing_guard,
                               "approve": lifecycle.listing_guard},
                       on_submitted=lifecycle.record_self_test, on_decided=lifecycle.on_listing_decided),
            FilingKind(code="service_update", label=_("Update filing"), article="第十一条", **common,
                       **starts("service_update"),
                       guards={"submit": lifecycle.update_guard, "resubmit": lifecycle.update_guard,
                               "approve": lifecycle.update_guard},
                       on_decided=lifecycle.on_update_decided),
            FilingKind(code="service_delisting", label=_("Delisting filing"), article="第十一条", **common,
                       **starts("service_delisting"),
                       guards={"submit": lifecycle.delisting_guard, "resubmit": lifecycle.delisting_guard,
                               "approve": lifecycle.delisting_guard, "acknowledge": lifecycle.delisting_guard},
                       on_decided=lifecycle.on_delisting_decided),
            FilingKind(code="emergency_delisting", label=_("Emergency delisting (written filing)"),
                       article="第十一条", detail_attr="service_change",
                       detail_template="services/_change_details.html", edit_url="services:change-edit"),
        )

    def supervision_rules(self):
        from .rules import RULES

        return RULES

    def evaluation_indicators(self):
        from .indicators import INDICATORS

        return INDICATORS
