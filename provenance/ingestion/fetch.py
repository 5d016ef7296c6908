"""Capture by URL: fetch a page safely, bounded in time and size, with what a reviewer needs to trust the copy.

Safe by default: only http(s) links without credentials; never an address that is private,
loopback, link-local, a cloud metadata service or otherwise not public, unless its host is listed
in CAPTURE_ALLOWED_HOSTS. Every hop of a redirect is checked again, and the check that counts runs
at connect time on the very address connected to (the connection goes to the address that was
checked), so a name that resolves to another address the second time (DNS rebinding) gets nowhere.
robots.txt is respected unless a batch turns it off (RFC 9309: a 4xx robots.txt allows everything,
an unreachable one allows nothing). Kept: the requested and final URL, every redirect hop, the HTTP
status and headers, the server's address, the TLS certificate's subject, issuer and fingerprint,
the fetch time, and the body's bytes (gzip, deflate and brotli undone; nothing else touched).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx
from django.conf import settings

from provenance.ingestion.accept import IncomingFile, IngestError, WebCapture, accept_bytes, megabytes

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_URL_LENGTH = 2000
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB
# Cloud metadata services, refused by name in the message (they are link-local or private anyway).
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("fd00:ec2::254"),
}


class LinkRefused(IngestError):
    """A link that is not fetched, or a fetch that failed: the message names the URL and the reason."""


@dataclass(frozen=True)
class FetchPolicy:
    """How a fetch is bounded; from settings, with robots.txt per batch."""

    allowed_hosts: frozenset[str]
    timeout: float
    max_bytes: int
    max_redirects: int
    user_agent: str
    respect_robots_txt: bool = True

    @classmethod
    def from_settings(cls, *, respect_robots_txt: bool = True) -> FetchPolicy:
        return cls(
            allowed_hosts=frozenset(host.lower() for host in settings.CAPTURE_ALLOWED_HOSTS),
            timeout=settings.CAPTURE_TIMEOUT_SECONDS,
            max_bytes=min(settings.CAPTURE_MAX_BYTES, settings.INGEST_MAX_BYTES),
            max_redirects=settings.CAPTURE_MAX_REDIRECTS,
            user_agent=settings.CAPTURE_USER_AGENT,
            respect_robots_txt=respect_robots_txt,
        )

    @property
    def robots_token(self) -> str:
        return self.user_agent.split("/")[0].strip() or "*"


def address_refusal(address: str) -> str | None:
    """Why an IP address must not be fetched from (not a public address), or None."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global or ip.is_multicast:
        return "not a public address"
    return None


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def link_refusal(url: str, *, allowed_hosts: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Why a link is refused before any network use (scheme, credentials, host, an address written in it)."""
    if len(url) > MAX_URL_LENGTH:
        return f"refused: longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
        httpx.URL(url)  # what the client will make of it (control characters, an invalid host)
    except (ValueError, httpx.InvalidURL) as error:
        return f"refused: not a valid web address ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"refused: only http and https links are fetched (this one is {parts.scheme or 'without a scheme'})"
    if parts.username is not None or parts.password is not None:
        return "refused: the link carries a user name or password"
    host = (parts.hostname or "").lower()
    if not host:
        return "refused: the link names no host"
    try:
        host.encode("idna")
    except UnicodeError as error:  # a label over 63 characters, a character no host name may hold
        return f"refused: {host[:80]} is not a valid host name ({error})"
    if host in allowed_hosts:
        return None
    try:
        reason = address_refusal(host)
    except ValueError:
        return None  # a name: its addresses are checked when it is resolved, at connect time
    return f"refused: {host} is {reason}" if reason else None


class _AddressRefused(Exception):
    """Raised inside the connection pool; turned into a LinkRefused for the URL being fetched."""


class _CheckedBackend(httpcore.SyncBackend):
    """Resolves the host, refuses it unless every address is public (or the host allowed), connects to one checked."""

    def __init__(self, allowed_hosts: frozenset[str]) -> None:
        self.allowed_hosts = allowed_hosts

    def connect_tcp(self, host: str, port: int, timeout=None, local_address=None, socket_options=None):
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise httpcore.ConnectError(f"{host} cannot be resolved ({error})") from error
        addresses = list(dict.fromkeys(info[4][0] for info in found))
        if host.lower().strip("[]") not in self.allowed_hosts:
            for address in addresses:
                reason = address_refusal(address)
                if reason:
                    raise _AddressRefused(f"refused: {host} resolves to {address}, {reason}")
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        raise last or httpcore.ConnectError(f"{host} has no address")


class _CheckedTransport(httpx.HTTPTransport):
    """httpx's transport with a connection pool on _CheckedBackend, without proxies from the environment."""

    def __init__(self, *, allowed_hosts: frozenset[str], verify: ssl.SSLContext | bool = True) -> None:
        super().__init__(verify=verify, trust_env=False)
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context, max_connections=10, network_backend=_CheckedBackend(allowed_hosts)
        )


