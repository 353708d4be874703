"""A production stack on this machine, for the live checks of CI (make prod-smoke, make scale-out-check).

Real processes with DJANGO_ENV=production: a fresh PostgreSQL database, one Redis database, generated keys,
migrate + collectstatic + a few real accounts (manage.py create_account; seed_demo refuses production), then
gunicorn instances, a Celery worker and beats, each in its own process group with its log in a temporary
directory. Everything is stopped, and the database dropped and the Redis database flushed, on the way out.

Configuration (environment): PROD_CHECK_ADMIN_DATABASE_URL (a role that may create databases; default
postgres://postgres@127.0.0.1:5432/postgres), PROD_CHECK_DB_PREFIX (gft_prodcheck), PROD_CHECK_REDIS_URL
(redis://127.0.0.1:6379/14), PROD_CHECK_PORTS (18401,18402).
"""

import base64
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Smoke-" + secrets.token_urlsafe(12)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Client:
    """HTTP to one gunicorn as nginx would forward it: X-Forwarded-Proto https, X-Forwarded-For with the client's
    address appended. Cookies are kept by hand (they are Secure: a stock cookie jar would not send them over
    the loopback's plain HTTP). Every response is recorded; any 5xx fails the check at once."""

    def __init__(self, port, client_ip="203.0.113.10", cookies=None):
        self.port, self.client_ip = port, client_ip
        self.cookies = cookies if cookies is not None else {}
        self.token = None
        self.seen = []

    @property
    def host(self):
        return f"127.0.0.1:{self.port}"

    def request(self, method, path, body=None, headers=None, form=None, forwarded_for=None, auth=True):
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        headers.setdefault("Host", self.host)
        headers["X-Forwarded-Proto"] = "https"
        headers["X-Forwarded-For"] = forwarded_for or self.client_ip
        if method not in ("GET", "HEAD"):
            headers.setdefault("Origin", f"https://{self.host}")
            headers.setdefault("Referer", f"https://{self.host}/")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            connection.close()
        for name, value in response.headers:
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                if val in ("", '""'):
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val.strip()
        self.seen.append((method, path, response.status))
        if response.status >= 500:
            raise CheckFailed(f"{method} {path} on :{self.port} answered {response.status}: {response.text[:500]}")
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body=body, **kwargs)

    def login(self, username, password=PASSWORD):
        page = self.get("/accounts/login/")
        check(page.status == 200, f"login page: {page.status}")
        response = self.post("/accounts/login/", form={
            "csrfmiddlewaretoken": hidden_inputs(page.text)["csrfmiddlewaretoken"],
            "username": username, "password": password,
        })
        check(response.status == 302, f"login of {username}: {response.status} {response.text[:300]}")
        return response

    def obtain_token(self, username, password=PASSWORD, **kwargs):
        return self.post("/api/v1/auth/token/", {"username": username, "password": password}, auth=False, **kwargs)


def hidden_inputs(html):
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def _random_secret():
    return secrets.token_urlsafe(64)


