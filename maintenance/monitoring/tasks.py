"""Celery tasks of availability monitoring (第十七条); the beat schedule in settings.py names both."""

from celery import shared_task

from services.selectors import monitored_services

from . import rollup, runs


@shared_task(name="maintenance.monitoring.tasks.probe_listed_services")
def probe_listed_services(service_ids=None):
    """Probe every monitored service (listed, with an entry URL), or only `service_ids` among them ("probe now")."""
    services = monitored_services().order_by("pk")
    if service_ids is not None:
        services = services.filter(pk__in=list(service_ids))
    return runs.record(runs.probe_services(services))


@shared_task(name="maintenance.monitoring.tasks.roll_up_uptime")
def roll_up_uptime():
    """Daily uptime from the raw results of complete days, then the purge of old raw results."""
    return rollup.roll_up()
