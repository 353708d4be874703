"""Demo background export: the province reviewer has one finished export of the filing queue (its 全部 tab), so
that 我的导出 shows a job with its download: a real file, written by the same task as any export.
Idempotent: made only when the reviewer has no export yet."""

from django.conf import settings
from django.urls import reverse

from ganfutong_admin.workflow.models import Filing

from . import export_jobs
from .models import ExportJob


def seed(users):
    reviewer = dict(users).get("province_reviewer")
    if reviewer is None or ExportJob.objects.filter(owner=reviewer).exists():
        return
    job = ExportJob.objects.create(owner=reviewer, path=reverse("workflow:filing-list"), query="view=all",
                                   title=str(Filing._meta.verbose_name_plural), file_format="xlsx",
                                   filename="filings")
    export_jobs.run(job.pk, job.query, settings.LANGUAGE_CODE)
