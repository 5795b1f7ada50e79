"""Fetching URLs from a local test server (127.0.0.1): what is fetched, refused and reported.

The server is loopback, so every fetch that should succeed passes `allow_private` explicitly; the same
URLs without it are refused. No test depends on the internet.
"""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug import Response

from parley.ingest.errors import IngestError
from parley.ingest.fetch import FetchError, FetchOptions, Refused, check_url, fetch
from parley.ingest.web import iter_sources, read_url
from parley.models import Report

LOCAL = FetchOptions(allow_private=["127.0.0.1"], retries=1, backoff_s=0.0, timeout_s=2.0)

PAGE = """<!doctype html><html><head><title>Negotiators agree on prisoner exchange</title>
<meta property="og:site_name" content="Example Herald">
<meta property="article:published_time" content="2025-05-16T18:00:00+03:00"></head>
<body><nav>Home | World | Sport</nav><article><h1>Negotiators agree on prisoner exchange</h1>
<p>ISTANBUL, May 16 - Russian and Ukrainian negotiators agreed on Friday to exchange one thousand prisoners
of war each, the head of the Ukrainian delegation, Defence Minister Rustem Umerov, told reporters after the
talks in Istanbul ended.</p>
<p>The talks, hosted by Turkey at the Dolmabahce Palace, lasted under two hours. Turkish Foreign Minister
Hakan Fidan said both sides had agreed to continue meeting, and that a ceasefire remained the main aim.</p>
<p>The Russian delegation was led by presidential aide Vladimir Medinsky, who said Moscow was satisfied with
the result and ready to continue contacts with Kyiv.</p></article>
<footer>Copyright Example Herald</footer></body></html>"""


def test_page_is_read_like_an_html_file(httpserver):
    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/story")
    [report] = list(read_url(url, LOCAL))
    assert isinstance(report, Report), report
    assert report.doc == url and report.url == url and report.title == "Negotiators agree on prisoner exchange"
    assert report.outlet == "Example Herald"
    assert str(report.published) == "2025-05-16"
    assert "one thousand prisoners" in report.text and "Copyright" not in report.text
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("parley/")


def test_loopback_is_refused_without_allow_private(httpserver):
    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/story")
    [err] = list(read_url(url, FetchOptions()))
    assert isinstance(err, IngestError) and err.origin == url
    assert "127.0.0.1, a loopback address: refused" in err.reason
    assert httpserver.log == []  # nothing was requested


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "scheme 'file' refused"),
    ("ftp://example.org/x", "scheme 'ftp' refused"),
    ("javascript:alert(1)", "scheme 'javascript' refused"),
    ("http://10.0.0.7/admin", "10.0.0.7, a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
    ("http://[::1]:8000/", "::1, a loopback address"),
    ("http://224.0.0.1/", "224.0.0.1, a multicast address"),
    ("http://localhost:8000/", "localhost resolves to"),
    ("http://user:pw@example.org/", "user name or password"),
])
def test_refusals_name_the_url_and_the_reason(url, reason):
    with pytest.raises(Refused) as info:
        check_url(url, FetchOptions())
    assert info.value.url == url and reason in info.value.reason
    [err] = list(iter_sources([url]))
    assert isinstance(err, IngestError) and err.origin == url and reason in err.reason


def test_redirects_are_followed_and_every_hop_is_checked(httpserver):
    httpserver.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/new"}))
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/to-private").respond_with_response(
        Response(status=302, headers={"Location": "http://10.1.2.3/internal"}))
    httpserver.expect_request("/to-metadata").respond_with_response(
        Response(status=307, headers={"Location": "http://169.254.169.254/latest/"}))
    page = fetch(httpserver.url_for("/old"), LOCAL)
    assert page.url == httpserver.url_for("/new") and page.redirects == [page.url] and b"prisoners" in page.content
    for path, address in (("/to-private", "10.1.2.3"), ("/to-metadata", "169.254.169.254")):
        with pytest.raises(Refused) as info:
            fetch(httpserver.url_for(path), LOCAL)
        assert f"{address}, a " in info.value.reason and info.value.url.startswith(f"http://{address}/")


