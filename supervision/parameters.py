"""The supervision chapter's policy parameters (第二十四条), declared in SupervisionConfig.policy_parameters().

An alert keeps the thresholds in force when it was raised: a new version never re-judges a running alert.
"""

from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import ParameterSpec, Unit

YELLOW_CARD_DAYS = "SUPERVISION_YELLOW_CARD_DAYS"
RED_CARD_DAYS = "SUPERVISION_RED_CARD_DAYS"

PARAMETERS = (
    ParameterSpec(YELLOW_CARD_DAYS, _("Breach length of a yellow card"), "第二十四条", Unit.DAYS, default=3, min=1,
                  max=60, help=_("Days a breach may last before its reminder becomes a yellow card.")),
    ParameterSpec(RED_CARD_DAYS, _("Breach length of a red card"), "第二十四条", Unit.DAYS, default=10, min=2,
                  max=180, help=_("Days a breach may last before its alert becomes a red card.")),
)
