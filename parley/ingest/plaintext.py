"""Plain-text reports (``.txt``, ``.text``, ``.md``, no extension): an optional date header, then the body."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from parley.ingest.errors import IngestError
from parley.ingest.load import Unreadable, normalize_newlines, read_text
from parley.ingest.metadata import find_published, find_sources, split_date_header
from parley.models import Report


def read_plain_text(path: Path, max_bytes: int) -> Iterator[Report | IngestError]:
    """One report per file; `doc` is the file name.

    The text may open with ``date YYYY-MM-DD`` (alone on the first line or followed by the body on the
    same line), which sets `published` and is removed from the text; without it `published` comes from a
    dateline, if any.
    """
    try:
        text = normalize_newlines(read_text(path, max_bytes))
        published, body = split_date_header(text)
    except Unreadable as exc:
        yield IngestError(str(path), exc.reason)
        return
    except ValueError as exc:  # a header that holds no calendar date
        yield IngestError(str(path), str(exc))
        return
    body = body.strip()
    if not body:
        yield IngestError(str(path), "no text after the date header")
        return
    yield Report(doc=path.name, text=body, published=published or find_published(body),
                 sources=find_sources(body), origin=str(path))
