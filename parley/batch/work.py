"""The batch's work, as plain functions over plain rows: planned on the driver, run on the executors.

Nothing here imports pyspark, so it is testable (and importable on an executor) without it. Every row
carries its place in the *canonical order*, the order `parley ingest` reads the same inputs in:

    (late, file_no, item_no)

``file_no`` numbers the files as `parley.ingest.load.iter_paths` walks the inputs (arguments in the order
given, folders recursively in sorted order), ``item_no`` numbers what the file's reader yields (a line of
JSON Lines, a row of Parquet, an entry of a feed; 0 for a plain text file), and ``late`` is 1 for a report
whose dateline gives a day but no year: `parley ingest` holds those back to the end of the run, once the
run's dated reports have given their year (see `parley.api.complete_dateline_years`), and so does the batch.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parley.ingest import READERS, unsupported
from parley.ingest.errors import IngestError
from parley.ingest.guard import guarded
from parley.ingest.load import iter_paths
from parley.ingest.metadata import dateline_without_year, year_near
from parley.models import Report, extraction_to_json

if TYPE_CHECKING:
    from spacy.language import Language

UNDATED = "undated"  # the date partition of reports without a publication date
CHUNK = 64  # reports per extraction call on an executor, as `parley ingest` sends its workers

Order = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class ReadTask:
    """One unit of reading: a whole file, or one row group of a Parquet file."""

    file_no: int
    path: str
    row_group: int | None = None
    first_row: int = 0  # number of the row group's first row in its file, from 0


@dataclass(frozen=True, slots=True)
class Reject:
    """A row the batch could not use, where it stands in the canonical order, and why."""

    order: Order
    origin: str
    reason: str
    stage: str  # "read" (could not be read as a report) or "extract" (too long, or the pipeline failed)

    def to_json(self) -> str:
        late, file_no, item_no = self.order
        return json.dumps({"origin": self.origin, "reason": self.reason, "stage": self.stage, "late": late,
                           "file_no": file_no, "item_no": item_no}, ensure_ascii=False)


def plan(inputs: Iterable[str | Path]) -> tuple[list[ReadTask], list[Reject]]:
    """The read tasks for `inputs` (on the driver: a walk of the folders and the footers of Parquet files,
    no report is read), and the inputs that cannot be read at all."""
    from parley.ingest.parquet import row_groups

    tasks: list[ReadTask] = []
    rejects: list[Reject] = []
    for file_no, item in enumerate(iter_paths([Path(p) for p in inputs])):
        if isinstance(item, IngestError):
            rejects.append(Reject((0, file_no, 0), item.origin, item.reason, "read"))
            continue
        suffix = item.suffix.lower()
        if suffix not in READERS:
            err = unsupported(item)
            rejects.append(Reject((0, file_no, 0), err.origin, err.reason, "read"))
        elif suffix == ".parquet":
            groups = row_groups(item)
            if isinstance(groups, IngestError):
                rejects.append(Reject((0, file_no, 0), groups.origin, groups.reason, "read"))
            elif not groups:
                rejects.append(Reject((0, file_no, 0), str(item), "empty file (no rows)", "read"))
            else:
                tasks.extend(ReadTask(file_no, str(item), g, first) for g, first in groups)
        else:
            tasks.append(ReadTask(file_no, str(item)))
    return tasks, rejects


# A row of the read stage: (order, report) or a Reject.
ReadRow = tuple[Order, Report] | Reject


_loading: threading.Thread | None = None
_loading_lock = threading.Lock()


def warm_model() -> threading.Thread:
    """Start loading the model in this Python worker, once, in the background. A worker forked from parley's
    daemon (parley.batch.daemon) has it already and the thread ends at once; one that was not (the daemon
    module overridden, or no daemon: spark.python.use.daemon=false) loads it while the read job goes on,
    instead of opening its first extraction task. Spark reuses its Python workers between jobs, so the
    extraction tasks find the model loaded."""
    global _loading
    with _loading_lock:
        if _loading is None:
            from parley.extract.pipeline import _worker_nlp

            _loading = threading.Thread(target=_worker_nlp, name="parley-model", daemon=True)
            _loading.start()
        return _loading


def worker_model() -> Language:
    """This Python worker's model: the one `warm_model` loads (waited for), else loaded now."""
    from parley.extract.pipeline import _worker_nlp

    warm_model().join()
    return _worker_nlp()


