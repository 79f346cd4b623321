"""Link fetching: address checks, redirects, content types, size and time limits; traffic only to 127.0.0.1."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from index.fetch import FetchError, fetch_article, is_public_address

ARTICLE = """<html><head><title>Austin calls Shoigu</title>
<meta property="og:site_name" content="Local Wire">
<meta property="article:published_time" content="2022-05-13T19:20:00+00:00"></head>
<body><article><h1>Austin calls Shoigu</h1>
<p>U.S. Defense Secretary Lloyd Austin spoke by phone with Russian Defense Minister Sergei Shoigu on Friday,
the first call between the two since the invasion began, the Pentagon said in a statement.</p>
<p>Austin urged an immediate ceasefire and stressed the importance of maintaining lines of communication.</p>
</article></body></html>"""


@dataclass
class Site:
    """A local test site and the paths it was asked for."""

    port: int
    seen: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """A URL on this site."""
        return f"http://{host}:{self.port}{path}"


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the test routes of one site."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            """Keep test output quiet."""

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            """Serve one route."""
            site.seen.append(self.path)
            routes = {
                "/article": lambda: self.send(200, "text/html; charset=utf-8", ARTICLE.encode()),
                "/plain": lambda: self.send(200, "text/plain; charset=windows-1251",
                                            "Остін поговорив із Шойгу\n\nРозмова тривала годину.".encode("cp1251")),
                "/json": lambda: self.send(200, "application/json", b'{"text": "x"}'),
                "/missing": lambda: self.send(404, "text/html", b"<p>not here</p>"),
                "/big": lambda: self.send(200, "text/html", b"<p>" + b"a" * 300_000 + b"</p>"),
                "/big-undeclared": lambda: self.send(200, "text/html", b"<p>" + b"a" * 300_000, length=False),
                "/slow": self.slow,
                "/to-loopback": lambda: self.redirect(site.url("/article")),
                "/to-localhost": lambda: self.redirect(site.url("/article", "localhost")),
                "/to-metadata": lambda: self.redirect("http://169.254.169.254/latest/meta-data/"),
                "/to-private": lambda: self.redirect("http://10.0.0.7/"),
                "/to-ftp": lambda: self.redirect("ftp://localhost/file"),
                "/relative": lambda: self.redirect("/article"),
                "/loop": lambda: self.redirect("/loop"),
            }
            routes.get(self.path, lambda: self.send(404, "text/plain", b"no route"))()

        def send(self, status: int, content_type: str, body: bytes, length: bool = True) -> None:
            """Send a response with a body."""
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, location: str) -> None:
            """Send a 302 to location."""
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def slow(self) -> None:
            """Answer only when the test lets go (it has timed out by then)."""
            site.release.wait(10)
            self.send(200, "text/html", ARTICLE.encode())

    return Handler


class QuietServer(ThreadingHTTPServer):
    """A server that does not print tracebacks when a client hangs up early (the size tests do)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore broken connections."""


@pytest.fixture
def site() -> Iterator[Site]:
    """A local site on 127.0.0.1 with an ephemeral port."""
    placeholder = Site(port=0)
    server = QuietServer(("127.0.0.1", 0), make_handler(placeholder))
    placeholder.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield placeholder
    placeholder.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def fetch_local(url: str, **kwargs: Any) -> Any:
    """Fetch with the test site's host name allowed to be local (the first hop only names localhost)."""
    return fetch_article(url, allow_private_hosts={"localhost"}, **kwargs)


def test_fetches_an_article_with_metadata(site: Site) -> None:
    article = fetch_local(site.url("/article", "localhost"))
    assert article.origin == "link"
    assert article.title == "Austin calls Shoigu"
    assert article.source == "Local Wire"
    assert article.published is not None and article.published.date().isoformat() == "2022-05-13"
    assert "Lloyd Austin spoke by phone" in article.text
    assert article.url == site.url("/article", "localhost")


def test_plain_text_uses_the_declared_charset(site: Site) -> None:
    article = fetch_local(site.url("/plain", "localhost"))
    assert article.title == "Остін поговорив із Шойгу"
    assert article.text.endswith("Розмова тривала годину.")


def test_follows_a_redirect_to_an_allowed_host(site: Site) -> None:
    article = fetch_local(site.url("/relative", "localhost"))
    assert article.title == "Austin calls Shoigu"
    assert site.seen == ["/relative", "/article"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-loopback", "127.0.0.1 points to a private or local network address"),
        ("/to-metadata", "169.254.169.254 points to a private or local network address"),
        ("/to-private", "10.0.0.7 points to a private or local network address"),
        ("/to-ftp", "only http:// and https:// links can be fetched"),
        ("/loop", "the link redirects more than 5 times"),
    ],
)
def test_redirect_targets_are_checked_before_any_request(site: Site, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_local(site.url(path, "localhost"))
    assert set(site.seen) == {path}


def test_allow_private_reaches_the_local_site(site: Site) -> None:
    article = fetch_article(site.url("/to-localhost"), allow_private=True)
    assert article.title == "Austin calls Shoigu"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/article",
        "http://localhost:{port}/article",
        "http://[::1]:{port}/article",
        "http://127.1:{port}/article",
        "http://2130706433:{port}/article",
        "http://[::ffff:127.0.0.1]:{port}/article",
        "http://0.0.0.0:{port}/article",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
    ],
)
def test_local_and_private_addresses_are_refused(site: Site, url: str) -> None:
    with pytest.raises(FetchError, match="private or local network address"):
        fetch_article(url.format(port=site.port))
    assert site.seen == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https:// links"),
        ("ftp://127.0.0.1/", "only http:// and https:// links"),
        ("javascript:alert(1)", "only http:// and https:// links"),
        ("http://user:secret@localhost/", "user name or password"),
        ("http://", "valid web address|no host name"),
        ("not a url", "only http:// and https:// links"),
    ],
)
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_article(url)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/json", r"not a web page or text \(application/json\)"),
        ("/missing", "HTTP 404"),
        ("/big", "the page is 300,007 bytes; the limit is 100,000"),
        ("/big-undeclared", "larger than 100,000 bytes"),
    ],
)
def test_content_checks(site: Site, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_local(site.url(path, "localhost"), max_bytes=100_000)


def test_timeout(site: Site) -> None:
    with pytest.raises(FetchError, match="took too long"):
        fetch_local(site.url("/slow", "localhost"), timeout=0.3)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("255.255.255.255", False),
        ("224.0.0.251", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fd00:ec2::254", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
    ],
)
def test_address_policy(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public
