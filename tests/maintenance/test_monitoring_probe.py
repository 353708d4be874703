"""The prober (第十七条) against local servers: success, 5xx, redirects (followed, capped, each hop checked),
schemes refused without a connection, refused connections, servers that hang or drip, one overall deadline."""

import socket
import time

import pytest
from factories_monitoring import LocalHTTPServer, SilentServer, free_port

from maintenance.monitoring import probe as probe_module
from maintenance.monitoring.probe import probe


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.MONITOR_TIMEOUT_SECONDS = 1.0
    settings.MONITOR_MAX_REDIRECTS = 3
    # The local test servers stand in for services on an allowlisted intranet (test_monitoring_ssrf.py: without it).
    settings.MONITOR_ALLOWED_NETWORKS = ["127.0.0.0/8"]


def test_200_is_up_with_a_response_time():
    with LocalHTTPServer() as server:
        outcome = probe(server.url("/service"))
    assert outcome.ok is True
    assert outcome.status_code == 200
    assert outcome.error_code == ""
    assert 0 <= outcome.response_ms < 1000


@pytest.mark.parametrize(("status", "code"), [(500, "http_5xx"), (503, "http_5xx"), (404, "http_4xx")])
def test_error_statuses_are_failures(status, code):
    with LocalHTTPServer({"*": (status, {})}) as server:
        outcome = probe(server.url())
    assert (outcome.ok, outcome.status_code, outcome.error_code) == (False, status, code)
    assert outcome.response_ms is not None  # the server answered: how fast is still recorded


def test_redirect_then_200_is_up():
    with LocalHTTPServer({"/old": (302, {"Location": "/new"}), "/new": (200, {})}) as server:
        outcome = probe(server.url("/old"))
    assert (outcome.ok, outcome.status_code) == (True, 200)


def test_a_3xx_without_location_is_a_final_answer_and_up():
    with LocalHTTPServer({"*": (304, {})}) as server:
        outcome = probe(server.url())
    assert (outcome.ok, outcome.status_code) == (True, 304)


def test_redirect_then_5xx_is_down():
    with LocalHTTPServer({"/a": (301, {"Location": "/b"}), "/b": (502, {})}) as server:
        outcome = probe(server.url("/a"))
    assert (outcome.ok, outcome.status_code, outcome.error_code) == (False, 502, "http_5xx")


def test_redirects_are_capped(settings):
    settings.MONITOR_MAX_REDIRECTS = 2
    routes = {"/1": (302, {"Location": "/2"}), "/2": (302, {"Location": "/3"}), "/3": (302, {"Location": "/4"}),
              "/4": (200, {})}
    with LocalHTTPServer(routes) as server:
        capped = probe(server.url("/1"))  # three redirects needed, two allowed
        within = probe(server.url("/2"))  # two redirects: fine
    assert (capped.ok, capped.error_code, capped.status_code) == (False, "too_many_redirects", 302)
    assert (within.ok, within.status_code) == (True, 200)


def test_a_redirect_loop_ends_at_the_cap():
    with LocalHTTPServer({"*": (302, {"Location": "/again"})}) as server:
        outcome = probe(server.url())
    assert outcome.error_code == "too_many_redirects"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1/",
                                 "javascript:alert(1)"])
def test_other_schemes_are_refused_without_a_connection(monkeypatch, url):
    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "socket", no_connection)
    monkeypatch.setattr(socket, "getaddrinfo", no_connection)
    outcome = probe(url)
    assert (outcome.ok, outcome.status_code, outcome.error_code) == (False, None, "bad_scheme")


def test_a_redirect_to_file_is_refused_before_following_it(monkeypatch):
    connections = []
    real_connect = probe_module._connect

    def counting_connect(target, deadline):
        connections.append(target)
        return real_connect(target, deadline)

    monkeypatch.setattr(probe_module, "_connect", counting_connect)
    with LocalHTTPServer({"*": (302, {"Location": "file:///etc/passwd"})}) as server:
        outcome = probe(server.url("/start"))
    assert (outcome.ok, outcome.error_code) == (False, "bad_scheme")
    assert [t.scheme for t in connections] == ["http"]  # only the first hop connected


def test_a_redirect_to_ftp_is_refused():
    with LocalHTTPServer({"*": (301, {"Location": "ftp://127.0.0.1/pub"})}) as server:
        assert probe(server.url()).error_code == "bad_scheme"


@pytest.mark.parametrize("url", ["http://", "http:///path", "http://exa mple.com/", "http://127.0.0.1:99999/",
                                 "http://127.0.0.1/a\r\nX-Injected: 1"])
def test_malformed_urls(url):
    outcome = probe(url)
    assert (outcome.ok, outcome.error_code) == (False, "bad_url")


def test_link_local_addresses_are_never_probed():
    assert probe("http://169.254.169.254/latest/meta-data/").error_code == "blocked_address"


def test_connection_refused():
    outcome = probe(f"http://127.0.0.1:{free_port()}/")
    assert (outcome.ok, outcome.status_code, outcome.response_ms, outcome.error_code) == (
        False, None, None, "connection_refused")


def test_unknown_host_is_dns():
    assert probe("http://no-such-host.invalid/").error_code in ("dns", "timeout")


def test_a_hanging_server_times_out_within_the_deadline():
    with SilentServer() as server:
        started = time.monotonic()
        outcome = probe(server.url())
        elapsed = time.monotonic() - started
    assert (outcome.ok, outcome.error_code, outcome.status_code) == (False, "timeout", None)
    assert 0.9 <= elapsed < 3


def test_a_dripping_server_cannot_stretch_the_deadline():
    """Headers one byte every 50 ms: each read succeeds, but the whole probe still ends at the deadline."""
    with SilentServer(drip=0.05) as server:
        started = time.monotonic()
        outcome = probe(server.url())
        elapsed = time.monotonic() - started
    assert (outcome.ok, outcome.error_code) == (False, "timeout")
    assert elapsed < 3


def test_the_deadline_covers_every_redirect(settings):
    """Each hop is fast, but a slow last hop makes the whole probe time out: one deadline for all hops."""
    settings.MONITOR_MAX_REDIRECTS = 5
    with SilentServer() as silent, LocalHTTPServer({"*": (302, {"Location": silent.url("/slow")})}) as server:
        started = time.monotonic()
        outcome = probe(server.url())
        elapsed = time.monotonic() - started
    assert outcome.error_code == "timeout"
    assert elapsed < 3


def test_tls_errors_are_tls():
    """An https probe of a plain-HTTP server fails the handshake: tls (never an exception)."""
    with LocalHTTPServer() as server:
        outcome = probe(f"https://127.0.0.1:{server.port}/")
    assert (outcome.ok, outcome.error_code) in ((False, "tls"), (False, "connection_reset"))


def test_garbage_instead_of_http_is_bad_response():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    port = sock.getsockname()[1]

    import threading

    def answer():
        conn, _ = sock.accept()
        conn.recv(1024)
        conn.sendall(b"SSH-2.0-OpenSSH\r\n\r\n")
        conn.close()

    threading.Thread(target=answer, daemon=True).start()
    try:
        outcome = probe(f"http://127.0.0.1:{port}/")
    finally:
        sock.close()
    assert (outcome.ok, outcome.error_code) == (False, "bad_response")


def test_error_codes_are_translated(english):
    from maintenance.monitoring.errors import error_label

    assert error_label("timeout") == "Timed out"
    assert error_label("something_new") == "something_new"
    assert error_label("") == ""
