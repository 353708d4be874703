from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HousekeepingRun(models.Model):
    """The last run of each housekeeping job (one row a job, overwritten): what /metrics reports, readable from
    every process and host, which a process-local gauge in the worker would not be."""

    job = models.CharField(_("job"), max_length=50, unique=True)
    finished_at = models.DateTimeField(_("finished at"), default=timezone.now)
    rows_affected = models.PositiveBigIntegerField(_("rows affected"), default=0)
    seconds = models.FloatField(_("duration (seconds)"), default=0)

    class Meta:
        verbose_name = _("housekeeping run")
        verbose_name_plural = _("housekeeping runs")
        ordering = ["job"]

    def __str__(self):
        return f"{self.job} {self.finished_at:%Y-%m-%d %H:%M} ({self.rows_affected})"
