"""Durations as people read them: "3 小时 25 分"."""

from django.utils.translation import gettext as _


def hours_minutes(delta):
    """A timedelta as whole hours and minutes (seconds dropped); "—" for None."""
    if delta is None:
        return "—"
    minutes = max(int(delta.total_seconds() // 60), 0)
    return _("%(hours)d h %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}
