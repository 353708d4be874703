"""Probe one service entry URL (第十七条): is it answering, how fast, and if not, why.

`probe(url)` returns a `ProbeOutcome(ok, status_code, response_ms, error_code)`.

- Only http and https. Any other scheme, or a redirect to one, is refused before any connection.
- Redirects are followed by hand, each hop checked, at most settings.MONITOR_MAX_REDIRECTS of them.
- Only public addresses are called: every address a name resolves to is checked just before connecting to it
  (for the first URL and for every redirect; IPv4-mapped and other IPv6 forms of an IPv4 address are judged as that
  address), and loopback, link-local, private and reserved ones are refused unless inside
  settings.MONITOR_ALLOWED_NETWORKS. The socket connects to the checked address itself, so a name that resolves
  differently a moment later (DNS rebinding) cannot slip past the check.
- The whole probe (name lookup, connect, TLS, request, status line and headers, every redirect) shares one
  deadline of settings.MONITOR_TIMEOUT_SECONDS: every blocking step gets only the time that is left, so a server
  that accepts and never answers, or drips its headers a byte at a time, cannot hold the probe longer.
- Only the status line and the headers are read (up to HEADER_LIMIT bytes), never the body.
- ok = the final status (after redirects) is 2xx or 3xx.

The socket work is done here rather than with http.client's connection classes because their reads are
bounded per recv() only (a dripping server resets the clock at every byte); http.client still parses the headers.
"""

import http.client
import io
import ipaddress
import logging
import selectors
import socket
import ssl
import threading
import time
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from .errors import ErrorCode

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HEADER_LIMIT = 16 * 1024  # status line + headers; a bigger head is not an HTTP server we want to talk to
USER_AGENT = "GanfutongAvailabilityMonitor/1.0"
log = logging.getLogger(__name__)


class ProbeOutcome(NamedTuple):
    ok: bool
    status_code: int | None
    response_ms: int | None
    error_code: str  # "" when ok


class ProbeError(Exception):
    def __init__(self, code, status_code=None):
        super().__init__(code)
        self.code = getattr(code, "value", code)
        self.status_code = status_code


class _Deadline:
    def __init__(self, seconds):
        self.started = time.monotonic()
        self.ends = self.started + seconds

    def remaining(self):
        left = self.ends - time.monotonic()
        if left <= 0:
            raise ProbeError(ErrorCode.TIMEOUT)
        return left

    def elapsed_ms(self):
        return int((time.monotonic() - self.started) * 1000)


class _Target(NamedTuple):
    scheme: str
    host: str
    port: int
    host_header: str
    request_path: str


def _target(url):
    """Check one URL (the first or a redirect's) and split it; refuse anything but plain http(s)."""
    if not isinstance(url, str) or any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        # No spaces or control characters: they would end up in the request line.
        raise ProbeError(ErrorCode.BAD_URL)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ProbeError(ErrorCode.BAD_URL) from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise ProbeError(ErrorCode.BAD_SCHEME)
    host = parts.hostname
    if not host:
        raise ProbeError(ErrorCode.BAD_URL)
    port = port or DEFAULT_PORTS[scheme]
    shown_host = f"[{host}]" if ":" in host else host
    host_header = shown_host if port == DEFAULT_PORTS[scheme] else f"{shown_host}:{port}"
    path = parts.path or "/"
    if not path.isascii() or (parts.query and not parts.query.isascii()):
        raise ProbeError(ErrorCode.BAD_URL)
    return _Target(scheme, host, port, host_header, path + (f"?{parts.query}" if parts.query else ""))


NAT64 = ipaddress.ip_network("64:ff9b::/96")


@lru_cache(maxsize=8)
def _allowed_networks(cidrs):
    return tuple(ipaddress.ip_network(cidr, strict=True) for cidr in cidrs)


def _effective(address):
    """The IPv4 address an IPv6 address stands for (IPv4-mapped ::ffff:a.b.c.d, NAT64, 6to4, Teredo), else itself:
    ::ffff:127.0.0.1 is loopback and is judged as 127.0.0.1."""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
    return address


def address_allowed(ip):
    """May the monitor connect to `ip` (a resolved address, checked just before the connection)? Public unicast
    addresses only; loopback, link-local (cloud metadata at 169.254.169.254), private, shared, reserved, multicast
    and unspecified addresses only inside settings.MONITOR_ALLOWED_NETWORKS (never multicast or unspecified)."""
    address = _effective(ipaddress.ip_address(ip.split("%", 1)[0]))
    if address.is_multicast or address.is_unspecified:
        return False
    if any(address in network for network in _allowed_networks(tuple(settings.MONITOR_ALLOWED_NETWORKS))
           if network.version == address.version):
        return True
    return address.is_global and not (address.is_reserved or address.is_loopback or address.is_link_local
                                      or address.is_private)


def _check_address(ip):
    if not address_allowed(ip):
        raise ProbeError(ErrorCode.BLOCKED_ADDRESS)


