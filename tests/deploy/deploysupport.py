"""Helpers of tests/deploy: the repository's deployment files, and manage.py/gunicorn in a clean environment."""

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEPLOY = BASE_DIR / "deploy"
BIN = Path(sys.executable).parent
ENV_TEMPLATE = DEPLOY / "ganfutong.env.example"
NGINX_SITE = DEPLOY / "nginx" / "ganfutong.conf"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))

_ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
_OS_ENV_READ = re.compile(
    r"""os\.(?:environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']|os\.environ\[["']([A-Z][A-Z0-9_]*)["']\]""")
# Read by the process machinery, not settings an operator sets in the env file.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def variables_the_code_reads():
    """Every environment variable the settings (django-environ) and the serving code (gunicorn.conf.py, the
    kernel, the chapters) read."""
    names = set()
    sources = [BASE_DIR / "gunicorn.conf.py", *BASE_DIR.glob("ganfutong_admin/**/*.py")]
    for app in ("services", "maintenance", "operations", "security", "supervision"):
        sources += (BASE_DIR / app).glob("**/*.py")
    for path in sources:
        text = path.read_text()
        names.update(_ENV_READ.findall(text))
        for groups in _OS_ENV_READ.findall(text):
            names.update(g for g in groups if g)
    return names - NOT_SETTINGS


def template_variables():
    """KEY of every `KEY=value` line of the template, set or commented out (a default shown)."""
    names = {}
    for line in ENV_TEMPLATE.read_text().splitlines():
        match = re.match(r"^#?\s?([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            names[match.group(1)] = (match.group(2), not line.startswith("#"))
    return names


def clean_env(**extra):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return {k: v for k, v in {**base, **extra}.items() if v is not None}


def production_env(**overrides):
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "admin.ganfutong.example.gov.cn",
        # Never connected to by these checks.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/opsdeploy_never_created",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "PERSONAL_DATA_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    env.update(overrides)
    return clean_env(**env)


def run(argv, env, timeout=120, cwd=BASE_DIR):
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