def checked_client(*, allowed_hosts: frozenset[str], timeout: float, user_agent: str) -> httpx.Client:
    """An httpx client under the capture rules: no redirect followed, no proxy, only public (or allowed) addresses.

    For other outgoing requests (webhooks): a refused address raises at connect time, on the very
    address connected to; check the URL itself with link_refusal first for a readable reason.
    """
    return httpx.Client(
        transport=_CheckedTransport(allowed_hosts=allowed_hosts),
        follow_redirects=False,
        trust_env=False,
        timeout=timeout,
        headers={"User-Agent": user_agent},
    )


class Fetcher:
    """Fetches links under one policy; remembers each site's robots.txt for its lifetime (a batch)."""

    page_types: tuple[str, ...] = PAGE_TYPES  # media types accepted as a page

    def __init__(self, policy: FetchPolicy, *, verify: ssl.SSLContext | bool = True) -> None:
        self.policy = policy
        self.client = httpx.Client(
            transport=_CheckedTransport(allowed_hosts=policy.allowed_hosts, verify=verify),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate, br"},
        )
        self._robots: dict[str, RobotFileParser | bool] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch(self, url: str) -> IncomingFile:
        """The page at url, accepted like a file, with its fetch record; LinkRefused says why not."""
        deadline = time.monotonic() + self.policy.timeout
        hops: list[dict] = []
        current = url
        while True:
            self._refuse_link(url, current)
            if self.policy.respect_robots_txt:
                self._refuse_by_robots(url, current, deadline)
            fetched_at = datetime.now(UTC)
            response, body, server_ip, certificate = self._get(url, current, deadline, page=True)
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                target = urljoin(current, location)
                hops.append({"url": current, "status": response.status_code, "location": target, "ip": server_ip})
                if len(hops) > self.policy.max_redirects:
                    raise LinkRefused(url, f"refused: more than {self.policy.max_redirects} redirects")
                current = target
                continue
            break
        if not 200 <= response.status_code < 300:
            raise LinkRefused(url, f"the server answered HTTP {response.status_code} {response.reason_phrase}")
        web = WebCapture(
            kind="fetch",
            url=current,
            requested_url=url,
            captured_at=fetched_at,
            http_status=response.status_code,
            http_headers=tuple(
                (name.decode("latin-1"), value.decode("latin-1")) for name, value in response.headers.raw
            ),
            redirects=tuple(hops),
            server_ip=server_ip,
            tls_certificate=certificate,
        )
        return accept_bytes(url[:500], body, declared_encoding=response.charset_encoding or "", web=web)

    def _refuse_link(self, url: str, current: str) -> None:
        reason = link_refusal(current, allowed_hosts=self.policy.allowed_hosts)
        if reason:
            where = "" if current == url else f" (redirected to {current})"
            raise LinkRefused(url, f"{reason}{where}")

    def _get(
        self, url: str, current: str, deadline: float, *, page: bool, max_bytes: int | None = None
    ) -> tuple[httpx.Response, bytes, str, dict]:
        """One GET (no redirect followed): the response, its body (checked when a page), server address, certificate."""
        limit = max_bytes or self.policy.max_bytes
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LinkRefused(url, f"timed out: no answer within {self.policy.timeout:g} seconds")
        try:
            with self.client.stream("GET", current, timeout=httpx.Timeout(remaining)) as response:
                server_ip, certificate = _connection_facts(response)
                if page and response.status_code not in REDIRECT_STATUSES:
                    self._refuse_response(url, response, limit)
                body = bytearray()
                if not page or response.status_code in range(200, 300):
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise LinkRefused(url, f"refused: the page is over the limit of {megabytes(limit)}")
                        if time.monotonic() > deadline:
                            raise LinkRefused(url, f"timed out: not received within {self.policy.timeout:g} seconds")
        except _AddressRefused as error:
            where = "" if current == url else f" (redirected to {current})"
            raise LinkRefused(url, f"{error}{where}") from error
        except httpx.TimeoutException as error:
            raise LinkRefused(url, f"timed out: no answer within {self.policy.timeout:g} seconds") from error
        except httpx.HTTPError as error:
            raise LinkRefused(url, f"cannot be fetched ({type(error).__name__}: {error})") from error
        return response, bytes(body), server_ip, certificate

    def _refuse_response(self, url: str, response: httpx.Response, limit: int) -> None:
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type and media_type not in self.page_types:
            raise LinkRefused(
                url, f"refused: wrong content type {media_type}; accepted are {', '.join(self.page_types)}"
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise LinkRefused(
                url, f"refused: the page is {megabytes(int(declared))}, over the limit of {megabytes(limit)}"
            )

    def _refuse_by_robots(self, url: str, current: str, deadline: float) -> None:
        parts = urlsplit(current)
        site = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(site)
        if rules is None:
            rules = self._robots[site] = self._read_robots(url, site, deadline)
        allowed = rules if isinstance(rules, bool) else rules.can_fetch(self.policy.robots_token, current)
        if not allowed:
            raise LinkRefused(
                url,
                f"refused: {site}/robots.txt does not allow {self.policy.robots_token} to fetch {current} "
                "(a batch can be told not to respect robots.txt)",
            )

    def _read_robots(self, url: str, site: str, deadline: float) -> RobotFileParser | bool:
        """The site's rules; True when it has none (4xx), False when it cannot be read (RFC 9309)."""
        target = f"{site}/robots.txt"
        for _ in range(5):  # RFC 9309: follow at least five redirects
            try:
                response, body, _, _ = self._get(url, target, deadline, page=False, max_bytes=ROBOTS_MAX_BYTES)
            except LinkRefused as error:
                if error.reason.startswith("refused:"):
                    return True  # the site itself is refused: the page's own fetch meets the same refusal
                if error.reason.startswith("timed out"):
                    raise LinkRefused(url, f"timed out reading {target}") from error
                return False
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                target = urljoin(target, location)
                if link_refusal(target, allowed_hosts=self.policy.allowed_hosts):
                    return False
                continue
            if 200 <= response.status_code < 300:
                rules = RobotFileParser()
                rules.parse(body.decode("utf-8", "replace").splitlines())
                return rules
            return 400 <= response.status_code < 500
        return False


def _connection_facts(response: httpx.Response) -> tuple[str, dict]:
    """The server's address and, over HTTPS, its certificate's subject, issuer, validity and SHA-256 fingerprint."""
    stream = response.extensions.get("network_stream")
    if stream is None:
        return "", {}
    address = stream.get_extra_info("server_addr")
    server_ip = address[0] if address else ""
    tls = stream.get_extra_info("ssl_object")
    if tls is None:
        return server_ip, {}
    der = tls.getpeercert(True)  # the low-level SSL object takes no keywords
    details = tls.getpeercert() or {}
    return server_ip, {
        "subject": _name(details.get("subject", ())),
        "issuer": _name(details.get("issuer", ())),
        "not_before": details.get("notBefore", ""),
        "not_after": details.get("notAfter", ""),
        "sha256_fingerprint": hashlib.sha256(der).hexdigest() if der else "",
        "tls_version": tls.version() or "",
    }


def _name(relative_names) -> str:
    return ", ".join(f"{key}={value}" for rdn in relative_names for key, value in rdn)
