"""Registrations with the kernel (filing kinds, home work-list sections), imported by AppConfig.ready().

The hotline registers its home work-list sections, its admin pages, and a post_migrate handler that creates
the default working-day time limits (idempotent: edited rows are kept), so they exist in production without a
data migration and survive the regeneration of the app's migrations.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from ganfutong_admin.core.worklist import register_section

from . import admin as _admin  # noqa: F401  (registers the admin pages)
from . import tasks as _tasks  # noqa: F401  (celery's autodiscovery looks for maintenance.tasks only)
from .worklist import SECTIONS

for _builder in SECTIONS:
    register_section(_builder)


def create_default_time_limits(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    from .models import WorkOrderTimeLimit

    try:
        model = apps.get_model("maintenance", "WorkOrderTimeLimit")
    except LookupError:  # migrated to a state before the table existed
        return
    WorkOrderTimeLimit.ensure_defaults(model, using)


post_migrate.connect(create_default_time_limits, sender=global_apps.get_app_config("maintenance"),
                     dispatch_uid="maintenance.hotline.default_time_limits")
