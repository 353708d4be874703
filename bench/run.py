"""`make bench-data` and `make bench` (issue 9): province-scale data, then every main list measured against it.

    bench/run.py data   create the database if needed, migrate, seed_scale, a superuser for the admin pages
    bench/run.py pins   set the `current` pins to the figures of the last report (cases over their target)
    bench/run.py run    serve with gunicorn (2 workers, production settings, DEBUG off), measure, write
                        var/bench/report.json, fail when a case runs more queries than its pin (bench/pins.json)

BENCH_SCALE=small|default (default: default) picks the sizes and the database (perfbench_small / perfbench_scale),
BENCH_DATABASE_URL overrides the database, BENCH_PORT the port (8110), BENCH_N the requests per case, BENCH_REDIS_URL
the Redis of the served app (redis://127.0.0.1:6379/5). The data is synthetic: its keys are made once per machine in
var/bench/secrets.json (never in the repo); the data and the server must use the same PERSONAL_DATA_KEY.
"""

import base64
import itertools
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import DefaultCookiePolicy
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402

VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
SCALE = os.environ.get("BENCH_SCALE", "default")
if SCALE not in {"small", "default"}:
    sys.exit(f"BENCH_SCALE must be small or default, not {SCALE!r}")
DB_NAME = "perfbench_scale" if SCALE == "default" else "perfbench_small"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
PORT = int(os.environ.get("BENCH_PORT", "8110"))
BASE = f"http://127.0.0.1:{PORT}"
N = int(os.environ.get("BENCH_N", "10" if SCALE == "default" else "2"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
PASSWORD = os.environ.get("DEMO_PASSWORD", "Ganfutong@2026")
ADMIN_USER = "bench_admin"
# BENCH_ONLY=lists,homes: some groups of cases (lists, chapters, homes, exports, load); all by default.
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "lists,chapters,homes,exports,load").split(",")))
LOAD_CLIENTS, LOAD_SECONDS = 20, int(os.environ.get("BENCH_LOAD_SECONDS", "30"))


def bench_secrets():
    """SECRET_KEY and PERSONAL_DATA_KEY of the bench data, made once per machine."""
    path = VAR / "secrets.json"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({
            "SECRET_KEY": secrets.token_urlsafe(60),
            "PERSONAL_DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
        }))
        path.chmod(0o600)
    return json.loads(path.read_text())


def base_env():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG"}}
    env.update(bench_secrets(), DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="ganfutong_admin.settings",
               EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    return env


def server_env():
    """Production settings (DEBUG off) on this machine: plain HTTP on the loopback, the bench's query counter."""
    env = base_env()
    env.update(DJANGO_ENV="production", ALLOWED_HOSTS="127.0.0.1", REDIS_URL=REDIS_URL, SECURE_SSL_REDIRECT="False",
               SECURE_HSTS_PRELOAD="False", GUNICORN_BIND=f"127.0.0.1:{PORT}", GUNICORN_WORKERS="2",
               BENCH_QUERY_COUNT="1", BENCH_ADMIN_SITE="1", LOG_LEVEL="WARNING",
               # The small set's 12,000 work orders go to the background like the province's 500,000 do (its
               # 500 services stay in the request), so that CI runs both export paths.
               EXPORT_ASYNC_ROWS="5000" if SCALE == "small" else "50000")
    return env


def manage(*args, env=None):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env or base_env(), check=True)


def ensure_database():
    import psycopg2

    match = re.match(r"postgres(?:ql)?://(?P<user>[^@/:]+)?(?::[^@]*)?@?(?P<host>[^:/]*)(?::(?P<port>\d+))?/(?P<db>.+)",
                     DATABASE_URL)
    if not match:
        sys.exit(f"BENCH_DATABASE_URL is not a PostgreSQL URL: {DATABASE_URL}")
    server = DATABASE_URL[: DATABASE_URL.rindex("/")] + "/postgres"
    conn = psycopg2.connect(server)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [match["db"]])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{match["db"]}"')
                print(f"created database {match['db']}")
    finally:
        conn.close()


