from celery import shared_task


@shared_task(name="supervision.alerts.tasks.run_supervision_rules")
def run_supervision_rules():
    """Beat: run every declared rule (第二十四条)."""
    from .runner import run_rules

    return run_rules().as_dict()
