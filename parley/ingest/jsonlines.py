"""JSON Lines (``.jsonl``, ``.ndjson``): one report a line, ``{"id", "text", "published", "url", "title"}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from parley.ingest.errors import IngestError
from parley.ingest.guard import short_reason, unicode_problem
from parley.ingest.load import (
    BINARY_SAMPLE_BYTES,
    RAISE_LIMIT,
    Unreadable,
    check_text_sample,
    format_size,
    normalize_newlines,
)
from parley.ingest.metadata import find_published, find_sources, year_in_url
from parley.models import Report

# A JSON Lines file is a collection, often far larger than any one report, so it is streamed and the
# size limit applies to each line (one report), not to the file.
_SKIP_CHUNK = 1024 * 1024

_JSON_KIND = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
              bool: "true or false", type(None): "null"}


def read_json_lines(path: Path, max_bytes: int) -> Iterator[Report | IngestError]:
    """One report per non-blank line; a bad line gives an IngestError naming ``path:LINE`` and the others
    carry on. `doc` is the record's ``id`` (``path:LINE`` when it has none)."""
    seen_record = False
    try:
        if not path.is_file():
            raise Unreadable("not a regular file" if path.exists() else "no such file or directory")
        with path.open("rb") as f:
            check_text_sample(f.read(BINARY_SAMPLE_BYTES))
            f.seek(0)
            for number, raw in _lines(f, max_bytes):
                origin = f"{path}:{number}"
                if raw is None or raw.strip():
                    seen_record = True  # a bad line is named on its own; the file is not "empty" as well
                if raw is None:
                    yield IngestError(origin, f"line is over the {format_size(max_bytes)} limit for one record "
                                              f"({RAISE_LIMIT})")
                    continue
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield IngestError(origin, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column "
                                              f"{exc.start + 1}); re-save the file as UTF-8")
                    continue
                if not line.strip():
                    continue
                seen_record = True
                yield _record(line, origin, path)
    except Unreadable as exc:
        yield IngestError(str(path), exc.reason)
        return
    except OSError as exc:
        yield IngestError(str(path), f"cannot read file ({exc.strerror or exc})")
        return
    if not seen_record:
        yield IngestError(str(path), "empty file (no JSON lines)")


def _lines(f: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of `f`; None for a line over `max_bytes`, which is skipped without reading it whole."""
    number = 0
    while raw := f.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = f.readline(_SKIP_CHUNK)
            yield number, None
        else:
            yield number, raw


def _record(line: str, origin: str, path: Path) -> Report | IngestError:
    try:
        data = json.loads(line)
    except RecursionError:
        return IngestError(origin, "malformed JSON (nested too deeply to read; a report is one flat object)")
    except json.JSONDecodeError as exc:
        return IngestError(origin, f"malformed JSON ({short_reason(exc).partition(': ')[2]})")
    except ValueError:  # an integer over Python's 4,300-digit conversion limit
        return IngestError(origin, "malformed JSON (a number of over 4,300 digits; an id is a string or a "
                                   "short number)")
    if not isinstance(data, dict):
        return IngestError(origin, f"expected a JSON object, got {_kind(data)}")
    return report_from_record(data, origin)


def report_from_record(data: dict[str, Any], origin: str) -> Report | IngestError:
    """The report of one record ``{"id", "text", "published", "url", "title"}`` (a JSON line, a Parquet row),
    or an IngestError naming `origin` and the field that is wrong."""
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        return IngestError(origin, f"'text' must be a string, not {_kind(text)}")
    if not text or not text.strip():
        return IngestError(origin, "missing or empty 'text'")
    doc = data.get("id")
    valid_id = doc is None or (isinstance(doc, str | int) and not isinstance(doc, bool) and doc != "")
    if not valid_id:
        return IngestError(origin, f"'id' must be a non-empty string or a number, not {_kind(doc)}")
    for key in ("url", "title"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return IngestError(origin, f"{key!r} must be a string, not {_kind(data[key])}")
    for key in ("text", "title", "url", "id"):
        problem = unicode_problem(data[key]) if isinstance(data.get(key), str) else None
        if problem:
            return IngestError(origin, f"{key!r} is not valid Unicode ({problem}); fix the escapes in the source")
    try:
        published = parse_published(data.get("published"))
    except ValueError as exc:
        return IngestError(origin, str(exc))
    text = normalize_newlines(text).strip()
    url = data.get("url") or None
    return Report(
        doc=str(doc) if doc is not None else origin,
        text=text,
        published=published or find_published(text, year_hint=year_in_url(url)),
        url=url,
        title=data.get("title") or None,
        sources=find_sources(text),
        origin=origin,
    )


def parse_published(value: Any) -> date | None:
    """A record's ``published``: ``YYYY-MM-DD`` or an ISO date-time (its own calendar date), or null."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            pass
    what = repr(value) if isinstance(value, str) else _kind(value)
    raise ValueError(f"bad 'published' value {what} (expected a date as YYYY-MM-DD)")


def _kind(value: Any) -> str:
    return _JSON_KIND.get(type(value), type(value).__name__)
