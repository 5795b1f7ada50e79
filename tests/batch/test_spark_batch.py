"""The Spark batch against `parley ingest` on the same reports (Spark local[2], the model on the executors).

The corpus: the bundled examples (text, JSON Lines, HTML pages), syndicated copies of three of them (which
ingest folds), a Parquet file and a JSON Lines file written here with good and bad rows, a report whose
dateline has no year (which ingest holds back to the end), a file that is not UTF-8, one over the size
limit and one of an unsupported type. Run through `parley ingest` and through `parley batch` + `parley load` with one and with
several partitions, the knowledge bases must be the same: the same exported records, the same ids.
Without pyspark or Java these tests skip (see tests/conftest.py); under CI=true they must run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.api import export_records, ingest_paths
from parley.batch import load_batch, run_batch
from parley.cli import cli
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.model

COPIES = Path(__file__).resolve().parents[1] / "data" / "copies" / "copies"
YEARLESS = ("KYIV, May 20 (AP) — Ukrainian Defence Minister Rustem Umerov said on Tuesday that Kyiv was ready "
            "for a full ceasefire if Russia agreed to it. Russia rejected the proposal, Kremlin spokesman "
            "Dmitry Peskov told reporters in Moscow.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, root / "a_examples")
    extra = root / "b_extra"
    (extra / "copies").mkdir(parents=True)
    for name in sorted(COPIES.glob("0[13]_*.copy[01].txt")):  # two copies each of two examples
        shutil.copy(name, extra / "copies" / name.name)
    (extra / "late.txt").write_text(YEARLESS + "\n", encoding="utf-8")
    (extra / "latin1.txt").write_bytes("Réunion à Genève: les négociateurs".encode("latin-1"))
    (extra / "notes.docx").write_text("not a report", encoding="utf-8")
    (extra / "huge.txt").write_text("Talks went on. " * 400_000, encoding="utf-8")  # 6 MB: over --max-bytes
    (extra / "lines.jsonl").write_text("\n".join([
        json.dumps({"id": "ok-1", "text": "Turkish Foreign Minister Hakan Fidan met Ukrainian Foreign Minister "
                    "Andrii Sybiha in Ankara on Monday to discuss a ceasefire.", "published": "2025-06-02"}),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "typed", "text": 42}),
        "{not json",
        json.dumps({"id": "bad-date", "text": "Talks resumed.", "published": "June, sometime"}),
    ]) + "\n", encoding="utf-8")
    texts = [(EXAMPLES / "05_bilopillia-bus-strike.txt").read_text(encoding="utf-8"),  # a duplicate: skipped
             "Qatar said on Thursday it would host talks between Russia and Ukraine on the return of children.",
             None, ""]
    pq.write_table(pa.table({"id": ["pq-dup", "pq-1", "pq-null", "pq-empty"], "text": texts,
                             "published": ["2025-05-17", "2025-07-03", None, None],
                             "url": ["https://x.example/1", None, None, None]}), extra / "rows.parquet",
                   row_group_size=2)
    pq.write_table(pa.table({"id": ["n1", "n2"], "text": [1, 2]}), extra / "typed.parquet")
    return root


def inputs(corpus: Path) -> list[str]:
    return [str(corpus / "a_examples"), str(corpus / "b_extra")]


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    summary = ingest_paths(inputs(corpus), db, processes=2)  # as `parley ingest` runs by default
    return db, summary


def tables(db: Path, tmp: Path) -> dict[str, str]:
    """Every export table of `db` as CSV text (ids included)."""
    from parley.export import export_tables

    export_tables(str(db), str(tmp / "t"), fmt="csv")
    return {p.name.split(".")[1]: p.read_text(encoding="utf-8") for p in sorted(tmp.glob("t.*.csv"))}


def copies(db: Path) -> list[tuple]:
    from parley.store.copies import copies_of
    from parley.store.db import Store

    with Store(db) as store:
        rows = [c for rid in range(1, 200) for c in store.run(copies_of, rid)]
    return [(c["doc"], c["url"], c["outlet"], c["similarity"]) for c in rows]


# 8 partitions on local[2]: the last two ranges hold half a share (see work.range_bounds).
@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_batch_then_load_builds_the_knowledge_base_ingest_builds(spark, corpus, ingested, partitions, tmp_path):
    ingest_db, ingest_summary = ingested
    out = tmp_path / "out"
    summary = run_batch(inputs(corpus), out, spark=spark, partitions=partitions)
    loaded = load_batch(out, tmp_path / "batch.db")

    expected = list(export_records(ingest_db))
    assert len(expected) == ingest_summary.new > 30
    assert list(export_records(tmp_path / "batch.db")) == expected
    (tmp_path / "i").mkdir()
    (tmp_path / "b").mkdir()
    assert tables(tmp_path / "batch.db", tmp_path / "b") == tables(ingest_db, tmp_path / "i")
    # The syndicated copies are folded at load exactly as ingest folds them before extraction (3 of the 4:
    # 01's copy0 is trimmed too heavily to be called a copy, by either).
    assert ingest_summary.copies == loaded.copies == 3
    assert copies(tmp_path / "batch.db") == copies(ingest_db) != []
    assert loaded.new == ingest_summary.new and loaded.skipped == ingest_summary.skipped

    # Every row ingest refused, the batch refused too, with the same reason, in the same order.
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["origin"], r["reason"]) for r in rejects] == [(e.origin, e.reason) for e in ingest_summary.failed]
    assert summary.rejected == len(rejects) == 11
    assert summary.read == summary.extracted + summary.rejected
    assert summary.partitions == partitions
    assert "missing or empty 'text'" in {r["reason"] for r in rejects}
    assert any(r["origin"].endswith("huge.txt") and "over the 5.0 MiB limit" in r["reason"] for r in rejects)
    assert any(r["origin"].endswith("typed.parquet:1") and "'text' must be a string" in r["reason"]
               for r in rejects)

    # Extractions are partitioned by date; the yearless dateline got its year from the batch's reports.
    days = {p.name for p in (out / "extractions").iterdir() if p.is_dir()}
    assert "date=undated" in days and "date=2025-07-03" in days
    records = list(export_records(tmp_path / "batch.db"))
    assert records[-1]["doc"] == "late.txt" and records[-1]["published"] == "2025-05-20"


def test_loading_twice_adds_nothing(spark, corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([str(EXAMPLES / "feed.jsonl")], out, spark=spark, partitions=2)
    db = tmp_path / "kb.db"
    first = load_batch(out, db)
    records = list(export_records(db))
    again = load_batch(out, db)
    assert first.new == len(records) > 0
    assert again.new == 0 and again.skipped == first.new and not again.failed
    assert list(export_records(db)) == records


def test_a_caller_may_hand_the_batch_a_spark_session(spark, tmp_path):
    """The batch runs on a SparkContext; a caller's SparkSession is used through its context."""
    from pyspark.sql import SparkSession

    summary = run_batch([str(EXAMPLES / "feed.jsonl")], tmp_path / "out", spark=SparkSession(spark), partitions=2)
    assert summary.extracted > 0 and summary.rejected == 0
    assert not spark._jsc.sc().isStopped()  # a caller's session is left running


