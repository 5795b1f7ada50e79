"""Watching feeds: poll RSS/Atom feeds, ingest each new item once, remember what was seen in the database.

    parley.api.watch_feeds(["https://example.org/feed.xml", "feeds.txt"], "talks.db", every_s=900, log=print)
    # or: Watcher(Ingestor(store), feeds, FetchOptions()).poll() for one pass

Each poll asks for a feed with its last ETag and Last-Modified (a 304 costs one request), takes the items in
the order published, fetches each new item's page (or uses the item's own content when the page cannot be
had) and ingests it. An item is marked seen (``feed_items``) right after its report is stored, and a
feed's validators are saved only after every item of that answer was handled, so a watcher killed at any
point repeats nothing on restart (a stored report is found by its content hash) and loses nothing (an
unfinished answer is asked for again in full). A stop request (SIGTERM, Ctrl-C) is honoured between items.
"""

from __future__ import annotations

import hashlib
import re
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parley.defaults import DEFAULT_MAX_BYTES
from parley.ingest.errors import IngestError
from parley.ingest.fetch import FetchError, FetchOptions, fetch
from parley.ingest.load import Unreadable, read_bytes
from parley.ingest.markup import html_to_text
from parley.ingest.web import entry_report, is_url, parse_feed, read_url
from parley.models import Report
from parley.store import feeds as feed_log

# A failed item (no page and no text in the feed) is tried again on the next polls, up to this many times.
MAX_ATTEMPTS = 3
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> float:
    """Seconds in "90", "90s", "15m", "2h", "1d", "1w"; ValueError naming the text otherwise."""
    m = _DURATION.match(text)
    if not m or float(m[1]) <= 0:
        raise ValueError(f"{text!r} is not a duration: use a number with s, m, h, d or w (15m, 2h, 1d)")
    return float(m[1]) * _UNITS[m[2]]


@dataclass(slots=True)
class ItemOutcome:
    """What became of one new feed item."""

    feed: str
    item: str
    outcome: str  # new, copy, known, failed
    report_id: int | None = None
    title: str | None = None
    url: str | None = None
    reason: str | None = None


def feed_sources(args: Iterable[str]) -> list[str]:
    """Feed URLs and feed files; a file that is not a feed is a list of them, one a line (# comments)."""
    out: list[str] = []
    for arg in args:
        if is_url(arg):
            out.append(arg)
            continue
        path = Path(arg)
        try:
            head = read_bytes(path, DEFAULT_MAX_BYTES)[:512].lstrip()
        except Unreadable as exc:
            raise ValueError(f"{arg}: {exc.reason}") from exc
        if head.startswith(b"<"):
            out.append(arg)
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            # A comment starts a line or follows a space (a URL's own "#fragment" does not).
            line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
            if not line:
                continue
            if not is_url(line) and not (path.parent / line).is_file() and not Path(line).is_file():
                raise ValueError(f"{arg}:{n}: {line!r} is neither a URL nor a feed file")
            out.append(line if is_url(line) or Path(line).is_file() else str(path.parent / line))
    return list(dict.fromkeys(out))


def item_id(entry: Any) -> str:
    """A feed item's identity: its id, else its link, else a hash of its title and text."""
    ident = entry.get("id") or entry.get("link")
    if ident:
        return str(ident)
    body = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


