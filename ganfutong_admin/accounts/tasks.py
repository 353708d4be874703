"""Periodic jobs of the accounts app (registered through AccountsConfig.beat_schedule())."""

from celery import shared_task


@shared_task(name="ganfutong_admin.accounts.tasks.disable_dormant_accounts")
def disable_dormant_accounts():
    """Disable every account not signed in for DORMANT_ACCOUNT_DAYS (ACCOUNT_DISABLE, reason=dormant)."""
    from .administration import services

    return services.disable_dormant_accounts()


@shared_task(name="ganfutong_admin.accounts.tasks.revoke_expired_record_grants")
def revoke_expired_record_grants():
    """Remove the django-guardian rows of record grants whose expiry has passed (RECORD_REVOKE)."""
    from .administration import services

    return services.revoke_expired_grants()
