"""The scale-out check (issue 16, point 3): two gunicorn instances on two ports share one PostgreSQL and one Redis.

- a session opened through one instance holds on the other, and a logout through the other ends it;
- a lockout (accounts.signin_guard: 5 failures of an account, counted in the one Redis) counted through both holds
  on both, and from another address;
- a rate limit (the token endpoint's 30/min per client address) is counted across both instances, and a client
  that varies the forgeable left part of X-Forwarded-For is still one client;
- two beats run, one sends (core.beat's Redis lock): a periodic task set to fire every few seconds is received
  by the worker once per period; when the leading beat stops, the other takes over, still once per period.

Run by `make prod-smoke` after the smoke (same database), or alone: `python scripts/prod_smoke.py --only-scale-out`.
"""

import json
import re
import time
from datetime import datetime

from prodstack import Client, check, hidden_inputs, log

ACCOUNTS = [
    ("scale_user", "360100", "submitter", "scale.user@smoke.invalid"),
    ("scale_locked", "360100", "submitter", "scale.locked@smoke.invalid"),
]
BEAT_INTERVAL = 4  # seconds: the availability probe's period during this check (MONITOR_INTERVAL_SECONDS)
PROBE = "maintenance.monitoring.tasks.probe_listed_services"


def probe_times(worker_log):
    """When the worker received the probe task: from its JSON log lines (production's LOG_FORMAT) or text ones."""
    received = re.compile(r"Task " + re.escape(PROBE) + r"\[[^\]]+\] received")
    times = []
    for line in worker_log.splitlines():
        if line.startswith("{"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if received.search(str(entry.get("message", ""))):
                times.append(datetime.fromisoformat(entry["time"]).replace(tzinfo=None))
            continue
        match = re.search(r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): INFO/MainProcess\] " + received.pattern, line)
        if match:
            times.append(datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f"))
    return times


def assert_once_per_period(times, phase):
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    check(all(gap >= BEAT_INTERVAL * 0.6 for gap in gaps),
          f"{phase}: the periodic task fired more than once in a period (gaps {gaps})")
    return gaps


def check_sessions(a_port, b_port):
    a = Client(a_port, client_ip="198.51.100.5")
    a.login(ACCOUNTS[0][0])
    b = Client(b_port, client_ip="198.51.100.5", cookies=dict(a.cookies))
    home = b.get("/")
    check(home.status == 200 and ACCOUNTS[0][0] in home.text,
          f"the session made on :{a_port} is not known on :{b_port} ({home.status})")
    logout = b.post("/accounts/logout/", form={"csrfmiddlewaretoken": hidden_inputs(home.text)["csrfmiddlewaretoken"]})
    check(logout.status == 302, f"logout on :{b_port}: {logout.status}")
    after = a.get("/")
    check(after.status == 302 and "/accounts/login/" in after.header("Location"),
          f"the logout on :{b_port} did not end the session on :{a_port} ({after.status})")
    log(f"session: opened on :{a_port}, used and closed on :{b_port}, gone on :{a_port}")


def check_lockout(a_port, b_port):
    client_ip, username = "198.51.100.7", ACCOUNTS[1][0]
    clients = [Client(a_port, client_ip=client_ip), Client(b_port, client_ip=client_ip)]
    for attempt in range(5):
        # Each failure goes through the other instance, with a different forged left part of X-Forwarded-For.
        response = clients[attempt % 2].obtain_token(username, "wrong-password",
                                                     forwarded_for=f"10.0.0.{attempt}, {client_ip}")
        check(response.status in (401, 403), f"failure {attempt + 1}: {response.status}")
    for client in clients:
        response = client.obtain_token(username)
        check(response.status == 429,
              f"the lockout does not hold on :{client.port}: {response.status} {response.text[:200]}")
    # The lock is the account's: the right password from another address is refused the same way.
    other = Client(b_port, client_ip="198.51.100.77").obtain_token(username)
    check(other.status == 429, f"a locked account must stay locked from another address: {other.status}")
    log(f"lockout: 5 failures split over :{a_port} and :{b_port} lock {username} on both")


def check_rate_limit(a_port, b_port):
    client_ip = "198.51.100.8"
    clients = [Client(a_port, client_ip=client_ip), Client(b_port, client_ip=client_ip)]

    def attempt(i):
        # An invalid body (400) is refused after the throttle has counted it: no password hashing, quick.
        return clients[i % 2].post("/api/v1/auth/token/", {"username": ""}, auth=False,
                                   forwarded_for=f"192.0.2.{i}, {client_ip}").status

    # One after the other: DRF's throttle reads and writes its history in the cache without a lock, so concurrent
    # requests may lose counts (a burst can pass the limit by a few); the point here is that both instances count
    # in the one Redis.
    statuses = [attempt(i) for i in range(30)]
    check(statuses.count(429) == 0 and set(statuses) == {400}, f"the first 30 requests: {statuses}")
    for client in clients:
        status = client.post("/api/v1/auth/token/", {"username": ""}, auth=False,
                             forwarded_for=f"192.0.2.99, {client_ip}").status
        check(status == 429, f"the 31st request through :{client.port} was not throttled ({status})")
    fresh = Client(a_port, client_ip="198.51.100.9").post("/api/v1/auth/token/", {"username": ""}, auth=False)
    check(fresh.status == 400, f"another client address is not throttled: {fresh.status}")
    log(f"rate limit: 30 requests split over :{a_port} and :{b_port}, the 31st refused (429) on both")


def check_single_beat(stack):
    def leaders():
        return [name for name in ("beat-1", "beat-2") if "is the leader" in stack.read_log(name)]

    first = stack.wait_for("a beat to lead", leaders, timeout=60)
    check(len(first) == 1, f"two beats lead at once: {first}")
    leader = first[0]
    standby = "beat-2" if leader == "beat-1" else "beat-1"
    stack.wait_for(f"{standby} to stand by", lambda: "stands by" in stack.read_log(standby), timeout=30)
    stack.wait_for("five probes", lambda: len(probe_times(stack.read_log("worker"))) >= 5, timeout=60)
    phase1 = probe_times(stack.read_log("worker"))
    gaps = assert_once_per_period(phase1, "two beats")
    check(PROBE.rsplit(".", 1)[-1] not in stack.read_log(standby) and "Sending due task" not in stack.read_log(standby),
          f"the standby {standby} sent tasks:\n{stack.read_log(standby)[-2000:]}")
    log(f"beat: {leader} leads, {standby} stands by; {len(phase1)} probes, gaps {[round(g, 1) for g in gaps]} s")

    stack.stop(leader)
    stack.wait_for(f"{standby} to take over", lambda: "is the leader" in stack.read_log(standby), timeout=30)
    count = len(phase1)
    stack.wait_for("three more probes", lambda: len(probe_times(stack.read_log("worker"))) >= count + 3, timeout=60)
    times = probe_times(stack.read_log("worker"))
    gaps = assert_once_per_period(times, "after the failover")
    log(f"beat: {leader} stopped, {standby} took over; {len(times) - count} more probes, still once per period")


def scale_out(stack):
    started = time.monotonic()
    a_port, b_port = stack.ports[:2]
    interval = {"MONITOR_INTERVAL_SECONDS": str(BEAT_INTERVAL)}
    stack.env.update(interval)
    stack.start_gunicorn("web-a", a_port)
    stack.start_gunicorn("web-b", b_port)
    stack.start_worker()
    stack.start_beat("beat-1")
    stack.start_beat("beat-2")
    stack.wait_healthy(a_port)
    stack.wait_healthy(b_port)
    stack.wait_worker_ready()
    check_sessions(a_port, b_port)
    check_lockout(a_port, b_port)
    check_rate_limit(a_port, b_port)
    check_single_beat(stack)
    stack.assert_no_5xx("web-a", "web-b")
    stack.stop_all()
    check("Traceback" not in stack.read_log("worker"), "the worker logged an error")
    log(f"scale-out check passed in {time.monotonic() - started:.0f} s")
