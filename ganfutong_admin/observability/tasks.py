from celery import shared_task

from . import housekeeping


@shared_task(name="ganfutong_admin.observability.tasks.purge_expired_sessions")
def purge_expired_sessions():
    return housekeeping.purge_expired_sessions()


@shared_task(name="ganfutong_admin.observability.tasks.purge_expired_tokens")
def purge_expired_tokens():
    return housekeeping.purge_expired_tokens()


@shared_task(name="ganfutong_admin.observability.tasks.archive_security_log")
def archive_security_log():
    return housekeeping.archive_security_log()
