"""Feeds (``.xml``, ``.rss``, ``.atom``): one report per entry, through feedparser, offline."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import feedparser

from parley.ingest.errors import IngestError
from parley.ingest.load import BINARY_SAMPLE_BYTES, Unreadable, check_text_sample, read_bytes
from parley.ingest.markup import html_to_text
from parley.ingest.metadata import find_published, find_sources, year_in_url
from parley.models import Report

# Byte-order marks of UTF-16 and UTF-32, which XML allows and whose text has NUL bytes (UTF-32 LE's mark
# starts with UTF-16 LE's).
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
_GUESSED_ENCODING = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)

# Date fields of an entry, most telling first: when it was published, else when it was last changed.
DATE_FIELDS = ("published", "updated", "created")


def read_feed(path: Path, max_bytes: int) -> Iterator[Report | IngestError]:
    """One report per feed entry; `doc` is the entry's id, else its link, else ``path#N``.

    The file's content is handed to feedparser as a stream, never as a string: feedparser fetches a string
    that looks like a URL, and nothing here may touch the network.
    """
    try:
        data = read_bytes(path, max_bytes)
        if not data.strip():
            raise Unreadable("empty file (nothing but whitespace)")
        if not data.startswith(_WIDE_BOMS):
            check_text_sample(data[:BINARY_SAMPLE_BYTES])
    except Unreadable as exc:
        yield IngestError(str(path), exc.reason)
        return
    feed = feedparser.parse(io.BytesIO(data))
    if isinstance(feed.get("bozo_exception"), _GUESSED_ENCODING):
        # feedparser fell back to a guessed encoding; parley does not guess (see load.decode).
        yield IngestError(str(path), f"not valid in its declared encoding ({feed.bozo_exception}); "
                                     "re-save the file as UTF-8")
        return
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield IngestError(str(path), f"no feed entries found; is it an RSS or Atom feed?{why}")
        return
    for n, entry in enumerate(feed.entries, 1):
        origin = f"{path}#{n}"
        text = _entry_text(entry)
        if not text:
            yield IngestError(origin, "feed entry has no text (no content or summary)")
            continue
        url = entry.get("link") or None
        title = html_to_text(entry["title"]) if entry.get("title") else None
        yield Report(
            doc=entry.get("id") or url or origin,
            text=text,
            published=_entry_date(entry) or find_published(text, year_hint=year_in_url(url)),
            url=url,
            title=title or None,
            sources=find_sources(text),
            origin=origin,
        )


def _entry_text(entry: Any) -> str:
    """The fullest text an entry carries: its longest content block, else its summary, as plain text."""
    blocks = [c.get("value", "") for c in entry.get("content", [])]
    body = max(blocks, key=len, default="") or entry.get("summary", "")
    return html_to_text(body) if body else ""


def _entry_date(entry: Any) -> date | None:
    """The entry's date as its feed wrote it.

    feedparser's ``*_parsed`` fields are converted to UTC, which moves a story published at 01:30 in Kyiv
    to the day before; the raw string keeps the publisher's own calendar date, so it is read first.
    """
    for name in DATE_FIELDS:
        raw = entry.get(name)
        if raw:
            parsed = _parse_feed_date(raw)
            if parsed:
                return parsed
        if entry.get(f"{name}_parsed"):
            return date(*entry[f"{name}_parsed"][:3])
    return None


def _parse_feed_date(raw: str) -> date | None:
    try:
        return parsedate_to_datetime(raw).date()  # RSS: RFC 822 ("Fri, 16 May 2025 01:30:00 +0300")
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.strip()).date()  # Atom: RFC 3339 ("2025-05-16T01:30:00+03:00")
    except ValueError:
        return None
