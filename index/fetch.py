"""Fetch one web article for link ingest, refusing anything that could reach an internal network.

Every hop (the first URL and each redirect, at most five) is resolved once with getaddrinfo; all of its
addresses must be public, and the request then connects to one of those checked addresses (the URL carries
the IP, the Host header and TLS SNI carry the name, and the certificate is verified against the name), so a
DNS answer that changes between the check and the connection (rebinding) cannot redirect the request.
Residual risk: a public address that forwards traffic inward (an open proxy) is outside what an address check
can see.
"""

from __future__ import annotations

import codecs
import ipaddress
import socket
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import httpx

from index.models import ArticleIn
from index.readers import ReadError, article_from_text, html_article

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 5
CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "newsbot/0.1 (+link ingest)"
# Cloud metadata services; most are link-local or private anyway, listed so the refusal never depends on that.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """A link could not be fetched; the message can be shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Hop:
    """One checked request target: the URL, the host name to present, and the addresses it may use."""

    url: httpx.URL
    host: str
    addresses: tuple[IPAddress, ...]


def fetch_article(
    url: str,
    *,
    timeout: float = 10,
    max_bytes: int = 5_000_000,
    allow_private: bool = False,
    allow_private_hosts: Collection[str] = (),
) -> ArticleIn:
    """Fetch a web page and extract its article; FetchError explains any refusal or failure.

    allow_private_hosts names hosts (exactly as written in URLs) that may resolve to private addresses, such as
    an intranet news server; every other host, including redirect targets, is still checked.
    """
    deadline = time.monotonic() + timeout
    current = _parse(url)
    for _ in range(MAX_REDIRECTS + 1):
        if time.monotonic() > deadline:
            raise FetchError(f"the site took too long to answer (more than {timeout:g} s)")
        hop = check_hop(current, allow_private or current.host in allow_private_hosts)
        outcome = _request(hop, timeout, max_bytes, deadline)
        if isinstance(outcome, httpx.URL):
            current = outcome
            continue
        body, content_type = outcome
        return _article(body, content_type, str(current))
    raise FetchError(f"the link redirects more than {MAX_REDIRECTS} times; I stopped following it")


def _parse(url: str) -> httpx.URL:
    """Parse a URL, accepting only http and https."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchError("this does not look like a valid web address") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError("only http:// and https:// links can be fetched")
    if not parsed.host:
        raise FetchError("this link has no host name")
    if parsed.userinfo:
        raise FetchError("links with a user name or password are not fetched")
    return parsed


def check_hop(url: httpx.URL, allow_private: bool = False) -> Hop:
    """Resolve a URL's host and check every address it resolves to."""
    host = url.raw_host.decode("ascii")
    addresses = resolve(host, url.port or (443 if url.scheme == "https" else 80))
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise FetchError(f"{url.host} points to a private or local network address; I only fetch public sites")
    return Hop(url=url, host=host, addresses=addresses)


