"""Builders for the availability-monitoring tests (第十七条): listed services, probe results, anomalies, and local
servers on 127.0.0.1 (port 0) that the tests start and stop: a configurable HTTP server, one that accepts and
never answers, and one that drips its headers."""

import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import factory
from django.utils import timezone
from factories import org

from maintenance.monitoring.actor import system_actor
from maintenance.monitoring.models import AnomalyEvent, AnomalyStatus, AvailabilityAnomaly, ProbeResult, UptimeDay
from services.models import Service


class ListedServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    owner_org = factory.LazyFunction(lambda: org("360102"))
    name = factory.Sequence(lambda n: f"监测测试服务 {n}")
    code = factory.Sequence(lambda n: f"MON-{n:05d}")
    category = "public_service"
    status = "listed"
    listed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=100))
    entry_url = factory.Sequence(lambda n: f"https://ganfutong.example.invalid/mon/{n}")


def add_results(service, pattern, end=None, step=timedelta(minutes=5)):
    """Probe results for `service` from a pattern like "++-+" (+ ok, - failed), the last one at `end`."""
    end = end or timezone.now()
    rows = []
    for i, mark in enumerate(pattern):
        at = end - step * (len(pattern) - 1 - i)
        ok = mark == "+"
        rows.append(ProbeResult(service=service, checked_at=at, ok=ok, status_code=200 if ok else 503,
                                response_ms=100 + i if ok else 40, error="" if ok else "http_5xx"))
    return ProbeResult.objects.bulk_create(rows)


def make_day(service, day, checks, successes, avg_ms=120, max_ms=300):
    return UptimeDay.objects.create(service=service, date=day, checks=checks, successes=successes, avg_ms=avg_ms,
                                    max_ms=max_ms)


def make_anomaly(service, status=AnomalyStatus.OPEN, started_ago=timedelta(minutes=20), failures=3):
    """An anomaly inserted in the state a test needs, with its opening event (the engine is tested elsewhere)."""
    actor = system_actor()
    started = timezone.now() - started_ago
    anomaly = AvailabilityAnomaly.objects.create(
        owner_org=service.owner_org, service=service, created_by=actor, status=status, started_at=started,
        last_failure_at=timezone.now(), consecutive_failures=failures, last_error="timeout",
        resolved_at=timezone.now() if status == AnomalyStatus.RESOLVED else None,
    )
    AnomalyEvent.objects.create(anomaly=anomaly, actor=actor, action="open", to_status="open", version=1)
    return anomaly


# --- local servers ----------------------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.server.owner.requests += 1
        routes = self.server.routes
        status, headers = routes.get(self.path, routes.get("*", (200, {})))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class LocalHTTPServer:
    """A threaded HTTP server on 127.0.0.1. `routes`: {path: (status, headers)}, "*" for any other path.
    stop() and start() again keep the same port, so a service's URL stays valid across an outage."""

    def __init__(self, routes=None):
        self.routes = routes if routes is not None else {"*": (200, {})}
        self.port = 0
        self.requests = 0  # requests answered so far
        self._server = None

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _Handler)
        self._server.daemon_threads = True
        self._server.routes = self.routes
        self._server.owner = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SilentServer:
    """Accepts connections and then says nothing (or, with `drip`, sends a status line and then one header byte
    every `drip` seconds, never finishing the headers)."""

    def __init__(self, drip=None):
        self.drip = drip
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._clients = []

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self._clients.append(conn)
            if self.drip:
                threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        try:
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not self._stop.is_set():
                conn.sendall(b"X")
                time.sleep(self.drip)
        except OSError:
            pass

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for conn in self._clients:
            conn.close()
        self._sock.close()


def free_port():
    """A port nothing listens on (bound and released at once): connecting to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
