"""Reports from the web: a page URL read like an HTML file, a feed URL read like a feed file.

    for item in iter_sources(["reports/", "https://example.org/story"], FetchOptions()):
        ...   # Report or IngestError, as from iter_reports

Anything given that looks like a URL (``scheme://...``, or ``file:``/``javascript:``/``data:``) is fetched
through :func:`parley.ingest.fetch.fetch`, which refuses non-http(s) schemes and non-global addresses;
everything else is a file or folder for :func:`parley.ingest.iter_reports`.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import feedparser

from parley.defaults import DEFAULT_MAX_BYTES
from parley.ingest import iter_reports
from parley.ingest.errors import IngestError
from parley.ingest.feeds import _entry_date, _entry_text
from parley.ingest.fetch import Fetched, FetchError, FetchOptions, fetch
from parley.ingest.htmlpage import page_report
from parley.ingest.load import Unreadable, decode
from parley.ingest.markup import html_to_text
from parley.ingest.metadata import find_published, find_sources, year_in_url
from parley.models import Report

_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|(?:file|javascript|data|mailto|about):)")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")


def is_url(item: str | os.PathLike[str]) -> bool:
    return isinstance(item, str) and bool(_URL.match(item))


def iter_sources(items: Iterable[str | os.PathLike[str]], options: FetchOptions | None = None, *,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Report | IngestError]:
    """Reports from files, folders and URLs, in the order given; `max_bytes` as for `iter_reports`."""
    options = options or FetchOptions()
    for item in items:
        if is_url(item):
            yield from read_url(str(item), options)
        else:
            yield from iter_reports([Path(item)], max_bytes=max_bytes)


def read_url(url: str, options: FetchOptions | None = None) -> Iterator[Report | IngestError]:
    """The report of a web page, or one report per entry of a feed; an IngestError naming the URL else."""
    try:
        page = fetch(url, options)
    except FetchError as exc:
        yield IngestError(url, exc.reason)
        return
    yield from reports_in(page, url)


def reports_in(page: Fetched, url: str) -> Iterator[Report | IngestError]:
    if looks_like_feed(page):
        yield from feed_reports(page.content, url)
        return
    if page.content_type and "html" not in page.content_type:
        yield IngestError(url, f"not a web page or feed (content type {page.content_type})")
        return
    try:
        text = page_text(page)
    except Unreadable as exc:
        yield IngestError(url, exc.reason)
        return
    report = page_report(text, url, name=url, url=page.url)
    if isinstance(report, Report):
        report.url = page.url  # the page's own canonical link is the site's claim; where it was fetched is fact
    yield report


def page_text(page: Fetched) -> str:
    if not page.content.strip():
        raise Unreadable("empty answer (no content)")
    try:
        return decode(page.content, markup=True)
    except Unreadable:
        if page.charset:
            try:
                return page.content.decode(page.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def looks_like_feed(page: Fetched) -> bool:
    if page.content_type in FEED_TYPES:
        return True
    head = page.content[:512].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) or \
        head.startswith((b"<rss", b"<feed"))


def parse_feed(data: bytes) -> feedparser.FeedParserDict:
    """feedparser over bytes (a stream: given a string that looks like a URL, feedparser would fetch it)."""
    return feedparser.parse(io.BytesIO(data))


def entry_report(entry: dict, origin: str, *, feed_title: str | None = None) -> Report | IngestError:
    """The report an entry carries in its own content or summary (when its page cannot be had)."""
    text = _entry_text(entry)
    if not text:
        return IngestError(origin, "feed entry has no text (no content or summary)")
    url = entry.get("link") or None
    title = html_to_text(entry["title"]) if entry.get("title") else None
    return Report(doc=entry.get("id") or url or origin, text=text,
                  published=_entry_date(entry) or find_published(text, year_hint=year_in_url(url)),
                  url=url, title=title or None, sources=find_sources(text), origin=origin, outlet=feed_title)


def feed_reports(data: bytes, origin: str) -> Iterator[Report | IngestError]:
    feed = parse_feed(data)
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield IngestError(origin, f"no feed entries found; is it an RSS or Atom feed?{why}")
        return
    title = html_to_text(feed.feed.get("title", "")) or None
    for n, entry in enumerate(feed.entries, 1):
        yield entry_report(entry, f"{origin}#{n}", feed_title=title)
