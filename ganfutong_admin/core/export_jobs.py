"""Exports too big for a request: the list view hands them to a Celery task, which rebuilds the same list for the
same user off the request and writes the file with its progress (eager on the embedded default).

One export path still: the task asks the list view itself for its queryset and columns (`list_view`), so a
background export holds exactly the rows and cells the page would have streamed."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ganfutong_admin.privacy.redaction import redact_query

from .exports import write_export
from .models import ExportJob

logger = logging.getLogger(__name__)

# How often the task writes its progress (an UPDATE of one row): the bar moves, the export is not slowed.
PROGRESS_EVERY_ROWS = 1000


def too_big_for_a_request(queryset):
    """More rows than EXPORT_ASYNC_ROWS? Counted with a LIMIT, so that a huge list is not counted in full."""
    limit = settings.EXPORT_ASYNC_ROWS
    return queryset.order_by()[: limit + 1].count() > limit


def start(request, file_format, filename, title=""):
    """The job for the list at `request` (its path and filters, without `export`); the task starts once the job
    is committed, so a worker never looks for a job it cannot see yet."""
    from .tasks import run_export_job

    query = request.GET.copy()
    query.pop("export", None)
    job = ExportJob.objects.create(owner=request.user, path=request.path_info, file_format=file_format,
                                   filename=filename, title=str(title)[:100], query=redact_query(query.urlencode()))
    transaction.on_commit(lambda: run_export_job.delay(job.pk, query.urlencode(), translation.get_language()))
    return job


def list_view(path, query, user):
    """The list view behind `path`, set up for `user` with the filters `query`, as if `user` had opened it."""
    from .views_base import ScopedListView

    match = resolve(path)
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ScopedListView):
        raise ValueError(f"{path} is not a list")
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    request.user = user
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view


def _counted(rows, job_pk):
    """The rows, with the job's progress written every PROGRESS_EVERY_ROWS rows."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY_ROWS == 0:
            ExportJob.objects.filter(pk=job_pk).update(rows_done=done)


def run(job_pk, query, language):
    """Write the job's file. Compare-and-swap from queued to running: a task delivered twice writes it once."""
    if not ExportJob.objects.filter(pk=job_pk, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING):
        return
    job = ExportJob.objects.select_related("owner").get(pk=job_pk)
    try:
        with translation.override(language):
            view = list_view(job.path, query, job.owner)
            # The user's rights are those of now, not of when the job was asked for.
            if not (job.owner.is_active and view.may_export(job.owner)):
                raise PermissionError(job.owner.username)
            queryset = view.get_queryset()
            job.rows_total = queryset.count()
            ExportJob.objects.filter(pk=job_pk).update(rows_total=job.rows_total)
            with tempfile.TemporaryFile() as out:
                write_export(job.file_format, view.export_columns, _counted(queryset.iterator(chunk_size=2000),
                             job_pk), out, title=view.export_filename)
                out.seek(0)
                job.file.save(job.download_name(), File(out), save=False)
    except Exception as exc:
        logger.exception("export job %s failed", job_pk)
        ExportJob.objects.filter(pk=job_pk).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now(),
            error=_("You may no longer export this list.") if isinstance(exc, PermissionError)
            else _("The export could not be written; try again or narrow the filters."))
        return
    ExportJob.objects.filter(pk=job_pk).update(status=ExportJob.Status.DONE, file=job.file.name,
                                               rows_done=job.rows_total, finished_at=timezone.now())
    _tell_owner(job)


def _tell_owner(job):
    from ganfutong_admin.notifications.services import notify

    with translation.override(settings.LANGUAGE_CODE):
        notify([job.owner], _("Your export is ready: %(name)s") % {"name": job.download_name()},
               url=job.get_absolute_url())


def purge():
    """Delete the files of exports older than EXPORT_KEEP_DAYS (the jobs stay, as expired: the history keeps
    who exported what), and fail jobs a lost worker left running."""
    now = timezone.now()
    old = ExportJob.objects.filter(status=ExportJob.Status.DONE,
                                   finished_at__lt=now - timedelta(days=settings.EXPORT_KEEP_DAYS))
    expired = 0
    for job in old.iterator():
        job.file.delete(save=False)
        expired += ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.EXPIRED, file="")
    with translation.override(settings.LANGUAGE_CODE):
        stuck = ExportJob.objects.filter(status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
                                         created_at__lt=now - timedelta(hours=settings.EXPORT_STUCK_HOURS)).update(
            status=ExportJob.Status.FAILED, finished_at=now,
            error=_("The export was not finished in time; try again."))
    return expired, stuck
