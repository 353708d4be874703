"""Insecure defaults (issue 11, point 5; issue 15, point 1): DEBUG only for a developer's own server,
gunicorn and seed_demo only where they belong, production only on PostgreSQL and Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from test_deploy_settings import BASE_DIR, manage, production_env

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PRINT_DEBUG = ["shell", "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)"]


def clean_env(**extra):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return {**base, **extra}


def test_the_embedded_default_runs_without_debug(tmp_path):
    # What `make run` starts: no DJANGO_ENV, no DEBUG. A visitor must never get a traceback or the URL list.
    result = manage(*PRINT_DEBUG, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def test_debug_is_on_only_when_a_developer_asks(tmp_path):
    result = manage(*PRINT_DEBUG, env={"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert "DEBUG True" in result.stdout
    makefile = (BASE_DIR / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG" not in run_recipe  # `make run` is what a new user sees; `make dev` is the developer's


def test_unknown_page_is_the_apps_own_chinese_404_with_its_styles(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面或记录不存在" in body
    assert "URLconf" not in body and "Traceback" not in body and "Django" not in body
    # The stylesheet the page links is served (whitenoise, no collectstatic needed outside production).
    css = next(part.split('"')[0] for part in body.split('href="')[1:] if part.split('"')[0].endswith(".css"))
    asset = client.get(css)
    assert asset.status_code == 200
    assert b"".join(asset.streaming_content if asset.streaming else [asset.content])


def test_production_refuses_sqlite(tmp_path):
    result = manage("check", env=production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_refuses_to_start_without_redis(tmp_path):
    result = manage("check", env=production_env(tmp_path, REDIS_URL=None))
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_seed_demo_refuses_a_production_configuration(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="DJANGO_ENV=production"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="province_reviewer").exists()


def _gunicorn(args, env, cwd=BASE_DIR, wait=25):
    process = subprocess.Popen([GUNICORN, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        pass
    return process


def _stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=20)
    return process.stdout.read()


def test_gunicorn_refuses_to_start_without_production_settings(tmp_path):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    process = _gunicorn(["-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0", "ganfutong_admin.wsgi:application"], env)
    output = _stop(process)
    assert process.returncode not in (None, 0), output
    assert "DJANGO_ENV=production" in output


def test_gunicorn_without_the_projects_config_still_refuses(tmp_path):
    # Started from elsewhere, gunicorn does not read gunicorn.conf.py: wsgi.py itself refuses, every worker
    # fails to boot, and gunicorn stops.
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONPATH=str(BASE_DIR))
    process = _gunicorn(["--bind", "127.0.0.1:0", "--workers", "1", "ganfutong_admin.wsgi:application"], env,
                        cwd=tmp_path)
    output = _stop(process)
    assert process.returncode not in (None, 0), output
    assert "DJANGO_ENV=production" in output


def test_gunicorn_starts_with_production_settings(tmp_path):
    env = clean_env(**production_env(tmp_path), GUNICORN_WORKERS="1")
    process = _gunicorn(["-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0", "ganfutong_admin.wsgi:application"], env,
                        wait=4)
    still_running = process.poll() is None
    time.sleep(0.5)
    output = _stop(process)
    assert still_running, output
    assert "Booting worker" in output
