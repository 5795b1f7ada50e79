"""ingest: files, folders, JSON Lines, web pages and feeds in; :class:`~parley.models.Report` records out.

    for item in iter_reports(["reports/", "feed.rss"]):
        if isinstance(item, IngestError):
            print(item, file=sys.stderr)   # "reports/x.jsonl:3: malformed JSON (Expecting ',' ...)"
        else:
            ...                            # a Report with text, published date and credited sources

Modules, in the order data flows through them: ``load`` (find files, read them as text), one reader per
format (``plaintext``, ``jsonlines``, ``htmlpage``, ``feeds``), and ``metadata`` (publication date and
credited sources from the text; the outlets it knows are in ``parley/data/outlets.toml``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from parley.defaults import DEFAULT_MAX_BYTES
from parley.ingest.errors import IngestError
from parley.ingest.feeds import read_feed
from parley.ingest.guard import guarded, printable
from parley.ingest.htmlpage import read_html
from parley.ingest.jsonlines import read_json_lines
from parley.ingest.load import iter_paths
from parley.ingest.metadata import find_published, find_sources, related_link_spans, split_date_header
from parley.ingest.parquet import read_parquet
from parley.ingest.plaintext import read_plain_text
from parley.models import Report

__all__ = [
    "DEFAULT_MAX_BYTES", "READERS", "IngestError", "find_published", "find_sources", "iter_reports",
    "related_link_spans", "split_date_header",
]

Reader = Callable[[Path, int], Iterator[Report | IngestError]]

# File name extension (lower case; "" for none) -> reader.
READERS: dict[str, Reader] = {
    "": read_plain_text, ".txt": read_plain_text, ".text": read_plain_text, ".md": read_plain_text,
    ".jsonl": read_json_lines, ".ndjson": read_json_lines,
    ".html": read_html, ".htm": read_html,
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
    ".parquet": read_parquet,
}


def unsupported(path: Path) -> IngestError:
    """The error for a file no reader reads, naming the extensions parley does read."""
    known = ", ".join(sorted(ext for ext in READERS if ext))
    return IngestError(printable(str(path)), f"unsupported file type {printable(path.suffix)!r} "
                                            f"(parley reads {known} and files without an extension)")


def iter_reports(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Report | IngestError]:
    """Reports read from files and folders (walked recursively, sorted, hidden names skipped).

    The reader is chosen by extension: ``.txt``, ``.text``, ``.md`` or none: plain text; ``.jsonl``,
    ``.ndjson``: one report a line; ``.parquet``: one report a row; ``.html``, ``.htm``: a web page; ``.xml``, ``.rss``, ``.atom``: a feed,
    one report an entry. Anything that cannot be read (missing, binary, empty, not UTF-8, over `max_bytes`,
    a bad JSON line, an unsupported extension, or anything a reader did not foresee) is yielded as an
    :class:`IngestError` naming the input, and the iteration carries on. For JSON Lines, `max_bytes`
    limits each line rather than the file.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path, not an iterable of one-character paths
    for path in iter_paths(paths):
        if isinstance(path, IngestError):
            yield path
            continue
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            yield unsupported(path)
            continue
        yield from guarded(reader, path, max_bytes)
