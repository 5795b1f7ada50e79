"""The Spark job behind `parley batch`: read on the executors, extract on the executors, write Parquet.

Jobs (the functions they run are in :mod:`parley.batch.work`):

1. The driver walks the inputs and reads the footers of Parquet files: one read task per file (per row
   group of a Parquet file), numbered in the order `parley ingest` reads them. The executors read the
   tasks with parley's own readers (the same checks, the same errors as `parley ingest`) and count the
   publication dates; the driver turns the counts into what completing a yearless dateline needs (the
   years and the median date), as `parley ingest` does at the end of a run. Each read task also sends
   its share of the canonical order, thinned to at most ORDER_POINTS points, with the characters of text
   each point stands for; the driver turns them into the bounds of `partitions` ranges of about equal
   text (exact for small inputs, and with no sampling job: the order is known from the read). The rows
   are cached.
2. The reports are shuffled into those ranges and sorted within (`repartitionAndSortWithinPartitions`).
3. Each part is extracted (`mapPartitionsWithIndex`; the Python workers fork from parley's daemon, which
   has loaded the model, so it is loaded once per executor: see parley.batch.daemon), CHUNK reports per
   call as `parley ingest` sends its worker processes, and written by the task itself as Parquet partitioned by publication date
   (``date=YYYY-MM-DD/part-N.parquet``, ``date=undated``); each task returns its count and its rejects.
   Rejects go to ``rejects.jsonl`` in the canonical order; ``_batch.json`` (written last) says the batch
   is complete.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from parley.batch.work import (
    UNDATED,
    Neighbours,
    OrderPoint,
    Reject,
    complete_year,
    plan,
    range_bounds,
    range_of,
    read_tally,
    read_task,
    write_partition,
)

EXTRACTIONS = "extractions"
REJECTS = "rejects.jsonl"
MANIFEST = "_batch.json"
FORMAT = 1  # of the batch output; `parley load` refuses another
LOG_CONFIG = Path(__file__).with_name("log4j2.properties")
DAEMON = "parley.batch.daemon"
# On a local master the one JVM is driver and executor, and it only moves rows between the Python workers
# and Parquet: C1 alone compiles that code well enough for a fraction of the CPU C2 spends compiling, and a
# serial collector suits its small heap. Measured on 2,000 reports on 2 cores: the JVM's CPU while the
# workers extract fell from 0.37 to 0.10 cores; local[2] 62.2 -> 54.2 s, local[1] 100.0 -> 94.2 s.
LOCAL_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


class SparkMissingError(RuntimeError):
    """pyspark or Java is not there: said in one line, with what to install."""


def context(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """A SparkContext for `master`; SparkMissingError when pyspark or Java is missing or will not start.

    Without `master`: the one spark-submit was given when it runs parley (see parley.batch.submit), else
    local[*] (every core of this machine). The batch is RDD jobs only, so no SparkSession is made: building
    its SQL machinery took ~3 s of the driver's JVM at every start (measured on 2 cores, C1 only), for
    nothing the batch uses."""
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError:
        raise SparkMissingError("pyspark is not installed; install the Spark extra: "
                                "pip install 'parley[spark]'") from None
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise SparkMissingError("Java is not installed (Spark needs Java 17): on Debian or Ubuntu, "
                                "apt-get install openjdk-17-jre-headless")
    if master is None and not os.environ.get("PYSPARK_GATEWAY_PORT"):  # not started by spark-submit
        master = "local[*]"
    spark_conf = SparkConf().setAppName("parley batch")  # with spark-submit's settings, master included
    if master is not None:
        spark_conf.setMaster(master)
    # The executors' Python workers fork from a daemon that has loaded the pipeline (parley.batch.daemon):
    # the model is loaded once per executor, not once per task slot.
    settings = {"spark.ui.showConsoleProgress": "false", "spark.python.daemon.module": DAEMON}
    if master is not None and master.startswith("local"):
        # Errors only on this machine's console, and the JVM tuned for moving rows (LOCAL_JVM_OPTIONS); a
        # cluster's own driver options are left as they are.
        settings["spark.driver.extraJavaOptions"] = " ".join(
            [f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}", *LOCAL_JVM_OPTIONS])
        # The executors' Python is this one (with parley and the model installed); on a cluster it comes
        # from the cluster's configuration (see docs/design.md, "Batch extraction on Spark").
        # PySpark starts its workers with $PYSPARK_PYTHON (else `python3` from PATH, maybe another Python).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    settings.update(conf or {})
    for key, value in settings.items():
        spark_conf.set(key, value)
    try:
        sc = SparkContext.getOrCreate(spark_conf)
    except Exception as exc:  # noqa: BLE001 - py4j's "Java gateway process exited", a bad master URL
        raise SparkMissingError(f"Spark did not start ({' '.join(str(exc).split())[:300]})") from None
    sc.setLogLevel("ERROR")
    return sc


def running() -> bool:
    """Whether this process already runs a SparkContext (which `context` then returns, and nobody stops)."""
    try:
        from pyspark import SparkContext
    except ImportError:
        return False
    return SparkContext._active_spark_context is not None  # noqa: SLF001 - pyspark's own record of it


def run(spark: Any, inputs: Iterable[str | Path], out: Path, *, partitions: int | None = None,
        max_bytes: int) -> dict[str, Any]:
    """Run the batch on `spark` (a SparkContext, or a SparkSession: its context is used); return the counts
    written to the manifest.

    Two Spark jobs: read (and count dates and the order), then shuffle into ranges, extract and write. The
    read rows are cached, so nothing is read twice.
    """
    from pyspark import StorageLevel

    started = time.monotonic()
    inputs = [str(p) for p in inputs]
    sc = getattr(spark, "sparkContext", spark)
    tasks, rejects = plan(inputs)
    parallelism = max(1, sc.defaultParallelism)

    read = sc.parallelize(tasks, max(1, min(len(tasks), 4 * parallelism))) \
        .flatMap(partial(read_task, max_bytes=max_bytes)).persist(StorageLevel.MEMORY_AND_DISK)
    counts: Counter = Counter()
    points: list[OrderPoint] = []
    n_reports = 0
    for tally in (read.mapPartitions(read_tally).collect() if tasks else []):
        counts.update(tally.dates)
        n_reports += tally.reports
        rejects.extend(tally.rejects)
        points.extend(tally.points)
    neighbours = Neighbours.from_counts(counts)
    reports = read.filter(lambda row: not isinstance(row, Reject)) \
        .map(partial(complete_year, neighbours=neighbours))
    n = partitions or max(1, min(4 * parallelism, n_reports))
    # Range partitions on the canonical order, sorted within: each task extracts (and writes) one run of
    # the order, so `parley load` merges the files of one range at a time (see parley.batch.load). The
    # ranges hold about equal text, the last wave of them half as much, so the tasks finish together.
    ranged = reports.repartitionAndSortWithinPartitions(
        n, partial(range_of, bounds=range_bounds(points, n, parallelism))) if n_reports else reports.repartition(1)
    # Each task extracts its range and writes its own Parquet files (pyarrow, in the Python worker): no row
    # goes back through the JVM and no DataFrame query is planned. Measured before, on 2 cores: planning the
    # DataFrame write took ~2 s of one core and moving the rows ~0.1 core throughout.
    extracted = 0
    for part_extracted, part_rejects in ranged.mapPartitionsWithIndex(
            partial(write_partition, root=str(out / EXTRACTIONS))).collect():
        extracted += part_extracted
        rejects.extend(part_rejects)
    rejects.sort(key=lambda r: r.order)
    with (out / REJECTS).open("w", encoding="utf-8") as f:
        for reject in rejects:
            f.write(reject.to_json() + "\n")
    read.unpersist()
    return {"format": FORMAT, "read": extracted + len(rejects), "extracted": extracted, "rejected": len(rejects),
            "partitions": n, "inputs": inputs, "undated_partition": f"date={UNDATED}",
            "seconds": round(time.monotonic() - started, 1)}


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    from parley import __version__
    from parley.extract.pipeline import MODEL

    data = {"parley": __version__, "model": MODEL, **manifest}
    (out / MANIFEST).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