def read_task(task: ReadTask, max_bytes: int) -> Iterator[ReadRow]:
    """The reports (and the rejects) of one read task, each with its place in the canonical order."""
    warm_model()
    path = Path(task.path)
    if task.row_group is None:
        items = guarded(READERS[path.suffix.lower()], path, max_bytes)
        first = 0
    else:
        from parley.ingest.parquet import read_row_group

        group, first = task.row_group, task.first_row
        items = guarded(lambda p, m: read_row_group(p, group, first, m), path, max_bytes)
    for item_no, item in enumerate(items, first):
        if isinstance(item, IngestError):
            yield Reject((0, task.file_no, item_no), item.origin, item.reason, "read")
        else:
            late = int(item.published is None and dateline_without_year(item.text) is not None)
            yield (late, task.file_no, item_no), item


@dataclass(frozen=True, slots=True)
class Neighbours:
    """What completing a yearless dateline needs of the run's dated reports: their years, median date, and
    first and last date."""

    years: frozenset[int]
    median: date | None
    span: tuple[date, date] | None = None

    @classmethod
    def from_counts(cls, counts: dict[date, int]) -> Neighbours:
        """From how many reports carry each publication date (counted on the executors)."""
        total = sum(counts.values())
        if not total:
            return cls(frozenset(), None)
        middle, seen = total // 2, 0
        median = None
        for day in sorted(counts):  # the element at index total // 2 of the sorted list of every date
            seen += counts[day]
            if seen > middle:
                median = day
                break
        return cls(frozenset(d.year for d in counts), median, (min(counts), max(counts)))


# A read partition sends the driver at most this many points of its share of the canonical order, each
# with the characters of text it stands for: enough for even range bounds (exact up to this many reports
# per read partition), few enough for an archive (a few hundred read partitions: well under a million).
ORDER_POINTS = 1024

# (order, characters): the last report of a run of the order, and the characters of text the run holds.
OrderPoint = tuple[Order, int]


@dataclass(frozen=True, slots=True)
class Tally:
    """What one read partition tells the driver: its publication dates (how many reports carry each), its
    reports, its rejects, and its share of the order as points (see `order_points`; a report's characters
    count one more than its text has)."""

    dates: dict[date, int]
    reports: int
    rejects: list[Reject]
    points: list[OrderPoint]


def read_tally(rows: Iterable[ReadRow]) -> Iterator[Tally]:
    """The tally of one read partition."""
    dates: Counter[date] = Counter()
    sizes: list[OrderPoint] = []
    rejects = []
    for row in rows:
        if isinstance(row, Reject):
            rejects.append(row)
            continue
        order, report = row
        sizes.append((order, len(report.text) + 1))  # + 1: an empty report is some work too
        if report.published is not None:
            dates[report.published] += 1
    yield Tally(dict(dates), len(sizes), rejects, order_points(sizes, ORDER_POINTS))


def order_points(sizes: list[OrderPoint], at_most: int) -> list[OrderPoint]:
    """`sizes` (each report's order and characters) sorted and thinned to at most `at_most` points: runs of
    consecutive reports of about equal characters, each given by its last order and its characters."""
    sizes = sorted(sizes)
    if len(sizes) <= at_most:
        return sizes
    total = sum(chars for _, chars in sizes)
    points: list[OrderPoint] = []
    held = seen = 0
    for order, chars in sizes:
        held += chars
        seen += chars
        if seen * at_most >= total * (len(points) + 1):  # crossed the next 1/at_most of the characters
            points.append((order, held))
            held = 0
    if held:
        points.append((sizes[-1][0], held))
    return points


def range_bounds(points: Iterable[OrderPoint], parts: int, slots: int = 1) -> list[Order]:
    """The upper bounds (inclusive) of the first `parts` - 1 ranges of the order, each holding about its share
    of the characters of text: extraction's work grows with the text, so tasks of one share take about as
    long. With `slots` tasks running at once (and at least two shares each), the last `slots` ranges hold
    half a share: the last tasks to start are the ones that keep a slot busy while the others have finished,
    and half as much work leaves half as long a tail. Exact when every report is its own point."""
    points = sorted(points)
    total = sum(chars for _, chars in points)
    short = slots if slots > 1 and parts >= 3 * slots else 0
    shares = [1.0] * (parts - short) + [0.5] * short
    ends = list(accumulate(shares))  # the share of the text up to the end of each range, of ends[-1]
    bounds: list[Order] = []
    seen = 0
    for order, chars in points:
        seen += chars
        while len(bounds) < parts - 1 and seen * ends[-1] >= total * ends[len(bounds)]:
            bounds.append(order)
    return bounds


