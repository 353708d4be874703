"""Reading the MLPS assessment intervals (security.parameters) for a level."""

from django.utils import timezone

from ganfutong_admin.policy.parameters import value as policy_value

from ..parameters import MLPS_HIGH_MONTHS, MLPS_LOW_MONTHS


def interval_months(level):
    """Level 3 and above: the high interval (default 12 months); level 2: the low one (default 24); level 1: None
    (no mandatory assessment)."""
    if level >= 3:
        return policy_value(MLPS_HIGH_MONTHS, timezone.now())
    if level == 2:
        return policy_value(MLPS_LOW_MONTHS, timezone.now())
    return None
