"""Production refuses to start on SQLite, without Redis, or with a development key (issue 16, "what must be
shown"): the real processes an operator starts, gunicorn (with the project's gunicorn.conf.py, as the systemd
unit runs it) and `manage.py check --deploy`, stop with the reason, and nothing listens."""

import socket

import pytest
from deploysupport import BIN, production_env, run

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-ganfutong-admin"
DEV_PERSONAL_DATA_KEY = "ZGV2LW9ubHktcGVyc29uYWwtZGF0YS1rZXktMzJieXQ="

REFUSED = [
    pytest.param({"DATABASE_URL": "sqlite:////tmp/opsdeploy-refused.sqlite3"}, "PostgreSQL", id="sqlite"),
    pytest.param({"DATABASE_URL": None}, "PostgreSQL", id="no-database-url"),
    pytest.param({"REDIS_URL": None}, "REDIS_URL", id="no-redis"),
    pytest.param({"REDIS_URL": ""}, "REDIS_URL", id="empty-redis"),
    pytest.param({"SECRET_KEY": DEV_SECRET_KEY}, "SECRET_KEY", id="development-secret-key"),
    pytest.param({"SECRET_KEY": None}, "SECRET_KEY", id="no-secret-key"),
    pytest.param({"PERSONAL_DATA_KEY": DEV_PERSONAL_DATA_KEY}, "PERSONAL_DATA_KEY", id="development-data-key"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("overrides", "reason"), REFUSED)
def test_gunicorn_refuses_to_start(overrides, reason):
    port = free_port()
    result = run([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                  "ganfutong_admin.wsgi:application"],
                 env=production_env(GUNICORN_WORKERS="1", **overrides), timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured" in output and reason in output
    assert "Booting worker" not in output and "Listening at" not in output
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing was left listening


@pytest.mark.parametrize(("overrides", "reason"), REFUSED)
def test_check_deploy_refuses(overrides, reason):
    result = run([str(BIN / "python"), "manage.py", "check", "--deploy"], env=production_env(**overrides))
    assert result.returncode != 0
    assert reason in result.stderr


@pytest.mark.parametrize("command", [["worker", "--pool=solo"], ["beat"]])
def test_celery_refuses_too(command):
    # The worker and beat load the same settings: a development key stops them before they connect anywhere.
    result = run([str(BIN / "celery"), "-A", "ganfutong_admin", *command],
                 env=production_env(SECRET_KEY=DEV_SECRET_KEY), timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_a_complete_production_configuration_passes_check_deploy():
    result = run([str(BIN / "python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_throttles_see_the_client_address_axes_sees():
    # Behind one proxy the client is the right-most X-Forwarded-For entry for DRF's throttles too (NUM_PROXIES),
    # never the whole header, which a client could vary to escape the rate limit.
    code = "from rest_framework.settings import api_settings as a; print('NUM_PROXIES', a.NUM_PROXIES)"
    for count in ("0", "1"):
        result = run([str(BIN / "python"), "manage.py", "shell", "-c", code],
                     env=production_env(TRUSTED_PROXY_COUNT=count))
        assert result.returncode == 0, result.stderr
        assert f"NUM_PROXIES {count}" in result.stdout
