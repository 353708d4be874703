"""The operations chapter's policy parameters, declared in OperationsConfig.policy_parameters()."""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import ParameterSpec, Unit

OPERATIONS_PLAN_DUE_WORKING_DAYS = "OPERATIONS_PLAN_DUE_WORKING_DAYS"

PARAMETERS = (
    ParameterSpec(OPERATIONS_PLAN_DUE_WORKING_DAYS, _("Filing deadline of operations plans"), "第十二条",
                  Unit.WORKING_DAYS, default=40, min=1, max=200,
                  help=_("Working days from the first day of a year by which each org unit has filed its operations "
                         "plan for that year; later, a unit without one is listed and breaches supervision.")),
)
