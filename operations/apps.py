from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry

# What every reader of the chapter sees.
_READ = ["operations.view_responsibleperson"]


class OperationsConfig(chapters.ChapterConfig):
    """Operations (第十二条–第十五条): one app, one package per area."""

    name = "operations"
    label = "operations"
    verbose_name = _("Operations management")
    domain_data = True
    url_mounts = (chapters.UrlMount("operations/", "operations.urls"),)
    menu = (chapters.MenuGroup(_("Operations management"), (
        Entry(_("Responsible persons"), "operations:responsible-list", "operations.view_responsibleperson"),
        Entry(_("Responsible person coverage"), "operations:responsible-coverage",
              "operations.view_responsibleperson"),
    ), order=45),)
    role_permissions = {
        "submitter": [*_READ],
        # docs/roles.md: the head of an org unit keeps its responsible-person register (第十二条)
        "org_admin": ["operations.add_responsibleperson", "operations.change_responsibleperson"],
        "reviewer": [*_READ],
        "supervisor": [*_READ],
        "publisher": [*_READ],
    }

    def api_routes(self):
        from .responsible.api import ResponsiblePersonViewSet

        return (chapters.ApiRoute("responsible-persons", ResponsiblePersonViewSet, "responsibleperson"),)

    def supervision_rules(self):
        from .responsible import supervision

        return supervision.rules()

    def evaluation_indicators(self):
        from .responsible import supervision

        return supervision.indicators()