def range_of(order: Order, bounds: list[Order]) -> int:
    """The range (from 0) that `order` falls in, given the ranges' upper bounds."""
    return bisect_left(bounds, order)


def complete_year(row: tuple[Order, Report], neighbours: Neighbours) -> tuple[Order, Report]:
    """A late report with its year completed from the run's dated reports, as `parley ingest` completes it."""
    order, report = row
    if not order[0] or neighbours.median is None:
        return row
    md = dateline_without_year(report.text)
    if md is None:
        return row
    return order, replace(report, published=year_near(md[0], md[1], set(neighbours.years), neighbours.median,
                                                           neighbours.span))


# A row of the extraction stage: (date, late, file_no, item_no, doc, key, origin, extraction JSON) or a Reject.
Extracted = tuple[str, int, int, int, str, str, str, str]


def extract_partition(rows: Iterable[tuple[Order, Report]]) -> Iterator[Extracted | Reject]:
    """Extract one partition's reports, CHUNK at a time, with the model of this Python worker (loaded once
    per worker and kept between tasks: Spark reuses its Python workers)."""
    chunk: list[tuple[Order, Report]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from extract_chunk(chunk)
            chunk = []
    if chunk:
        yield from extract_chunk(chunk)


def extract_chunk(chunk: list[tuple[Order, Report]]) -> Iterator[Extracted | Reject]:
    """`ingest`'s extraction of a chunk (`extract_guarded`: a report that breaks the batch is found and
    rejected alone), each result with its place in the order."""
    from parley.extract.pipeline import ExtractionFailure, extract_guarded

    results = extract_guarded(worker_model(), [report for _, report in chunk])
    for (order, report), result in zip(chunk, results, strict=True):
        if isinstance(result, ExtractionFailure):
            yield Reject(order, report.origin or report.doc, result.reason, "extract")
            continue
        day = report.published.isoformat() if report.published else UNDATED
        yield (day, order[0], order[1], order[2], report.doc, report.key, report.origin or report.doc,
               extraction_to_json(result))


# The columns of the extraction files (the date is the folder: date=YYYY-MM-DD), in Spark's types.
COLUMNS = (("late", "int32"), ("file_no", "int64"), ("item_no", "int64"), ("doc", "string"), ("key", "string"),
           ("origin", "string"), ("extraction", "string"))
ROW_GROUP = 1024  # rows of one date a task holds before writing them out as a row group


def write_partition(index: int, rows: Iterable[tuple[Order, Report]], *, root: str
                    ) -> Iterator[tuple[int, list[Reject]]]:
    """Extract range partition `index` and write its extractions as Parquet with pyarrow, one file per
    publication date, ``ROOT/date=D/part-INDEX.parquet``; yield the count written and the rejects.

    The worker writes its own files (no rows go back through the JVM, no query is planned for them). Each
    file is written under a hidden name (`parley load` passes over names starting with a dot) and renamed
    when complete, so an attempt that fails leaves no file that looks whole, and a retried or speculative
    attempt of the task writes the same names again rather than adding rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS])
    writers: dict[str, tuple[Path, Any]] = {}
    pending: dict[str, list[Extracted]] = {}
    rejects: list[Reject] = []
    written = 0

    def flush(day: str) -> None:
        rows_ = pending.pop(day, [])
        if not rows_:
            return
        if day not in writers:
            folder = Path(root) / f"date={day}"
            folder.mkdir(parents=True, exist_ok=True)
            hidden = folder / f".part-{index:05d}.parquet.writing"
            writers[day] = (hidden, pq.ParquetWriter(str(hidden), schema))
        columns = list(zip(*(row[1:] for row in rows_), strict=True))
        writers[day][1].write_table(pa.Table.from_arrays(
            [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)], schema=schema))

    try:
        for item in extract_partition(rows):
            if isinstance(item, Reject):
                rejects.append(item)
                continue
            pending.setdefault(item[0], []).append(item)
            written += 1
            if len(pending[item[0]]) >= ROW_GROUP:
                flush(item[0])
        for day in list(pending):
            flush(day)
        for hidden, writer in writers.values():
            writer.close()
            hidden.replace(hidden.with_name(f"part-{index:05d}.parquet"))
    finally:
        for hidden, writer in writers.values():
            writer.close()  # a second close does nothing
            hidden.unlink(missing_ok=True)
    yield written, rejects
