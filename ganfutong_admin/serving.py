"""The one rule for serving the app to anyone but its developer: production settings, or no start."""

import sys

from django.core.exceptions import ImproperlyConfigured


def require_production_settings():
    from django.conf import settings

    if not settings.PRODUCTION:  # evaluating settings also runs every production check they hold
        raise ImproperlyConfigured(
            "gunicorn serves only with DJANGO_ENV=production (and SECRET_KEY, PERSONAL_DATA_KEY, ALLOWED_HOSTS, "
            "a PostgreSQL DATABASE_URL and REDIS_URL). For a local look at the app use `make run`."
        )


def refuse_gunicorn_without_production():
    """The backstop in wsgi.py for a gunicorn started without the project's gunicorn.conf.py."""
    if "gunicorn" in sys.modules:
        require_production_settings()
