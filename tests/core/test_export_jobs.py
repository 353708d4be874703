"""Issue 9 point 3: an export longer than EXPORT_ASYNC_ROWS is written by a Celery task (eager here), with a
progress bar on its page and a download when done; the task rebuilds the same scoped, filtered list for the
same user, so the file holds what the page would have streamed, and another user's job does not exist."""

import csv
import io
import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from factories import FilingFactory, org
from openpyxl import load_workbook

from ganfutong_admin.audit.models import EventKind, SecurityEvent
from ganfutong_admin.core import export_jobs
from ganfutong_admin.core.models import ExportJob
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.notifications.models import Notification

pytestmark = pytest.mark.django_db

QUEUE = "/filings/"


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.EXPORT_ASYNC_ROWS = 2
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filings():
    """3 filings of 东湖区, 2 of 九江市 (all submitted, so that the review queue lists them)."""
    return ([FilingFactory(submitted=True, owner_org=org("360102"), title=f"东湖申请{i}") for i in range(3)]
            + [FilingFactory(submitted=True, owner_org=org("360400"), title=f"九江申请{i}") for i in range(2)])


def rows_of(job):
    with job.file.open("rb") as f:
        return list(load_workbook(io.BytesIO(f.read())).active.iter_rows(values_only=True))


def start_export(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
    assert response["Location"] == job.get_absolute_url()
    return job


def test_a_short_list_still_streams_in_the_request(filings, people, web, settings):
    settings.EXPORT_ASYNC_ROWS = 5
    response = web(people["province_reviewer"]).get(f"{QUEUE}?export=xlsx")
    assert response.status_code == 200 and response.streaming
    assert ExportJob.objects.count() == 0


def test_a_long_list_is_written_in_the_background_with_what_the_page_would_have_streamed(
        filings, people, web, settings, django_capture_on_commit_callbacks):
    reviewer = people["province_reviewer"]
    client = web(reviewer)
    job = start_export(client, f"{QUEUE}?export=xlsx&sort=-due", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.rows_done, job.owner) == ("done", 5, 5, reviewer)
    assert job.finished_at is not None and job.file.name.startswith("exports/")
    assert job.title == "报备"  # the list's name, in the language of the request

    settings.EXPORT_ASYNC_ROWS = 100
    streamed = client.get(f"{QUEUE}?export=xlsx&sort=-due")
    in_request = list(load_workbook(io.BytesIO(b"".join(streamed.streaming_content))).active.iter_rows(
        values_only=True))
    assert rows_of(job) == in_request and len(in_request) == 6

    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="export-download"' in page and "hx-trigger" not in page
    download = client.get(reverse("core:export-download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.max_row == 6
    events = SecurityEvent.objects.filter(kind=EventKind.EXPORT, actor=reviewer).order_by("pk")
    assert [e.detail.get("background_job") for e in events] == [job.pk, None, job.pk]
    assert events.last().detail["download"] is True
    note = Notification.objects.get(recipient=reviewer)
    assert note.url == job.get_absolute_url() and job.download_name() in note.title


def test_the_background_list_is_the_owners_scope_and_filters(filings, people, web,
                                                               django_capture_on_commit_callbacks):
    # 东湖区's submitter sees 东湖区's 3 filings, not 九江市's; the search keeps 1 of them, and is hidden on the job.
    client = web(people["donghu_submitter"])
    job = start_export(client, f"{QUEUE}?export=xlsx", django_capture_on_commit_callbacks)
    assert sorted(row[2] for row in rows_of(job)[1:]) == ["东湖申请0", "东湖申请1", "东湖申请2"]

    searched = start_export(client, f"{QUEUE}?export=xlsx&q=申请", django_capture_on_commit_callbacks)
    searched.refresh_from_db()
    assert searched.rows_total == 3 and "申请" not in searched.query and "q=" in searched.query
    assert "export" not in searched.query


def test_another_users_job_does_not_exist_for_you(filings, people, web, django_capture_on_commit_callbacks):
    job = start_export(web(people["province_reviewer"]), f"{QUEUE}?export=xlsx", django_capture_on_commit_callbacks)
    other = web(people["province_supervisor"])
    for name in ("core:export-detail", "core:export-progress", "core:export-download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404, name
    listed = other.get(reverse("core:export-list")).content.decode()
    assert f'data-job="{job.pk}"' not in listed and 'id="export-table"' not in listed
    assert f'data-job="{job.pk}"' in web(people["province_reviewer"]).get(reverse("core:export-list")).content.decode()


def test_a_job_whose_owner_lost_the_right_fails_with_a_message(filings, people, web,
                                                                 django_capture_on_commit_callbacks):
    reviewer = people["province_reviewer"]
    client = web(reviewer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(f"{QUEUE}?export=xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == "queued"
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page and "export-download" not in page
    reviewer.groups.remove(Group.objects.get(name="reviewer"))
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "failed" and job.error and not job.file
    assert client.get(reverse("core:export-download", args=[job.pk])).status_code == 404


def test_a_job_delivered_twice_is_written_once(filings, people):
    job = ExportJob.objects.create(owner=people["province_reviewer"], path=QUEUE, file_format="xlsx",
                                   filename="filings")
    export_jobs.run(job.pk, "", "zh-hans")
    job.refresh_from_db()
    first = job.file.name
    export_jobs.run(job.pk, "", "zh-hans")
    job.refresh_from_db()
    assert job.file.name == first and Notification.objects.filter(recipient=job.owner).count() == 1


def test_the_progress_is_written_while_the_rows_are(filings, people, monkeypatch):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY_ROWS", 1)
    job = ExportJob.objects.create(owner=people["province_reviewer"], path=QUEUE, file_format="xlsx",
                                   filename="filings")
    seen = []
    original = export_jobs.write_export

    def spying(file_format, columns, rows, out, title):
        def watched():
            for row in rows:
                seen.append(ExportJob.objects.get(pk=job.pk).rows_done)
                yield row
        return original(file_format, columns, watched(), out, title)

    monkeypatch.setattr(export_jobs, "write_export", spying)
    export_jobs.run(job.pk, "", "zh-hans")
    assert seen == [0, 1, 2, 3, 4]
    job.refresh_from_db()
    assert job.percent == 100 and job.rows_done == 5


def test_the_progress_fragment_polls_until_the_job_is_finished(people, web):
    job = ExportJob.objects.create(owner=people["province_reviewer"], path=QUEUE, file_format="xlsx",
                                   filename="filings", status="running", rows_total=200, rows_done=50)
    client = web(people["province_reviewer"])
    fragment = client.get(reverse("core:export-progress", args=[job.pk])).content.decode()
    assert 'data-status="running"' in fragment and 'value="25"' in fragment and "hx-get" in fragment
    ExportJob.objects.filter(pk=job.pk).update(status="failed", error="写入失败")
    fragment = client.get(reverse("core:export-progress", args=[job.pk])).content.decode()
    assert "hx-get" not in fragment and "写入失败" in fragment


def test_csv_exports_go_to_the_background_too(people, web, client, django_capture_on_commit_callbacks):
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
    job = start_export(web(people["audit_admin"]), reverse("audit:event-list") + "?export=csv",
                       django_capture_on_commit_callbacks)
    job.refresh_from_db()
    with job.file.open("rb") as f:
        text = f.read().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert job.status == "done" and len(lines) == job.rows_total + 1 and job.rows_total >= 3


def test_the_purge_expires_old_files_and_fails_lost_jobs(filings, people, settings):
    reviewer = people["province_reviewer"]
    old = ExportJob.objects.create(owner=reviewer, path=QUEUE, file_format="xlsx", filename="filings")
    export_jobs.run(old.pk, "", "zh-hans")
    old.refresh_from_db()
    path = old.file.path
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=settings.EXPORT_KEEP_DAYS,
                                                                                       hours=1))
    recent = ExportJob.objects.create(owner=reviewer, path=QUEUE, file_format="xlsx", filename="filings")
    export_jobs.run(recent.pk, "", "zh-hans")
    lost = ExportJob.objects.create(owner=reviewer, path=QUEUE, file_format="xlsx", filename="filings",
                                    status="running",
                                    created_at=timezone.now() - timedelta(hours=settings.EXPORT_STUCK_HOURS + 1))
    assert export_jobs.purge() == (1, 1)
    old.refresh_from_db()
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.file.name) == ("expired", "")
    assert not os.path.exists(path)
    assert lost.status == "failed" and recent.status == "done" and recent.file


def exporting_lists(resolver=None, prefix=""):
    """(path, view class) of every list with an export and no URL argument."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from exporting_lists(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class and issubclass(view_class, ScopedListView) and view_class.export_columns:
                yield "/" + route.lstrip("^").replace("\\Z", "").replace("$", ""), view_class


def test_every_exporting_list_can_be_written_in_the_background(settings):
    """The task rebuilds each list off the request: for the demo's data, each file holds the list's rows."""
    call_command("seed_demo", verbosity=0)
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("export_all", password="x", org_unit=org("360000"))
    lists = sorted(set(exporting_lists()))
    assert len(lists) >= 15
    for path, view_class in lists:
        for file_format in view_class.export_formats:
            job = ExportJob.objects.create(owner=admin, path=path, file_format=file_format,
                                           filename=view_class.export_filename)
            export_jobs.run(job.pk, "", "zh-hans")
            job.refresh_from_db()
            expected = export_jobs.list_view(path, "", admin).get_queryset().count()
            assert (job.status, job.rows_total) == ("done", expected), (path, job.error)
            with job.file.open("rb") as f:
                content = f.read()
            if file_format == "xlsx":
                rows = load_workbook(io.BytesIO(content)).active.max_row
            else:
                rows = len(list(csv.reader(io.StringIO(content.decode("utf-8-sig")))))
            assert rows == expected + 1, path