def data():
    started = time.monotonic()
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("seed_scale", "--scale", SCALE)
    manage("shell", "-c", (
        "from django.contrib.auth import get_user_model; from ganfutong_admin.orgs.models import OrgUnit;"
        f"U = get_user_model(); u = U.objects.filter(username={ADMIN_USER!r}).first() or U(username={ADMIN_USER!r});"
        "u.is_staff = u.is_superuser = True; u.full_name = '性能测试管理员';"
        "u.org_unit = OrgUnit.objects.get(code='360000');"
        f"u.set_password({PASSWORD!r}); u.save()"))
    print(f"bench data ({SCALE}) ready in {time.monotonic() - started:.0f} s: {DATABASE_URL}")


# --- the client ----------------------------------------------------------------------------------------------------

class Client:
    """A logged-in browser. The production settings mark cookies Secure and trust X-Forwarded-Proto: the bench talks
    plain HTTP on the loopback as the TLS-terminating proxy would, and carries the cookies itself."""

    def __init__(self):
        import requests

        self.http = requests.Session()
        self.http.trust_env = False
        self.http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # we keep the cookies
        self.cookies = {}

    def request(self, method, path, stream=False, **kwargs):
        headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{PORT}",
                   "Referer": f"https://127.0.0.1:{PORT}/", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(method, BASE + path, headers=headers, allow_redirects=False, stream=stream,
                                     timeout=kwargs.pop("timeout", 120), **kwargs)
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def login(self, username):
        self.sign_in_with_password(username)
        return self.pass_second_factor(username)

    def pass_second_factor(self, username):
        """Production asks reviewers, supervisors, admins... for the second factor: one recovery code a sign-in
        (give_second_factors made them; a TOTP code would serve one sign-in per 30 seconds)."""
        page = self.get("/accounts/otp/verify/")
        if page.status_code != 200:  # not asked
            return self
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        response = self.request("POST", "/accounts/otp/verify/", data={
            "code": next(BENCH_CODES[username]), "csrfmiddlewaretoken": token.group(1)})
        if response.status_code != 302:
            raise RuntimeError(f"second factor of {username} refused: {response.status_code}")
        return self

    def sign_in_with_password(self, username):
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or not token:
            raise RuntimeError(f"login page: {page.status_code}")
        response = self.request("POST", "/accounts/login/", data={
            "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
        if response.status_code != 302:
            raise RuntimeError(f"login of {username} failed: {response.status_code}")
        return self


def timed(client, path, n):
    """n timed GETs after one warm-up: (timings in ms, queries, status). The queries are the steady state, the
    fewest of the n: a worker's first use of a per-process cache costs one more, and the warm-up reaches only one
    of the two workers."""
    client.get(path)
    timings, counts, status = [], [], None
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        counts.append(int(response.headers.get("X-Bench-Queries", "-1")))
    return timings, min(counts) if counts else None, status


# --- the cases -----------------------------------------------------------------------------------------------------

PROVINCE, CITY = "province_reviewer", "nanchang_submitter"  # 省数据局 reviewer; 南昌市 submitter
# name, page, API, admin changelist, a status of the filter, whether the city user may see it
MAIN_LISTS = [
    # The page's 全部报备 view: a reviewer's page opens on what waits for review; the API and admin list all.
    ("filings", "/filings/?view=all", "/api/v1/filings/", "/admin/workflow/filing/", "submitted"),
    ("services", "/services/", "/api/v1/services/services/", "/admin/services/service/", "listed"),
    ("work orders", "/maintenance/hotline/work-orders/", "/api/v1/maintenance/work-orders/",
     "/admin/maintenance/workorder/", "processing"),
    ("rectifications", "/rectifications/", "/api/v1/rectifications/", "/admin/workflow/rectification/", "open"),
    ("announcements", "/announcements/", "/api/v1/announcements/", "/admin/announcements/announcement/", ""),
    ("inspections", "/maintenance/inspections/", "/api/v1/maintenance/inspections/", "", ""),
    ("faults", "/maintenance/faults/", "/api/v1/maintenance/fault-reports/", "", ""),
]
# Each chapter's main lists (page, API or "").
CHAPTER_LISTS = [
    ("operations plans", "/operations/plans/", ""),
    ("operations circulars", "/operations/circulars/", "/api/v1/operations/circulars/"),
    ("operations partners", "/operations/partners/", "/api/v1/operations/partners/"),
    ("operations responsible persons", "/operations/responsible-persons/", "/api/v1/operations/responsible-persons/"),
    ("operations self-checks", "/operations/self-checks/", ""),
    ("operations promotion activities", "/operations/promotion/activities/",
     "/api/v1/operations/promotion-activities/"),
    ("operations promotion plans", "/operations/promotion/plans/", "/api/v1/operations/promotion-plans/"),
    ("operations promotion summary", "/operations/promotion/summary/", ""),
    ("operations reports", "/operations/reports/", "/api/v1/operations/reports/"),
    ("security incidents", "/security/incidents/", "/api/v1/security/incidents/"),
    ("security risks", "/security/risks/", "/api/v1/security/risks/"),
    ("security data register", "/security/data-register/", "/api/v1/security/data-register/"),
    ("security systems", "/security/systems/", "/api/v1/security/systems/"),
    ("supervision alerts", "/supervision/alerts/", "/api/v1/supervision/alerts/"),
    ("supervision spot checks", "/supervision/spot-checks/", "/api/v1/supervision/spot-checks/"),
    ("supervision simulations", "/supervision/simulations/", "/api/v1/supervision/simulations/"),
    ("supervision evaluations", "/supervision/evaluations/", "/api/v1/supervision/evaluation-periods/"),
    ("supervision accountability", "/supervision/accountability/", "/api/v1/supervision/accountability/"),
    ("hotline bad reviews", "/maintenance/hotline/bad-reviews/", "/api/v1/maintenance/bad-reviews/"),
]
HOME_USERS = ["province_reviewer", "province_supervisor", "operator_publisher", "nanchang_submitter",
              "nanchang_admin", "dept_submitter", "auditor", "sys_admin", "sec_admin", "audit_admin"]
SEARCH = "公积金"
EXPORTS = [("work orders", "/maintenance/hotline/work-orders/?export=xlsx"),
           ("services", "/services/?export=xlsx")]


def joined(path, query):
    return f"{path}{'&' if '?' in path else '?'}{query}" if query else path


def deep_page(client, api):
    """Page 500 where it exists, else the last page (small data sets)."""
    response = client.get(api)
    if response.status_code != 200:
        return None
    count = response.json().get("count") or 0
    pages = max(1, -(-count // 25))
    return min(500, pages) if pages > 1 else None


def variants(status, page):
    out = [("none", "")]
    if status:
        out.append(("status", f"status={status}"))
    out.append(("search", f"q={SEARCH}"))
    if page:
        out.append(("deep", f"page={page}"))
    return out


def measure_lists(clients, admin, cases):
    for name, page_url, api_url, admin_url, status in MAIN_LISTS if "lists" in ONLY else ():
        for who, client in clients.items():
            page = deep_page(client, api_url)
            for variant, query in variants(status, page):
                admin_timings = None
                if admin_url and who == "province":
                    admin_query = {"none": "", "status": f"status__exact={status}", "search": f"q={SEARCH}",
                                   # the admin shows 100 rows a page: its page with the same offset
                                   "deep": f"p={(page - 1) * 25 // 100 + 1 if page else 1}"}[variant]
                    admin_timings, admin_queries, admin_status = timed(admin, joined(admin_url, admin_query), N)
                    cases.append(report.summarize(f"admin {name} {variant}", admin_timings, admin_queries,
                                                  status=admin_status))
                for kind, url in (("page", page_url), ("api", api_url)):
                    timings, queries, code = timed(client, joined(url, query), N)
                    cases.append(report.summarize(f"{kind} {name} {who} {variant}", timings, queries,
                                                  admin_timings if kind == "page" else None, status=code))
                    print(report.format_table(cases[-1:]).splitlines()[-1], flush=True)
    for name, page_url, api_url in CHAPTER_LISTS if "chapters" in ONLY else ():
        for who, client in clients.items():
            for kind, url in (("page", page_url), ("api", api_url)):
                if not url:
                    continue
                for variant, query in (("none", ""), ("search", f"q={SEARCH}")):
                    timings, queries, code = timed(client, joined(url, query), N)
                    cases.append(report.summarize(f"{kind} {name} {who} {variant}", timings, queries, status=code))
                    print(report.format_table(cases[-1:]).splitlines()[-1], flush=True)


def measure_homes(cases):
    for username in HOME_USERS:
        client = Client().login(username)
        timings, queries, code = timed(client, "/", N)
        cases.append(report.summarize(f"home {username}", timings, queries, status=code))
        print(report.format_table(cases[-1:]).splitlines()[-1], flush=True)


def worker_pids(master):
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def follow_background_export(client, response, started):
    """A long list's export answers with its job's page: poll the progress fragment until the job is finished,
    then download the file. (time to the job's page, error)"""
    job = re.search(r"/exports/(\d+)/$", response.headers.get("Location", ""))
    if not job:
        return None, f"HTTP {response.status_code}"
    answered = time.perf_counter() - started
    limit = 1800 if SCALE == "default" else 300
    progress, deadline = f"/exports/{job[1]}/progress/", time.monotonic() + limit
    while time.monotonic() < deadline:
        status = re.search(r'data-status="(\w+)"', client.get(progress).text)
        if status and status[1] in {"done", "failed", "expired"}:
            break
        time.sleep(0.5)
    else:
        return answered, f"the background export did not finish in {limit} s"
    if status[1] != "done":
        return answered, f"the background export ended {status[1]}"
    return answered, client.get(f"/exports/{job[1]}/download/", stream=True, timeout=(10, 900))


def measure_exports(client, master, cases, worker_master=None):
    """Time, first byte and peak RSS of each export. A long list is written by the Celery worker: then the first
    byte is the job's page (what the user sees at once), the total runs to the end of the download, and the peak
    RSS is the worker's."""
    for name, path in EXPORTS:
        watched = [master] + ([worker_master] if worker_master else [])
        before = {pid: peak_rss_mb(pid) for m in watched for pid in worker_pids(m)}
        started = time.perf_counter()
        first_byte, size, error, background = None, 0, "", False
        try:
            response = client.get(path, stream=True, timeout=(10, 900))
            if response.status_code == 302:
                background = True
                first_byte, response = follow_background_export(client, response, started)
                if isinstance(response, str):
                    raise RuntimeError(response)
            for chunk in response.iter_content(64 * 1024):
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
        except Exception as exc:  # noqa: BLE001 - a cut-off export is a result, not a crash of the bench
            error = f"{type(exc).__name__}: {exc}"[:200]
        total = time.perf_counter() - started
        after = {pid: peak_rss_mb(pid) for m in watched for pid in worker_pids(m)}
        peak = max((v for v in after.values() if v), default=None)
        how = "background" if background else "in the request"
        cases.append({"name": f"export {name}", "p50_ms": round(total * 1000), "p95_ms": round(total * 1000),
                      "queries": None, "total_s": round(total, 1), "background": background,
                      # An export that fails is a broken case (CI fails), like a list that is not 200.
                      "status": 200 if not error else "failed",
                      "first_byte_s": None if first_byte is None else round(first_byte, 2), "bytes": size,
                      "worker_peak_rss_mb": peak, "worker_peak_rss_before_mb": max(
                          (v for v in before.values() if v), default=None), "error": error,
                      "note": f"{how}: total {total:.1f} s, first byte "
                              f"{'-' if first_byte is None else f'{first_byte:.2f} s'}, {size / 1e6:.1f} MB, "
                              f"peak RSS {peak} MB{', ' + error if error else ''}"})
        print(report.format_table(cases[-1:]), flush=True)


def measure_load(client, cases):
    """20 clients for 30 s on the work-order API, each its own connection, all in one signed-in session: one
    account may hold only MAX_CONCURRENT_SESSIONS sessions, so 20 sign-ins of it would end most of them."""
    signed_in = Client().login(PROVINCE)
    clients = [Client() for _ in range(LOAD_CLIENTS)]
    for c in clients:
        c.cookies = dict(signed_in.cookies)
    deadline = time.monotonic() + LOAD_SECONDS
    lock = threading.Lock()
    timings, errors = [], []

    def work(c):
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response = c.get("/api/v1/maintenance/work-orders/", timeout=60)
                ok = response.status_code == 200
                detail = f"HTTP {response.status_code}"
            except Exception as exc:  # noqa: BLE001 - counted as an error
                ok, detail = False, type(exc).__name__
            with lock:
                (timings if ok else errors).append((time.perf_counter() - started) * 1000 if ok else detail)

    started = time.monotonic()
    with ThreadPoolExecutor(LOAD_CLIENTS) as pool:
        list(pool.map(work, clients))
    elapsed = time.monotonic() - started
    case = report.summarize("load work-order API 20 clients", timings, None, requests=len(timings) + len(errors),
                            errors=len(errors), throughput_rps=round(len(timings) / elapsed, 1),
                            error_kinds=sorted(set(errors))[:5])
    case["note"] = (f"{case['requests']} requests in {elapsed:.0f} s, {case['throughput_rps']} req/s, "
                    f"{len(errors)} errors")
    cases.append(case)
    print(report.format_table(cases[-1:]), flush=True)


def wait_for(url, seconds=120):
    import requests

    for _ in range(seconds):
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer")


# The bench's sign-ins pass the second factor with these one-time recovery codes, made afresh before each run.
BENCH_CODE_COUNT = 200
BENCH_CODES = {}


def give_second_factors():
    users = sorted({PROVINCE, CITY, ADMIN_USER, *HOME_USERS})
    manage("shell", "-c", (
        "from django.contrib.auth import get_user_model;"
        "from django_otp.plugins.otp_static.models import StaticDevice, StaticToken;"
        "from django_otp.plugins.otp_totp.models import TOTPDevice;"
        f"users = list(get_user_model().objects.filter(username__in={users!r}));"
        "[TOTPDevice.objects.get_or_create(user=u, confirmed=True, defaults={'name': 'bench'}) for u in users];"
        "StaticDevice.objects.filter(user__in=users, name='bench').delete();"
        "devices = [StaticDevice.objects.create(user=u, name='bench', confirmed=True) for u in users];"
        f"StaticToken.objects.bulk_create(StaticToken(device=d, token=f'bench{{i:04d}}') for d in devices "
        f"for i in range({BENCH_CODE_COUNT}))"))
    BENCH_CODES.update({u: (f"bench{i:04d}" for i in itertools.count()) for u in users})


def run():
    env = server_env()
    give_second_factors()
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [p for d in (ROOT / "static", ROOT / "node_modules") if d.exists() for p in (d,)]
    if not manifest.exists() or any(p.stat().st_mtime > manifest.stat().st_mtime for p in sources):
        manage("collectstatic", "--noinput", "-v0", env=env)
    log = open(VAR / "gunicorn.log", "w")
    server = subprocess.Popen([str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                               "ganfutong_admin.wsgi:application"], cwd=ROOT, env=env, stdout=log, stderr=log,
                              start_new_session=True)
    worker = None
    if "exports" in ONLY:  # long exports are written by the Celery worker, as in production
        worker = subprocess.Popen([str(Path(PYTHON).parent / "celery"), "-A", "ganfutong_admin", "worker", "-c", "1",
                                   "--without-gossip", "--without-mingle", "-l", "WARNING", "-n", "bench@%h"],
                                  cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    started = time.monotonic()
    cases = []
    try:
        wait_for(f"{BASE}/healthz")
        clients = {"province": Client().login(PROVINCE), "city": Client().login(CITY)}
        admin = Client().login(ADMIN_USER)
        measure_lists(clients, admin, cases)
        if "homes" in ONLY:
            measure_homes(cases)
        if "exports" in ONLY:
            measure_exports(clients["province"], server.pid, cases, worker.pid if worker else None)
        if "load" in ONLY:
            measure_load(clients["province"], cases)
    finally:
        for process in (server, worker):
            if process:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        log.close()
    meta = {"scale": SCALE, "groups": sorted(ONLY), "database": DATABASE_URL.rsplit("/", 1)[-1], "requests_per_case": N,
            "seconds": round(time.monotonic() - started), "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    path = report.write_report(cases, VAR / "report.json", meta)
    print()
    print(report.format_table(cases))
    # A list the user may not see (403) is not measured; anything else but 200 is a broken case.
    served = [c for c in cases if c.get("status") in (None, 200)]
    failures, misses = report.check_pins(served, report.load_pins())
    broken = [f"{c['name']} ({c['status']})" for c in cases if c.get("status") not in (None, 200, 403)]
    print(f"\nreport: {path} ({meta['seconds']} s, {len(cases)} cases)")
    for line in misses:
        print(f"  over target: {line}")
    for name in broken:
        print(f"  NOT 200: {name}")
    for line in failures:
        print(f"  OVER PIN: {line}")
    if failures or broken:
        sys.exit(1)


def pins():
    """Write today's figures of var/bench/report.json as the `current` pins of the cases over their target."""
    cases = json.loads((VAR / "report.json").read_text(encoding="utf-8"))["cases"]
    updated = report.pins_from_report(cases, report.load_pins())
    report.PINS_FILE.write_text(json.dumps(updated, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{report.PINS_FILE}: {len(updated['cases'])} cases pinned above their target")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    {"data": data, "run": run, "pins": pins}.get(command, lambda: sys.exit(f"unknown command {command}: data or run"))()
