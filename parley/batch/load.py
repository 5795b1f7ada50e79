"""Reading a batch's extractions back in the canonical order, for `parley load`.

Spark extracted and wrote the reports range-partitioned on the canonical order (late, file_no, item_no),
each task's rows split by date, so each file holds part of one range and the ranges of different Spark
tasks do not overlap. The loader reads the order columns of every file (small), groups files whose ranges overlap
(the files of one task), and reads one group at a time into memory, sorted: memory is bounded by one
Spark task's output, never the whole batch. It does not depend on Spark's file names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from parley.batch.spark import EXTRACTIONS, FORMAT, MANIFEST
from parley.ingest.errors import IngestError
from parley.models import Extraction, extraction_from_json

ORDER_COLUMNS = ["late", "file_no", "item_no"]


class BatchOutputError(ValueError):
    """The folder is not (or not yet) a finished batch's output."""


def manifest(out_dir: str | Path) -> dict:
    out = Path(out_dir)
    path = out / MANIFEST
    if not out.is_dir():
        raise BatchOutputError(f"{out}: no such folder")
    if not path.is_file():
        raise BatchOutputError(f"{out}: not the output of a finished `parley batch` (no {MANIFEST}; a batch "
                               "writes it last)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchOutputError(f"{path}: unreadable ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BatchOutputError(f"{path}: batch format {data.get('format') if isinstance(data, dict) else '?'}, "
                               f"this parley reads format {FORMAT}; run the batch again with this version")
    return data


def _files(out: Path) -> list[Path]:
    root = out / EXTRACTIONS
    return sorted(p for p in root.rglob("*.parquet") if not p.name.startswith((".", "_")))


def read_extractions(out_dir: str | Path) -> Iterator[Extraction | IngestError]:
    """Every extraction of the batch in `out_dir`, in the canonical order (the order `parley ingest` would
    have stored them in); an extraction that cannot be read back is an IngestError naming it."""
    import pyarrow.parquet as pq

    out = Path(out_dir)
    manifest(out)
    ranges: list[tuple[tuple, tuple, Path]] = []
    for path in _files(out):
        table = pq.ParquetFile(path).read(columns=ORDER_COLUMNS)
        if table.num_rows == 0:
            continue
        keys = list(zip(*(table.column(c).to_pylist() for c in ORDER_COLUMNS), strict=True))
        ranges.append((min(keys), max(keys), path))
    ranges.sort(key=lambda r: r[0])
    group: list[Path] = []
    high: tuple | None = None
    for low, top, path in ranges:
        if group and high is not None and low > high:
            yield from _read_group(group)
            group, high = [], None
        group.append(path)
        high = top if high is None or top > high else high
    if group:
        yield from _read_group(group)


def _read_group(paths: list[Path]) -> Iterator[Extraction | IngestError]:
    import pyarrow.parquet as pq

    rows: list[tuple[int, int, int, str, str]] = []
    for path in paths:
        table = pq.ParquetFile(path).read(columns=[*ORDER_COLUMNS, "origin", "extraction"])
        rows.extend(zip(*(table.column(c).to_pylist() for c in [*ORDER_COLUMNS, "origin", "extraction"]),
                        strict=True))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    for *_, origin, text in rows:
        try:
            yield extraction_from_json(text)
        except (ValueError, KeyError, TypeError) as exc:
            yield IngestError(origin, f"stored extraction cannot be read back ({type(exc).__name__}: "
                                      f"{str(exc)[:200]}); run the batch again")
