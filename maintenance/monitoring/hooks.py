"""Registrations with the kernel, imported by AppConfig.ready(): the home work-list section, and the Celery
tasks (their module is not found by autodiscovery, which looks for maintenance.tasks only)."""

from . import tasks as _tasks  # noqa: F401
from . import worklist as _worklist  # noqa: F401
