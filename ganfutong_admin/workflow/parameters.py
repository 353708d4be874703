"""The kernel's policy parameters (declared in WorkflowConfig.policy_parameters()): filings and rectifications."""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import ParameterSpec, Unit

REVIEW_WORKING_DAYS = "REVIEW_WORKING_DAYS"
EMERGENCY_WRITTEN_FILING_WORKING_DAYS = "EMERGENCY_WRITTEN_FILING_WORKING_DAYS"
RECTIFICATION_DEFAULT_WORKING_DAYS = "RECTIFICATION_DEFAULT_WORKING_DAYS"

PARAMETERS = (
    ParameterSpec(REVIEW_WORKING_DAYS, _("Review time limit of filings"), "第十一条", Unit.WORKING_DAYS,
                  default=5, min=1, max=30,
                  help=_("Working days the provincial authority has to decide a filing, from its submission.")),
    ParameterSpec(EMERGENCY_WRITTEN_FILING_WORKING_DAYS, _("Written filing after an emergency delisting"),
                  "第十一条", Unit.WORKING_DAYS, default=1, min=1, max=10,
                  help=_("Working days from the oral report of an emergency delisting to its written filing.")),
    ParameterSpec(RECTIFICATION_DEFAULT_WORKING_DAYS, _("Default rectification time limit"), "第十六条",
                  Unit.WORKING_DAYS, default=10, min=1, max=120,
                  help=_("Working days to rectify a problem when whoever opens the rectification sets no other "
                         "limit.")),
)
