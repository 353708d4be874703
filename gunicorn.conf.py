"""gunicorn's configuration, read from the project root (`make serve`, or `gunicorn ganfutong_admin.wsgi`).

gunicorn serves the province, so it starts only with production settings: DJANGO_ENV=production and
everything the settings then demand (SECRET_KEY, PERSONAL_DATA_KEY, ALLOWED_HOSTS, PostgreSQL, Redis).
The settings are loaded here, in the master, so that a missing one stops gunicorn at once with its
message instead of failing every worker's boot.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ganfutong_admin.settings")

from ganfutong_admin.serving import require_production_settings  # noqa: E402

require_production_settings()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 60
# No runtime control socket (gunicorn >= 25 puts one in $HOME/.gunicorn/): systemd manages the process (reload with
# HUP), the service's home is read-only under ProtectSystem, and two instances on one host would share the path.
control_socket_disable = True
# If an access log is switched on (--access-logfile), its lines carry no query string and no referrer: they hold
# what users searched for (names, phone and ID numbers). Method, path, status, size and time are enough to operate.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


def child_exit(server, worker):
    """Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR): a dead worker's live gauges are dropped; its
    counters stay in the directory and keep counting in the totals."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