class Watcher:
    """Polls feeds into one database through `ingestor` (a `parley.api.Ingestor`, the database's writer).

    The ingestor is given, not built here: ingest comes before extraction and storage, which it drives.
    """

    def __init__(self, ingestor: Any, feeds: list[str], options: FetchOptions | None = None, *,
                 log: Callable[[str], None] | None = None, stop: threading.Event | None = None):
        self.ingestor = ingestor
        self.store = ingestor.store
        self.feeds = feeds
        self.options = options or FetchOptions()
        self.log = log or (lambda line: None)
        self.stop = stop or threading.Event()

    # --- the loop ---------------------------------------------------------------------------------

    def run(self, every_s: float, *, once: bool = False) -> None:
        """Poll every `every_s` seconds until stopped (SIGTERM or SIGINT, between items); `once`: one pass."""
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, self._on_signal)
        try:
            while not self.stop.is_set():
                self.poll()
                if once:
                    break
                self.stop.wait(every_s)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        self.log(f"stopping after the current item ({signal.Signals(signum).name})")
        self.stop.set()

    def poll(self) -> list[ItemOutcome]:
        """One pass over every feed; the outcomes of the items that were new."""
        out: list[ItemOutcome] = []
        for feed in self.feeds:
            if self.stop.is_set():
                break
            out.extend(self.poll_feed(feed))
        return out

    # --- one feed ---------------------------------------------------------------------------------

    def poll_feed(self, feed: str) -> list[ItemOutcome]:
        etag, modified = self.store.run(feed_log.feed_validators, feed)
        try:
            data, etag, modified = self._read_feed(feed, etag, modified)
        except (FetchError, Unreadable, OSError) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            self.log(f"error: {feed}: {reason}")
            return []
        if data is None:  # not modified since the last complete poll
            return []
        parsed = parse_feed(data)
        if not parsed.entries:
            why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
            self.log(f"error: {feed}: no feed entries found; is it an RSS or Atom feed?{why}")
            return []
        title = html_to_text(parsed.feed.get("title", "")) or None
        self.store.run(feed_log.save_feed_title, feed, title)
        outcomes: list[ItemOutcome] = []
        # Feeds list the newest first; ingest in the order published so report ids follow the news.
        for n, entry in reversed(list(enumerate(parsed.entries, 1))):
            if self.stop.is_set():
                return outcomes  # validators not saved: the next poll asks for the whole feed again
            ident = item_id(entry)
            if self._seen(feed, ident):
                continue
            outcome = self._handle(feed, ident, entry, f"{feed}#{n}", title)
            self._mark(outcome)
            outcomes.append(outcome)
        self.store.run(feed_log.save_feed_poll, feed, etag, modified, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"))
        return outcomes

    def _read_feed(self, feed: str, etag: str | None, modified: str | None
                   ) -> tuple[bytes | None, str | None, str | None]:
        if not is_url(feed):
            path = Path(feed)
            stamp = str(path.stat().st_mtime_ns)
            if stamp == modified:
                return None, etag, modified
            return read_bytes(path, self.options.max_bytes), None, stamp
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        page = fetch(feed, self.options, headers=headers)
        if page.status == 304:
            return None, etag, modified
        return page.content, page.headers.get("etag"), page.headers.get("last-modified")

    def _seen(self, feed: str, ident: str) -> bool:
        row = self.store.run(feed_log.item_state, feed, ident)
        return row is not None and (row[0] != "failed" or row[1] >= MAX_ATTEMPTS)

    def _handle(self, feed: str, ident: str, entry: Any, origin: str, feed_title: str | None) -> ItemOutcome:
        from_feed = entry_report(entry, origin, feed_title=feed_title)
        report: Report | IngestError = from_feed
        link = entry.get("link")
        if link:
            page = next(iter(read_url(link, self.options)), None)
            if isinstance(page, Report):
                report = page
                if isinstance(from_feed, Report):  # the feed's own date and title are the publisher's
                    report.published = report.published or from_feed.published
                    report.title = report.title or from_feed.title
                report.outlet = report.outlet or feed_title
                report.doc = ident
            elif page is not None and isinstance(from_feed, Report):
                self.log(f"note: {link}: {page.reason}; using the text the feed carries")
        if isinstance(report, IngestError):
            why = report.reason if not link else f"no page and no text in the feed ({report.reason})"
            self.log(f"error: {origin}: {why}")
            return ItemOutcome(feed, ident, "failed", url=link, reason=why)
        summary = self.ingestor.ingest([report], processes=1)
        if summary.failed:
            self.log(f"error: {summary.failed[0]}")
            return ItemOutcome(feed, ident, "failed", url=link, reason=summary.failed[0].reason)
        rid = self._report_id(report.key)
        kind = "new" if summary.new else "copy" if summary.copies else "known"
        outcome = ItemOutcome(feed, ident, kind, rid, report.title, report.url)
        if kind == "new":
            self.log(f"new report {rid}: {report.title or report.doc} ({report.url or origin})")
        elif kind == "copy":
            self.log(f"copy of report {rid}: {report.title or report.doc} ({report.url or origin})")
        return outcome

    def _report_id(self, key: str) -> int | None:
        return self.store.report_id(key, copies=True)

    def _mark(self, o: ItemOutcome) -> None:
        self.store.run(feed_log.mark_item, o.feed, o.item, o.url, o.outcome, o.report_id)
