from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    label = "services"
    verbose_name = _("Service management")

    def ready(self):
        from ganfutong_admin.workflow import kinds

        from . import lifecycle, worklist  # noqa: F401  (worklist registers its home sections)

        common = {"detail_attr": "service_change", "detail_template": "services/_change_details.html",
                  "create_url": "services:change-create", "edit_url": "services:change-edit"}
        kinds.register(kinds.FilingKind(
            code="service_list", label=_("Listing-list filing"), article="第十条", detail_attr="service_list",
            detail_template="services/_list_details.html", create_url="services:list-filing-create",
            edit_url="services:list-filing-edit",
        ))
        kinds.register(kinds.FilingKind(
            code="service_listing", label=_("Listing filing"), article="第十条", **common,
            guards={"submit": lifecycle.listing_guard, "resubmit": lifecycle.listing_guard},
            on_decided=lifecycle.on_listing_decided,
        ))
        kinds.register(kinds.FilingKind(
            code="service_update", label=_("Update filing"), article="第十一条", **common,
        ))
        kinds.register(kinds.FilingKind(
            code="service_delisting", label=_("Delisting filing"), article="第十一条", **common,
            guards={"submit": lifecycle.delisting_guard, "resubmit": lifecycle.delisting_guard},
            on_decided=lifecycle.on_delisting_decided,
        ))
        kinds.register(kinds.FilingKind(
            code="emergency_delisting", label=_("Emergency delisting (written filing)"), article="第十一条",
            detail_attr="service_change", detail_template="services/_change_details.html",
            edit_url="services:change-edit",
        ))