def test_cli_batch_and_load_print_one_line_summaries(spark, corpus, tmp_path):
    # The CLI starts its own context on local[1]; the fixture's context is reused by getOrCreate.
    out, db = tmp_path / "out", tmp_path / "kb.db"
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(corpus / "b_extra" / "lines.jsonl"), "--out", str(out),
                              "--master", "local[1]", "--partitions", "2"])
    assert res.exit_code == 1, res.output  # rejected rows: exit 1, as ingest
    assert "5 rows read, 1 extracted, 4 rejected" in res.output and "rejects.jsonl" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(cli, ["load", str(out), "--db", str(db), "-q"])
    assert res.exit_code == 0 and "1 new, 0 skipped" in res.output, res.output
    again = runner.invoke(cli, ["batch", str(EXAMPLES / "feed.jsonl"), "--out", str(out)])
    assert again.exit_code == 2 and "not an empty folder" in again.output


def test_load_refuses_a_folder_that_is_not_a_finished_batch(tmp_path):
    (tmp_path / "half").mkdir()
    res = CliRunner().invoke(cli, ["load", str(tmp_path / "half"), "--db", str(tmp_path / "kb.db")])
    assert res.exit_code == 2 and "_batch.json" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "kb.db").exists()


def test_a_local_session_runs_its_jvm_tuned_for_moving_rows(spark):
    """On a local master the JVM is started with parley's options (C1 only, a serial collector): measured, they
    cut the JVM's CPU beside the Python workers from 0.37 to 0.10 cores."""
    from parley.batch.spark import LOCAL_JVM_OPTIONS

    args = list(spark._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
    assert set(LOCAL_JVM_OPTIONS) <= set(args)
    assert any(a.startswith("-Dlog4j2.configurationFile=") for a in args)


def test_the_python_workers_fork_from_a_daemon_that_loaded_the_pipeline(spark):
    """The executor's Python workers are children of parley's daemon (the model loaded once per executor)."""
    parents = spark.parallelize(range(2), 2).map(
        lambda _: open(f"/proc/{__import__('os').getppid()}/cmdline", "rb").read().split(b"\0")).collect()
    assert all(b"parley.batch.daemon" in cmdline for cmdline in parents), parents
