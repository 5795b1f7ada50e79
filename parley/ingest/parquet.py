"""Parquet (``.parquet``): one report a row, columns ``id``, ``text``, ``published``, ``url``, ``title``.

A row is checked like a JSON Lines record (:func:`parley.ingest.jsonlines.report_from_record`): a row whose
text is missing, empty or not a string, whose id, url or title has the wrong type, or whose ``published`` is
not a date is an IngestError naming ``path:ROW`` (rows counted from 1), and the other rows carry on. Other
columns are ignored. A file is read one row group at a time, so a large archive never sits in memory whole;
the Spark batch (:mod:`parley.batch`) reads each row group on an executor with :func:`read_row_group`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from parley.ingest.errors import IngestError
from parley.ingest.guard import short_reason
from parley.ingest.jsonlines import report_from_record
from parley.ingest.load import RAISE_LIMIT, format_size
from parley.models import Report

COLUMNS = ("id", "text", "published", "url", "title")


def row_groups(path: Path) -> list[tuple[int, int]] | IngestError:
    """(row group, number of its first row counted from 0) for each row group of the file, or why it
    cannot be read as a table of reports."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # noqa: BLE001 - a corrupt footer, a file that is not Parquet, an I/O error
        return IngestError(str(path), f"not a readable Parquet file ({short_reason(exc)})")
    names = set(meta.schema.names)
    if "text" not in names:
        return IngestError(str(path), "no 'text' column (parley reads the columns id, text, published, url, title)")
    out, first = [], 0
    for i in range(meta.num_row_groups):
        out.append((i, first))
        first += meta.row_group(i).num_rows
    return out


def read_row_group(path: Path, group: int, first_row: int, max_bytes: int) -> Iterator[Report | IngestError]:
    """The reports of one row group; `first_row` is the number of its first row in the file (from 0)."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        present = [c for c in COLUMNS if c in pf.schema_arrow.names]
        rows = pf.read_row_group(group, columns=present).to_pylist()
    except Exception as exc:  # noqa: BLE001
        yield IngestError(f"{path}:row group {group}", f"cannot read this row group ({short_reason(exc)})")
        return
    for n, row in enumerate(rows, first_row + 1):
        yield _row_report(row, f"{path}:{n}", max_bytes)


def read_parquet(path: Path, max_bytes: int) -> Iterator[Report | IngestError]:
    """One report per row; `max_bytes` limits each row's text, as it limits a JSON line."""
    groups = row_groups(path)
    if isinstance(groups, IngestError):
        yield groups
        return
    if not groups:
        yield IngestError(str(path), "empty file (no rows)")
        return
    for group, first in groups:
        yield from read_row_group(path, group, first, max_bytes)


def _row_report(row: dict[str, Any], origin: str, max_bytes: int) -> Report | IngestError:
    text = row.get("text")
    if isinstance(text, str) and len(text) > max_bytes // 4 and len(text.encode("utf-8")) > max_bytes:
        return IngestError(origin, f"text is {format_size(len(text.encode('utf-8')))}, over the "
                                   f"{format_size(max_bytes)} limit for one record ({RAISE_LIMIT})")
    if isinstance(text, bytes):
        return IngestError(origin, "'text' must be a string, not binary (store the column as UTF-8 strings)")
    published = row.get("published")
    if isinstance(published, datetime):
        row = {**row, "published": published.date().isoformat()}
    elif isinstance(published, date):
        row = {**row, "published": published.isoformat()}
    return report_from_record(row, origin)
