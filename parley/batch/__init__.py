"""Batch extraction on Apache Spark, then loading into a knowledge base.

    from parley.batch import run_batch, load_batch
    summary = run_batch(["archive/"], "out/", master="local[*]")    # needs pyspark and Java 17
    loaded = load_batch("out/", db="parley.db")                      # needs neither

`run_batch` reads the inputs (folders of text files, JSON Lines, HTML pages, feeds and Parquet files with
the columns id, text, published, url, title) with parley's own readers on the executors, extracts every
report there, and writes the extractions as Parquet partitioned by publication date, the rows it could not
use in ``rejects.jsonl`` with their reasons. `load_batch` resolves and stores them through
`parley.api.Ingestor.store_extracted`, in the order `parley ingest` stores the same inputs, so the
knowledge base (ids included) is the one `parley ingest` builds. pyspark is imported only by `run_batch`.
See docs/design.md, "Batch extraction on Spark".
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.api import Ingestor, IngestSummary
from parley.batch.load import BatchOutputError, manifest, read_extractions
from parley.batch.spark import SparkMissingError
from parley.defaults import default_db
from parley.ingest import DEFAULT_MAX_BYTES, IngestError
from parley.store.db import Store

__all__ = ["BatchOutputError", "BatchSummary", "SparkMissingError", "load_batch", "run_batch"]


@dataclass(slots=True)
class BatchSummary:
    read: int  # rows read: reports and rows that could not be used
    extracted: int
    rejected: int
    partitions: int
    seconds: float
    out: Path

    @property
    def rejects_path(self) -> Path:
        from parley.batch.spark import REJECTS

        return self.out / REJECTS


def run_batch(inputs: Iterable[str | Path], out: str | Path, *, master: str | None = None,
              partitions: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES, spark: Any = None,
              conf: dict[str, str] | None = None) -> BatchSummary:
    """Extract every report under `inputs` on Spark into the new folder `out`.

    `spark`: a SparkContext or SparkSession to use (it is left running); without it a SparkContext is
    started on `master` (default: spark-submit's master when it runs this, else local[*]) with the settings
    `conf`, and stopped at the end. `partitions`: how many parts the reports are spread over for extraction (default:
    four per core). ValueError when `out` already holds something; SparkMissingError when Spark cannot run.
    """
    from parley.batch import spark as job

    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out}: already exists and is not an empty folder; give a new --out folder")
    inputs = [str(p) for p in inputs]
    own = spark is None and not job.running()
    if spark is None:
        spark = job.context(master, conf)  # a context already running in this process is used as it is
    out.mkdir(parents=True, exist_ok=True)
    try:
        counts = job.run(spark, inputs, out.resolve(), partitions=partitions, max_bytes=max_bytes)
    except BaseException:
        shutil.rmtree(out / job.EXTRACTIONS, ignore_errors=True)  # no half-written batch that looks whole
        raise
    finally:
        if own:
            spark.stop()
    job.write_manifest(out, counts)
    return BatchSummary(read=counts["read"], extracted=counts["extracted"], rejected=counts["rejected"],
                        partitions=counts["partitions"], seconds=counts["seconds"], out=out)


def load_batch(out: str | Path, db: str | Path | None = None, *, fold_copies: bool = True,
               on_progress: Callable[[int], None] | None = None,
               on_error: Callable[[IngestError], None] | None = None) -> IngestSummary:
    """Resolve and store the extractions of the batch in `out` into `db` (created as needed).

    Reports already stored are skipped, so loading a batch twice adds nothing. BatchOutputError when
    `out` is not a finished batch's output."""
    manifest(out)  # before creating a database for nothing
    path = Path(db or default_db())
    created = str(path) != ":memory:" and not path.exists()
    summary = None
    try:
        with Store(path) as store:
            summary = Ingestor(store, fold_copies=fold_copies).store_extracted(
                read_extractions(out), on_progress=on_progress, on_error=on_error)
    finally:
        if created and (summary is None or summary.new == 0):  # as ingest: no empty database left behind
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
    return summary
