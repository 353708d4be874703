from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core import chapters


class PolicyConfig(chapters.ChapterConfig):
    """The policy-parameter mechanism. It declares no parameter itself: each app declares the ones it reads
    (ChapterConfig.policy_parameters()), the kernel's through workflow.apps."""

    name = "ganfutong_admin.policy"
    label = "policy"
    verbose_name = _("Policy parameters")
    kernel_app = True
    menu = (chapters.MenuEntry(_("Policy parameters"), "policy:parameter-list", "policy.view_parameterversion",
                               order=92),)
    url_mounts = (chapters.UrlMount("policy-parameters/", "ganfutong_admin.policy.urls"),)
    # The provincial authority's reviewers set the measures' time limits; supervisors and auditors read them.
    role_permissions = {
        "reviewer": ["policy.view_parameterversion", "policy.add_parameterversion"],
        "supervisor": ["policy.view_parameterversion"],
        "auditor": ["policy.view_parameterversion"],
    }

    def api_routes(self):
        from .api import PolicyParameterViewSet

        return (chapters.ApiRoute("policy-parameters", PolicyParameterViewSet, "policy-parameter"),)