def test_redirect_to_another_scheme_is_refused(httpserver):
    httpserver.expect_request("/r").respond_with_response(Response(status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(Refused, match="scheme 'file' refused"):
        fetch(httpserver.url_for("/r"), LOCAL)


def test_redirect_loops_end(httpserver):
    httpserver.expect_request("/loop").respond_with_response(Response(status=302, headers={"Location": "/loop"}))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(httpserver.url_for("/loop"), LOCAL)


def test_huge_answers_are_refused(httpserver):
    httpserver.expect_request("/huge").respond_with_data(b"<p>" + b"x" * 50_000, content_type="text/html")
    with pytest.raises(Refused, match="over the 10000 bytes limit"):
        fetch(httpserver.url_for("/huge"), FetchOptions(allow_private=True, max_bytes=10_000))


def test_huge_answers_without_a_length_are_cut_off(httpserver):
    def stream(_request):
        return Response((b"<p>" + b"y" * 4096 for _ in range(100)), content_type="text/html")  # chunked
    httpserver.expect_request("/stream").respond_with_handler(stream)
    with pytest.raises(Refused, match="over the 10000 bytes limit"):
        fetch(httpserver.url_for("/stream"), FetchOptions(allow_private=True, max_bytes=10_000))


def test_slow_answers_time_out_and_are_retried(httpserver):
    released = threading.Event()

    def slow(_request):
        released.wait(10)  # answers only once the client has given up
        return Response(PAGE, content_type="text/html")
    httpserver.expect_request("/slow").respond_with_handler(slow)
    pauses: list[float] = []
    options = FetchOptions(allow_private=True, timeout_s=0.3, retries=2, backoff_s=0.5, sleep=pauses.append)
    try:
        with pytest.raises(FetchError, match="timed out.*gave up after 3 attempts"):
            fetch(httpserver.url_for("/slow"), options)
    finally:
        released.set()
        for _ in range(100):  # let the one-thread server drain the abandoned requests before the next test
            if len(httpserver.log) >= 3:
                break
            time.sleep(0.05)
    assert pauses == [0.5, 1.0]  # exponential back-off between the attempts


def test_server_errors_are_retried_and_client_errors_are_not(httpserver):
    httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data(PAGE, content_type="text/html")
    assert b"prisoners" in fetch(httpserver.url_for("/flaky"), LOCAL).content
    httpserver.clear()
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    with pytest.raises(FetchError, match="HTTP 404") as info:
        fetch(httpserver.url_for("/gone"), LOCAL)
    assert "attempts" not in info.value.reason and len(httpserver.log) == 1


def test_pages_without_an_article_and_other_content_are_reported(httpserver):
    httpserver.expect_request("/empty").respond_with_data("<html><body><script>var a = 1;</script></body></html>",
                                                          content_type="text/html")
    httpserver.expect_request("/image").respond_with_data(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    [empty] = list(read_url(httpserver.url_for("/empty"), LOCAL))
    [image] = list(read_url(httpserver.url_for("/image"), LOCAL))
    assert isinstance(empty, IngestError) and "no main text" in empty.reason
    assert isinstance(image, IngestError) and "content type image/png" in image.reason


def test_cli_ingest_refuses_then_fetches_with_allow_private(httpserver, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from parley.cli import cli

    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    url, db = httpserver.url_for("/story"), str(tmp_path / "kb.db")
    refused = CliRunner().invoke(cli, ["ingest", url, "--db", db, "-q"])
    assert refused.exit_code == 1 and f"error: {url}: 127.0.0.1, a loopback address: refused" in refused.output
    assert "Traceback" not in refused.output and httpserver.log == []


def test_a_feed_url_gives_one_report_per_entry(httpserver):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
            '<item><guid>w-1</guid><title>Talks open</title><link>https://example.org/1</link>'
            '<description>Delegations met in Istanbul on Friday.</description></item>'
            '<item><guid>w-2</guid><title>No summary</title></item></channel></rss>')
    httpserver.expect_request("/feed").respond_with_data(feed, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    first, second = read_url(url, LOCAL)
    assert isinstance(first, Report) and first.doc == "w-1" and first.outlet == "Example Wire"
    assert first.text == "Delegations met in Istanbul on Friday." and first.origin == f"{url}#1"
    assert isinstance(second, IngestError) and second.origin == f"{url}#2" and "no text" in second.reason
