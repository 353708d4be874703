"""A user's background exports: the list, one job's page with its progress bar (htmx polls the fragment until
the job is finished) and the download. Another user's job does not exist for you (404)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from ganfutong_admin.audit.models import EventKind, record

from .models import ExportJob


def _own_job(request, pk):
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


@login_required
def export_list(request):
    page = Paginator(ExportJob.objects.filter(owner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/exports/list.html", {"page_obj": page, "jobs": page.object_list})


@login_required
def export_detail(request, pk):
    return render(request, "core/exports/detail.html", {"job": _own_job(request, pk)})


@login_required
def export_progress(request, pk):
    return render(request, "core/exports/_progress.html", {"job": _own_job(request, pk)})


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    record(EventKind.EXPORT, user=request.user, request=request, target=job.filename, format=job.file_format,
           query=job.query, background_job=job.pk, download=True)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.download_name())
