"""No server-side requests to internal addresses (issue 11, point 2): the availability monitor refuses loopback,
link-local, private, reserved and multicast addresses, checked after the name is resolved and again on every
redirect, IPv6 and IPv4-mapped forms included, unless the address is inside settings.MONITOR_ALLOWED_NETWORKS."""

import socket
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from factories_monitoring import LocalHTTPServer

from maintenance.monitoring.probe import address_allowed, probe

BLOCKED = "blocked_address"


@pytest.fixture(autouse=True)
def _no_allowlist(settings):
    settings.MONITOR_TIMEOUT_SECONDS = 1.0
    settings.MONITOR_MAX_REDIRECTS = 3
    settings.MONITOR_ALLOWED_NETWORKS = []


@pytest.fixture
def no_connection(monkeypatch):
    """Fails the test if the probe opens any socket at all."""
    def refuse(*args, **kwargs):
        raise AssertionError("the probe opened a connection")

    monkeypatch.setattr(socket, "socket", refuse)


def resolve_to(monkeypatch, names):
    """A resolver where each name of `names` resolves to the given address (the rest as usual)."""
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in names:
            family = socket.AF_INET6 if ":" in names[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:22/", "http://127.0.0.1:6379/", "http://localhost:8000/", "http://[::1]:22/",
    "http://[::ffff:127.0.0.1]:22/", "http://[::ffff:7f00:1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://10.0.0.5/", "http://172.16.3.4/",
    "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0:22/", "http://224.0.0.1/", "http://240.0.0.1/",
    "http://[fc00::1]/", "http://[ff02::1]/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/",
    "http://127.1/", "http://[::127.0.0.1]/",
])
def test_internal_addresses_are_refused_without_a_connection(no_connection, url):
    outcome = probe(url)
    assert (outcome.ok, outcome.error_code, outcome.status_code) == (False, BLOCKED, None)


def test_a_real_local_service_is_not_reached():
    with LocalHTTPServer() as server:
        outcome = probe(server.url("/"))
        assert server.requests == 0
    assert outcome.error_code == BLOCKED


def test_a_name_resolving_to_a_private_address_is_refused_after_resolution(monkeypatch, no_connection):
    resolve_to(monkeypatch, {"svc.example.gov.cn": "10.36.8.9"})
    assert probe("https://svc.example.gov.cn/entry").error_code == BLOCKED


def test_a_redirect_to_the_metadata_address_is_refused(settings, monkeypatch):
    settings.MONITOR_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the first hop is allowed, the redirect is not
    with LocalHTTPServer({"*": (302, {"Location": "http://169.254.169.254/latest/meta-data/"})}) as server:
        outcome = probe(server.url("/start"))
    assert (outcome.ok, outcome.error_code) == (False, BLOCKED)


def test_a_redirect_to_a_name_resolving_inside_is_refused(settings, monkeypatch):
    settings.MONITOR_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    resolve_to(monkeypatch, {"metadata.example.com": "::ffff:169.254.169.254"})
    with LocalHTTPServer({"*": (301, {"Location": "http://metadata.example.com/"})}) as server:
        outcome = probe(server.url("/start"))
    assert outcome.error_code == BLOCKED


def test_an_allowlisted_intranet_range_is_probed(settings, monkeypatch):
    settings.MONITOR_ALLOWED_NETWORKS = ["10.36.0.0/16", "127.0.0.0/8"]
    resolve_to(monkeypatch, {"gjj.intranet.jx.gov.cn": "127.0.0.1"})
    with LocalHTTPServer() as server:
        outcome = probe(f"http://gjj.intranet.jx.gov.cn:{server.port}/entry")
        assert server.requests == 1
    assert (outcome.ok, outcome.status_code) == (True, 200)
    assert address_allowed("10.36.200.1") and address_allowed("::ffff:10.36.0.7")
    assert not address_allowed("10.37.0.1")  # next to the allowlisted range, not in it


@pytest.mark.parametrize(("ip", "allowed"), [
    ("8.8.8.8", True), ("202.101.224.68", True), ("2001:4860:4860::8888", True), ("::ffff:8.8.8.8", True),
    ("127.0.0.1", False), ("127.8.9.10", False), ("::1", False), ("::ffff:127.0.0.1", False),
    ("169.254.169.254", False), ("fe80::1%eth0", False), ("10.1.2.3", False), ("172.31.255.255", False),
    ("192.168.0.1", False), ("100.100.100.200", False), ("198.18.0.1", False), ("192.0.2.10", False),
    ("0.0.0.0", False), ("::", False), ("224.0.0.251", False), ("ff02::fb", False), ("255.255.255.255", False),
    ("fd12:3456::1", False), ("2001:db8::1", False), ("64:ff9b::a00:1", False),
])
def test_the_address_rule(ip, allowed):
    assert address_allowed(ip) is allowed


def test_multicast_is_refused_even_inside_the_allowlist(settings):
    settings.MONITOR_ALLOWED_NETWORKS = ["224.0.0.0/4"]
    assert address_allowed("224.0.0.1") is False


@pytest.mark.parametrize("value", ["10.0.0.1/8", "10.0.0.0/33", "intranet", "10.0.0.0/8;192.168.0.0/16"])
def test_a_malformed_allowlist_stops_the_start_up(value):
    env = {"PATH": "/usr/bin:/bin", "MONITOR_ALLOWED_NETWORKS": value, "DJANGO_SETTINGS_MODULE":
           "ganfutong_admin.settings"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=django_settings.BASE_DIR,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "MONITOR_ALLOWED_NETWORKS" in done.stderr