class Stack:
    def __init__(self, name):
        self.name = name
        self.tmp = Path(tempfile.mkdtemp(prefix=f"gft-{name}-"))
        self.processes = {}
        admin = os.environ.get("PROD_CHECK_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        self.admin_url = urllib.parse.urlsplit(admin)
        prefix = os.environ.get("PROD_CHECK_DB_PREFIX", "gft_prodcheck")
        self.db_name = f"{prefix}_{name}_{os.getpid()}"
        self.redis_url = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/14")
        self.ports = [int(p) for p in os.environ.get("PROD_CHECK_PORTS", "18401,18402").split(",")]
        self.mail_dir = self.tmp / "mail-worker"
        self.web_mail_dir = self.tmp / "mail-web"
        self.database_url = urllib.parse.urlunsplit(self.admin_url._replace(path=f"/{self.db_name}"))
        self.env = {
            **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}},
            "DJANGO_ENV": "production",
            "SECRET_KEY": _random_secret(),
            "PERSONAL_DATA_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "TRUSTED_PROXY_COUNT": "1",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
            "DEFAULT_FROM_EMAIL": "ganfutong-admin@smoke.invalid",
            "GUNICORN_WORKERS": "2",
            "PYTHONUNBUFFERED": "1",
        }

    # -- database and Redis ---------------------------------------------------------------------------------
    def _admin(self, sql):
        import psycopg2

        connection = psycopg2.connect(urllib.parse.urlunsplit(self.admin_url))
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def _flush_redis(self):
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()

    def __enter__(self):
        log(f"database {self.db_name}, Redis {self.redis_url}, logs in {self.tmp}")
        self._admin(f'CREATE DATABASE "{self.db_name}"')
        self._flush_redis()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop_all()
        if exc_type is not None:
            self.dump_logs()
        try:
            self._admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        finally:
            self._flush_redis()
            if exc_type is None or not os.environ.get("PROD_CHECK_KEEP_LOGS"):
                shutil.rmtree(self.tmp, ignore_errors=True)
        return False

    def dump_logs(self, lines=60):
        for path in sorted(self.tmp.glob("*.log")):
            print(f"---- {path.name} (last {lines} lines)")
            print("\n".join(path.read_text(errors="replace").splitlines()[-lines:]))

    # -- processes ----------------------------------------------------------------------------------------
    def manage(self, *args, env=None):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**self.env, **(env or {})},
                                capture_output=True, text=True, timeout=1500)
        if result.returncode != 0:
            raise CheckFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self, accounts):
        started = time.monotonic()
        self.manage("migrate", "--noinput")
        log(f"migrated ({time.monotonic() - started:.0f} s)")
        static = BASE_DIR / "staticfiles" / "staticfiles.json"
        if not static.exists() or os.environ.get("PROD_CHECK_COLLECTSTATIC"):
            self.manage("collectstatic", "--noinput", "--verbosity", "0")
            log("collected static files")
        # One process for all of them (each manage.py start costs seconds on a busy machine); each through
        # create_account, as an operator makes the first accounts.
        calls = "; ".join(
            f"call_command('create_account', {username!r}, org={org!r}, role={role!r}, email={email!r}, "
            f"full_name={username!r}, password_env='PROD_CHECK_PASSWORD')"
            for username, org, role, email in accounts)
        self.manage("shell", "-c", f"from django.core.management import call_command; {calls}",
                    env={"PROD_CHECK_PASSWORD": PASSWORD})
        log(f"created accounts {', '.join(a[0] for a in accounts)}")

    def start(self, name, argv, env=None):
        logfile = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(argv, cwd=BASE_DIR, env={**self.env, **(env or {})}, stdout=logfile,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = (process, logfile)
        log(f"started {name} (pid {process.pid})")
        return process

    def start_gunicorn(self, name, port):
        return self.start(name, [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                                 "--access-logfile", str(self.tmp / f"{name}-access.log"),
                                 "ganfutong_admin.wsgi:application"],
                          env={"EMAIL_URL": f"filemail:///{self.web_mail_dir}"})

    def start_worker(self, name="worker"):
        return self.start(name, [str(BIN / "celery"), "-A", "ganfutong_admin", "worker", "--loglevel=INFO",
                                 "--concurrency=2", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"])

    def start_beat(self, name="beat"):
        return self.start(name, [str(BIN / "celery"), "-A", "ganfutong_admin", "beat", "--loglevel=INFO",
                                 "--schedule", str(self.tmp / f"{name}-schedule")])

    def stop(self, name, timeout=30):
        process, logfile = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        logfile.close()
        log(f"stopped {name} (exit {process.returncode})")
        return process.returncode

    def stop_all(self):
        for name in list(self.processes)[::-1]:
            self.stop(name)

    def alive(self, name):
        return self.processes[name][0].poll() is None

    def read_log(self, name):
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def wait_for(self, what, predicate, timeout=60, interval=0.5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name in self.processes:
                check(self.alive(name), f"{name} stopped while waiting for {what}:\n{self.read_log(name)[-3000:]}")
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        raise CheckFailed(f"timed out after {timeout} s waiting for {what}")

    def wait_healthy(self, port):
        client = Client(port)

        def healthy():
            try:
                response = client.get("/healthz")
            except OSError:
                return None
            return response if response.status == 200 else None

        response = self.wait_for(f"/healthz on :{port}", healthy, timeout=90)
        check(response.json() == {"database": "ok", "broker": "ok", "status": "ok"}, f"healthz: {response.text}")
        return response

    def wait_worker_ready(self, name="worker"):
        self.wait_for(f"{name} ready", lambda: " ready." in self.read_log(name), timeout=90)

    def access_statuses(self, name):
        path = self.tmp / f"{name}-access.log"
        statuses = []
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            match = re.search(r'" (\d{3}) ', line)
            if match:
                statuses.append((int(match.group(1)), line))
        return statuses

    def assert_no_5xx(self, *names):
        for name in names:
            bad = [line for status, line in self.access_statuses(name) if status >= 500]
            check(not bad, f"{name} served 5xx: {bad[:5]}")
            for marker in ("Traceback (most recent call last)", "Internal Server Error"):
                check(marker not in self.read_log(name), f"{name}'s log has an error:\n{self.read_log(name)[-3000:]}")
