import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganfutong_admin.settings")
application = get_wsgi_application()

from ganfutong_admin.serving import refuse_gunicorn_without_production  # noqa: E402

refuse_gunicorn_without_production()
