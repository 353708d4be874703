from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class OrgsConfig(chapters.ChapterConfig):
    name = "ganfutong_admin.orgs"
    label = "orgs"
    verbose_name = _("Org units")
    kernel_app = True
    domain_data = True
    # One name for the kinds of org unit, wherever a serializer shows one (org units, score sheets...).
    api_enums = {"OrgKindEnum": "ganfutong_admin.orgs.models.OrgKind"}

    def api_routes(self):
        from .api.views import OrgUnitViewSet

        return (chapters.ApiRoute("org-units", OrgUnitViewSet, "orgunit"),)
