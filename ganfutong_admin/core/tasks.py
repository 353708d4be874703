from celery import shared_task

from . import export_jobs


@shared_task(name="ganfutong_admin.core.tasks.run_export_job", ignore_result=True)
def run_export_job(job_pk, query, language):
    export_jobs.run(job_pk, query, language)


@shared_task(name="ganfutong_admin.core.tasks.purge_export_files")
def purge_export_files():
    expired, stuck = export_jobs.purge()
    return {"expired": expired, "stuck": stuck}
