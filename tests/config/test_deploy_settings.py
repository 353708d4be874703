"""Configuration from the environment: production refuses to start without a real SECRET_KEY, and
`manage.py check --deploy` is clean when it is configured."""

import base64
import os
import secrets
import string
import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = settings.BASE_DIR


def manage(*args, env):
    # A clean environment: nothing from the test run (DATABASE_URL, REDIS_URL...) leaks in.
    base = {k: v for k, v in os.environ.items()
            if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "SYSTEMROOT"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def random_secret(length=60):
    return "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(length))


def production_env(tmp_path, **overrides):
    """A complete production environment; overrides set (or, with None, remove) single variables."""
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": random_secret(),
        "ALLOWED_HOSTS": "example.gov.cn",
        # Never connected to by these checks; production refuses SQLite.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/deploy_check",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "PERSONAL_DATA_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("weak", ["short-key", "django-insecure-" + "x" * 60, "a" * 60])
def test_production_with_a_weak_secret_key_refuses_to_start(tmp_path, weak):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=weak))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", [None, "ZGV2LW9ubHktcGVyc29uYWwtZGF0YS1rZXktMzJieXQ="])
def test_production_without_a_personal_data_key_refuses_to_start(tmp_path, key):
    # Citizens' personal data is encrypted with this key (第二十一条): no key, or the development key
    # that is in the repository, must never reach production.
    result = manage("check", env=production_env(tmp_path, PERSONAL_DATA_KEY=key))
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEY" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start(tmp_path):
    result = manage("check", env=production_env(tmp_path, ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_with_debug_refuses_to_start(tmp_path):
    result = manage("check", env=production_env(tmp_path, DEBUG="1"))
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_unknown_environment_name_is_refused():
    result = manage("check", env={"DJANGO_ENV": "staging"})
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


def test_development_defaults():
    result = manage("diffsettings", "--all", env={})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "sqlite3" in out and "db.sqlite3" in out
    assert "CELERY_TASK_ALWAYS_EAGER = True" in out
    assert "LANGUAGE_CODE = 'zh-hans'" in out and "TIME_ZONE = 'Asia/Shanghai'" in out