def resolve(host: str, port: int) -> tuple[IPAddress, ...]:
    """All addresses of a host, without duplicates, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(f"I could not find the site {host}") from None
    found: dict[IPAddress, None] = {}
    for info in infos:
        # An IPv6 address may carry a zone ("fe80::1%eth0"), which ip_address does not accept.
        found[ipaddress.ip_address(str(info[4][0]).split("%")[0])] = None
    if not found:
        raise FetchError(f"I could not find the site {host}")
    return tuple(found)


def is_public_address(address: IPAddress) -> bool:
    """Whether an address is globally routable, including any IPv4 address embedded in an IPv6 one."""
    return all(_is_public_single(a) for a in _with_embedded(address))


def _with_embedded(address: IPAddress) -> Iterator[IPAddress]:
    """The address and the IPv4 addresses hidden in it (mapped, 6to4, Teredo, NAT64)."""
    yield address
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            yield address.ipv4_mapped
        if address.sixtofour:
            yield address.sixtofour
        if address.teredo:
            yield from address.teredo
        if address in NAT64:
            yield ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)


def _is_public_single(address: IPAddress) -> bool:
    """Whether one address is neither local, private, reserved, multicast nor a metadata service."""
    return not (
        address in METADATA_ADDRESSES
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _request(hop: Hop, timeout: float, max_bytes: int, deadline: float) -> httpx.URL | tuple[bytes, str]:
    """Request one hop at a checked address: a redirect target, or the body and its content type."""
    last_error: FetchError | None = None
    for address in hop.addresses:
        try:
            return _request_at(hop, address, timeout, max_bytes, deadline)
        except httpx.ConnectError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                raise FetchError(f"the security certificate of {hop.url.host} could not be verified") from None
            last_error = FetchError(f"I could not connect to {hop.url.host}")
        except httpx.TimeoutException:
            raise FetchError(f"{hop.url.host} took too long to answer (more than {timeout:g} s)") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"the page could not be fetched ({type(exc).__name__})") from None
    raise last_error or FetchError(f"I could not connect to {hop.url.host}")


def _request_at(
    hop: Hop, address: IPAddress, timeout: float, max_bytes: int, deadline: float
) -> httpx.URL | tuple[bytes, str]:
    """Send the request to one address, naming the host in the Host header and SNI."""
    headers = {
        "Host": hop.url.netloc.decode("ascii"),
        "User-Agent": USER_AGENT,
        "Accept": "text/html, text/plain;q=0.9",
        # Compressed bodies could expand far beyond max_bytes inside a single chunk.
        "Accept-Encoding": "identity",
    }
    # A fresh client per hop: no connection is reused for another host, and proxies from the environment are
    # ignored (they would connect to the name, not to the checked address).
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        request = client.build_request(
            "GET",
            hop.url.copy_with(host=str(address)),
            headers=headers,
            extensions={"sni_hostname": hop.host},
        )
        response = client.send(request, stream=True)
        try:
            return _handle(response, hop, max_bytes, deadline)
        finally:
            response.close()


def _handle(response: httpx.Response, hop: Hop, max_bytes: int, deadline: float) -> httpx.URL | tuple[bytes, str]:
    """Turn a response into a redirect target or a checked body."""
    if response.is_redirect:
        location = response.headers.get("location")
        if not location:
            raise FetchError("the site sent a redirect without a target")
        return _parse(str(hop.url.join(location)))
    if response.status_code != 200:
        raise FetchError(f"the site answered with HTTP {response.status_code}")
    content_type = response.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in CONTENT_TYPES:
        shown = content_type.split(";")[0].strip() or "no content type"
        raise FetchError(f"the link is not a web page or text ({shown})")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"the page is {int(declared):,} bytes; the limit is {max_bytes:,}")
    return _read_body(response, max_bytes, deadline), content_type


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """Stream the body, stopping at max_bytes or when the overall deadline has passed."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the page is larger than {max_bytes:,} bytes; I stopped reading it")
        if time.monotonic() > deadline:
            raise FetchError("the site sends the page too slowly; I stopped waiting")
        chunks.append(chunk)
    return b"".join(chunks)


def _article(body: bytes, content_type: str, url: str) -> ArticleIn:
    """Extract the article from the body: HTML through trafilatura, plain text as is."""
    mime = content_type.split(";")[0].strip().lower()
    charset = _charset(content_type)
    if mime == "text/plain":
        item = article_from_text(body.decode(charset or "utf-8", errors="replace"), name=url, origin="link")
    else:
        data: bytes | str = body.decode(charset, errors="replace") if charset else body
        item = html_article(data, name=url, url=url, origin="link")
    if isinstance(item, ReadError):
        raise FetchError(item.message)
    item.url = item.url or url
    return item


def _charset(content_type: str) -> str | None:
    """The charset parameter of a content type, if Python knows it."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip("\"'")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None
