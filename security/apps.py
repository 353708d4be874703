from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters

Entry = chapters.MenuEntry

_READ = ["security.view_datasecurityregister"]
# Who keeps records of their own org unit (docs/roles.md: submitters, heads of org units, and the operator for its
# own records: in security it sees only its own).
_KEEP = [*_READ, "security.add_datasecurityregister", "security.change_datasecurityregister"]


class SecurityConfig(chapters.ChapterConfig):
    """Security management (第二十条–第二十三条): one app, one package per area. In this chapter the operator sees
    only its own records (docs/roles.md): every model sets `scope_everything = {}`."""

    name = "security"
    label = "security"
    verbose_name = _("Security management")
    domain_data = True
    url_mounts = (chapters.UrlMount("security/", "security.urls"),)
    menu = (chapters.MenuGroup(_("Security management"), (
        Entry(_("Data-security register"), "security:register-list", "security.view_datasecurityregister"),
    ), order=60),)
    role_permissions = {
        "submitter": _KEEP,
        "reviewer": _READ,
        "publisher": _KEEP,
    }

    def api_routes(self):
        from .register.api import RegisterViewSet

        return (chapters.ApiRoute("data-register", RegisterViewSet, "datasecurityregister"),)

    def filing_guards(self):
        from .register.guards import LISTING_ACTIONS, LISTING_KIND, listing_register_guard

        return (chapters.FilingGuard(LISTING_KIND, LISTING_ACTIONS, listing_register_guard),)

    def supervision_rules(self):
        from .register import rules as register

        return (
            chapters.SupervisionRule("security.register_incomplete", _("Data-security register incomplete for a "
                                                                       "listed service"), "第二十一条",
                                     register.listed_without_complete_register),
        )

    def evaluation_indicators(self):
        from .register import rules as register

        return (
            chapters.EvaluationIndicator("security.register_completeness",
                                         _("Listed services with a complete data-security register"), "第二十一条",
                                         register.register_completeness, kind="rate"),
        )