def _resolve(host, port, deadline):
    """getaddrinfo() cannot be given a timeout: run it in a daemon thread and stop waiting at the deadline."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)

    found = {}

    def lookup():
        try:
            found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            found["error"] = exc

    worker = threading.Thread(target=lookup, name="monitor-dns", daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        raise ProbeError(ErrorCode.TIMEOUT)
    if "error" in found:
        raise ProbeError(ErrorCode.DNS)
    return found["infos"]


def _connect(target, deadline):
    infos = _resolve(target.host, target.port, deadline)
    if not infos:
        raise ProbeError(ErrorCode.DNS)
    last_error = ProbeError(ErrorCode.CONNECTION_FAILED)
    for family, socktype, proto, _canon, sockaddr in infos:
        _check_address(sockaddr[0])
        sock = socket.socket(family, socktype, proto)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect(sockaddr)
            return sock
        except ProbeError:
            sock.close()
            raise
        except TimeoutError:
            sock.close()
            raise ProbeError(ErrorCode.TIMEOUT) from None
        except ConnectionRefusedError:
            sock.close()
            last_error = ProbeError(ErrorCode.CONNECTION_REFUSED)
        except OSError:
            sock.close()
            last_error = ProbeError(ErrorCode.CONNECTION_FAILED)
    raise last_error


def _tls(sock, target, deadline):
    """TLS with certificate and host name checks; the handshake is driven non-blocking against the deadline
    (a blocking handshake is bounded per read only)."""
    context = ssl.create_default_context()
    tls_sock = context.wrap_socket(sock, server_hostname=target.host, do_handshake_on_connect=False)
    tls_sock.setblocking(False)
    try:
        with selectors.DefaultSelector() as selector:
            while True:
                try:
                    tls_sock.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    events = selectors.EVENT_READ
                except ssl.SSLWantWriteError:
                    events = selectors.EVENT_WRITE
                except ssl.SSLError:
                    raise ProbeError(ErrorCode.TLS) from None
                selector.register(tls_sock, events)
                ready = selector.select(deadline.remaining())
                selector.unregister(tls_sock)
                if not ready:
                    raise ProbeError(ErrorCode.TIMEOUT)
    except BaseException:
        tls_sock.close()
        raise
    return tls_sock


def _read_head(sock, deadline):
    """Bytes up to the end of the headers; each recv() gets only the time left."""
    buffer = b""
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end >= 0:
            return buffer[:end + 4]
        if len(buffer) > HEADER_LIMIT:
            raise ProbeError(ErrorCode.BAD_RESPONSE)
        sock.settimeout(deadline.remaining())
        chunk = sock.recv(4096)
        if not chunk:
            raise ProbeError(ErrorCode.BAD_RESPONSE)
        buffer += chunk


def _parse_head(head):
    status_line, _sep, rest = head.partition(b"\r\n")
    parts = status_line.decode("iso-8859-1").split(None, 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not (parts[1].isdigit() and len(parts[1]) == 3):
        raise ProbeError(ErrorCode.BAD_RESPONSE)
    try:
        headers = http.client.parse_headers(io.BytesIO(rest))
    except http.client.HTTPException:
        raise ProbeError(ErrorCode.BAD_RESPONSE) from None
    return int(parts[1]), headers


def _request(target, deadline):
    """One GET; returns (status, headers). The connection is closed without reading the body."""
    sock = _connect(target, deadline)
    try:
        if target.scheme == "https":
            sock = _tls(sock, target, deadline)
        request = (
            f"GET {target.request_path} HTTP/1.1\r\nHost: {target.host_header}\r\nUser-Agent: {USER_AGENT}\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        sock.settimeout(deadline.remaining())
        sock.sendall(request)
        return _parse_head(_read_head(sock, deadline))
    except ProbeError:
        raise
    except TimeoutError:
        raise ProbeError(ErrorCode.TIMEOUT) from None
    except ssl.SSLError:
        raise ProbeError(ErrorCode.TLS) from None
    except ConnectionResetError:
        raise ProbeError(ErrorCode.CONNECTION_RESET) from None
    except OSError:
        raise ProbeError(ErrorCode.CONNECTION_FAILED) from None
    finally:
        sock.close()


def _status_error(status):
    if status >= 500:
        return ErrorCode.HTTP_5XX
    if status >= 400:
        return ErrorCode.HTTP_4XX
    return ErrorCode.BAD_RESPONSE  # 1xx as a final answer


def probe(url, timeout=None, max_redirects=None):
    """Probe `url` once. Never raises for anything the network or the server does."""
    timeout = settings.MONITOR_TIMEOUT_SECONDS if timeout is None else timeout
    max_redirects = settings.MONITOR_MAX_REDIRECTS if max_redirects is None else max_redirects
    deadline = _Deadline(timeout)
    status = None
    try:
        current = url
        redirects = 0
        while True:
            target = _target(current)  # before any connection, for the first URL and every redirect
            status, headers = _request(target, deadline)
            location = headers.get("Location")
            if status in REDIRECT_STATUSES and location:
                if redirects >= max_redirects:
                    raise ProbeError(ErrorCode.TOO_MANY_REDIRECTS, status)
                redirects += 1
                current = urljoin(current, location.strip())
                continue
            break
        if 200 <= status < 400:
            return ProbeOutcome(True, status, deadline.elapsed_ms(), "")
        return ProbeOutcome(False, status, deadline.elapsed_ms(), _status_error(status).value)
    except ProbeError as exc:
        answered = exc.status_code is not None
        return ProbeOutcome(False, exc.status_code, deadline.elapsed_ms() if answered else None, exc.code)
    except Exception:  # noqa: BLE001 — one odd server must never stop the run of all the others
        log.exception("probe of %s failed unexpectedly", url)
        return ProbeOutcome(False, status, None, ErrorCode.CONNECTION_FAILED.value)
