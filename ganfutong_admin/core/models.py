"""Export jobs: an export too big to answer within a request is written by a Celery task, with its progress."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """One list's export in the background: who asked, for which list, how far it is, and the file when done.

    The list's filters travel to the task as an argument and are not stored (a search may hold a citizen's
    number); `query` keeps them redacted, to show which export this is."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs",
                              verbose_name=_("requested by"))
    path = models.CharField(_("list"), max_length=200)
    # What the list holds (its model's plural name, in the language of the request), to tell the jobs apart.
    title = models.CharField(_("contents"), max_length=100, blank=True)
    query = models.TextField(_("filters"), blank=True)
    file_format = models.CharField(_("format"), max_length=8)
    filename = models.CharField(_("file name"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_export_owner_recent")]

    def __str__(self):
        return f"{self.filename}.{self.file_format} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("core:export-detail", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    def download_name(self):
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M")
        return f"{self.filename}-{stamp}.{self.file_format}"
