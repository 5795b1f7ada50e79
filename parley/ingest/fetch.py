"""Fetching web pages and feeds over HTTP(S), guarded against server-side request forgery.

A URL given to parley, a feed item's link and every redirect are untrusted: any of them may point at the
machine parley runs on (``http://127.0.0.1:8000/``), the local network, or a cloud metadata service
(``http://169.254.169.254/``). So before each request (the first and every redirect hop, which are followed
here, not by the HTTP client) the host is resolved and every address it resolves to must be global; the
request then goes to that checked address (with the original Host header and TLS name), so a second DNS
answer cannot swap in another one. ``allow_private`` lifts the check: ``True`` for any address, or a list
of addresses and networks (``["127.0.0.1"]``) for just those.

    page = fetch("https://example.org/story", FetchOptions())     # Fetched(url, status, headers, content)

Transient failures (timeouts, refused connections, HTTP 429 and 5xx) are retried with exponential
back-off; refusals (a scheme, an address, a size) and other HTTP errors are not.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx

from parley import __version__
from parley.defaults import DEFAULT_MAX_BYTES
from parley.ingest.load import format_size

USER_AGENT = (f"parley/{__version__} (news research: follows peace negotiations through published reports; "
              "honours robots-style refusals by HTTP status)")
# A news page answers in well under a second; 10 s per connect/read step covers a slow site, and 30 s per
# request bounds a server that trickles its answer byte by byte.
TIMEOUT_S = 10.0
TOTAL_TIMEOUT_S = 30.0
RETRIES = 2  # after the first try: three attempts in all
BACKOFF_S = 1.0  # sleep 1 s, then 2 s, between attempts
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SCHEMES = ("http", "https")

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A URL that gave no content; `reason` says why in words a user can act on."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Refused(FetchError):
    """parley would not fetch the URL (its scheme, its address, its size): never retried."""


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve host {host!r} ({exc.strerror or exc})") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch: limits, retries, and which non-global addresses may be reached (none by default)."""

    allow_private: bool | Collection[str] = False
    timeout_s: float = TIMEOUT_S
    total_timeout_s: float = TOTAL_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = RETRIES
    backoff_s: float = BACKOFF_S
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    resolver: Resolver = system_resolver
    sleep: Callable[[float], None] = time.sleep


@dataclass(slots=True)
class Fetched:
    """One HTTP answer after redirects: its final URL, status (200, or 304 for a conditional request)."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        msg = Message()
        msg["content-type"] = self.headers.get("content-type", "")
        value = msg.get_param("charset")
        return value if isinstance(value, str) else None


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `ip` is not a public address ("loopback", "private"...), or None when it is global."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-global"


def _allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow: bool | Collection[str]) -> bool:
    if allow is True:
        return True
    if not allow:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in allow)  # type: ignore[union-attr]


def check_url(url: str, options: FetchOptions) -> tuple[httpx.URL, str]:
    """The URL to request (its host replaced by a checked address) and that address; raises Refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(url, f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused(url, f"scheme {scheme or '(none)'!r} refused: parley fetches only http and https")
    host = parts.hostname
    if not host:
        raise Refused(url, "URL has no host")
    if parts.username or parts.password:
        raise Refused(url, "URL carries a user name or password; parley does not send credentials")
    port = port or (443 if scheme == "https" else 80)
    addresses = [host] if _is_ip(host) else _resolve(url, host, port, options)
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        kind = _address_kind(ip)
        if kind and not _allowed(ip, options.allow_private):
            via = "" if address == host else f"{host} resolves to "
            raise Refused(url, f"{via}{address}, a {kind} address: refused (use --allow-private to fetch "
                               "from private, loopback or link-local addresses)")
    pinned = addresses[0].split("%")[0]
    try:
        target = httpx.URL(url).copy_with(host=pinned)
    except (httpx.InvalidURL, ValueError) as exc:
        raise Refused(url, f"not a valid URL ({exc})") from exc
    return target, pinned


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(url: str, host: str, port: int, options: FetchOptions) -> list[str]:
    try:
        addresses = options.resolver(host, port)
    except OSError as exc:
        raise FetchError(url, str(exc)) from exc
    if not addresses:
        raise FetchError(url, f"host {host!r} resolves to no address")
    return addresses


class _Retry(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fetch(url: str, options: FetchOptions | None = None, *, headers: Mapping[str, str] | None = None,
          client: httpx.Client | None = None) -> Fetched:
    """GET `url`, following redirects hop by hop with every hop checked; raises FetchError or Refused.

    `headers` are sent on the first hop only (conditional request headers belong to the URL asked for).
    """
    options = options or FetchOptions()
    own = client is None
    # No proxies from the environment (they would reach the host themselves, unchecked), and no kept-alive
    # connections: a connection is to a checked address for one host name and its TLS certificate.
    client = client or httpx.Client(timeout=httpx.Timeout(options.timeout_s), follow_redirects=False,
                                    trust_env=False, limits=httpx.Limits(max_keepalive_connections=0))
    try:
        last: str = ""
        for attempt in range(options.retries + 1):
            if attempt:
                options.sleep(options.backoff_s * 2 ** (attempt - 1))
            try:
                return _fetch_once(client, url, options, headers or {})
            except _Retry as exc:
                last = exc.reason
        raise FetchError(url, f"{last} (gave up after {options.retries + 1} attempts)")
    finally:
        if own:
            client.close()


def _fetch_once(client: httpx.Client, url: str, options: FetchOptions, first_headers: Mapping[str, str]) -> Fetched:
    current, hops = url, []
    for hop in range(options.max_redirects + 1):
        target, _ip = check_url(current, options)
        parts = urlsplit(current)
        host_header = parts.netloc.rsplit("@", 1)[-1]
        request_headers = {"User-Agent": options.user_agent, "Host": host_header,
                           "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                                     "application/xml;q=0.9,*/*;q=0.5",
                           **(first_headers if hop == 0 else {})}
        extensions = {"sni_hostname": parts.hostname} if parts.scheme.lower() == "https" else {}
        deadline = time.monotonic() + options.total_timeout_s
        try:
            request = client.build_request("GET", target, headers=request_headers, extensions=extensions)
            response = client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out connecting or waiting for an answer ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retry(f"connection failed ({type(exc).__name__}: {exc})") from exc
        try:
            status = response.status_code
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} redirect without a Location header")
                nxt = urljoin(current, location.strip())
                hops.append(nxt)
                current = nxt
                continue
            if status in RETRY_STATUSES:
                raise _Retry(f"HTTP {status} {response.reason_phrase}")
            if status == 304:
                return Fetched(current, 304, dict(response.headers), b"", hops)
            if status >= 400:
                raise FetchError(current, f"HTTP {status} {response.reason_phrase}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise Refused(current, f"answer is {format_size(int(declared))}, over the "
                                       f"{format_size(options.max_bytes)} limit")
            body = _read_capped(response.iter_bytes(), current, options, deadline)
            return Fetched(current, status, dict(response.headers), body, hops)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out while reading the answer ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retry(f"connection broke while reading the answer ({type(exc).__name__})") from exc
        finally:
            response.close()
    raise FetchError(url, f"more than {options.max_redirects} redirects")


def _read_capped(chunks: Iterator[bytes], url: str, options: FetchOptions, deadline: float) -> bytes:
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > options.max_bytes:
            raise Refused(url, f"answer is over the {format_size(options.max_bytes)} limit")
        if time.monotonic() > deadline:
            raise _Retry(f"answer took over {options.total_timeout_s:g} s")
        out.append(chunk)
    return b"".join(out)
