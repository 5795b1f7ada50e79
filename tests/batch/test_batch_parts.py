"""The batch's parts that need no Spark: the order, the year completion, the extraction round trip, reading
a batch back in order, Parquet input, and the one-line answer when pyspark or Java is missing."""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from parley.batch.load import read_extractions
from parley.batch.spark import EXTRACTIONS, FORMAT, MANIFEST
from parley.batch.work import Neighbours, order_points, plan, range_bounds, range_of, read_tally, read_task
from parley.cli import cli
from parley.ingest import IngestError, iter_reports
from parley.ingest.metadata import year_from_neighbours, year_near
from parley.models import (
    Extraction,
    LocalActor,
    Mention,
    Report,
    Span,
    extraction_from_json,
    extraction_to_json,
)
from tests.conftest import EXAMPLES


def test_neighbours_from_counts_give_the_year_ingest_gives():
    rng = random.Random(7)
    for _ in range(200):
        dated = [date(2024, 1, 1) + timedelta(days=rng.randrange(900)) for _ in range(rng.randrange(1, 40))]
        counts: dict[date, int] = {}
        for d in dated:
            counts[d] = counts.get(d, 0) + 1
        n = Neighbours.from_counts(counts)
        assert n.median is not None
        for month, day in ((5, 17), (12, 31), (2, 29), (1, 1)):
            assert year_near(month, day, set(n.years), n.median, n.span) == year_from_neighbours(month, day, dated)
    assert Neighbours.from_counts({}).median is None


def test_plan_and_read_follow_ingest_order():
    tasks, rejects = plan([EXAMPLES, EXAMPLES / "missing.txt"])
    assert [r.reason for r in rejects] == ["no such file or directory"]
    batch = [row for task in tasks for row in read_task(task, 5 * 2**20)]
    ingest = list(iter_reports([EXAMPLES]))
    assert [row[1].doc for row in batch] == [r.doc for r in ingest]  # the examples read without error
    read_order = [row[0][1:] for row in batch]  # (file, item): the walk's order; `late` reorders at load
    assert read_order == sorted(read_order) and len(set(read_order)) == len(read_order)
    assert sum(row[0][0] for row in batch) == 3  # datelines without a year: ingest stores them last, so does load


def test_range_bounds_split_the_order_into_ranges_of_equal_text():
    rng = random.Random(11)
    sizes = [((rng.randrange(2), f, i), rng.randrange(1, 5000)) for f in range(60) for i in range(rng.randrange(1, 6))]
    total = sum(c for _, c in sizes)
    for parts in (1, 2, 3, 8, 40):
        bounds = range_bounds(reversed(sizes), parts)  # any order in, sorted bounds out
        assert bounds == sorted(bounds) and len(bounds) == parts - 1
        held = [0] * parts
        for order, chars in sizes:
            held[range_of(order, bounds)] += chars
        assert sum(held) == total
        # every range holds its share of the text, give or take one report (none is split)
        assert max(abs(h - total / parts) for h in held) <= max(c for _, c in sizes)
    assert range_bounds([], 4) == [] and range_of((0, 3, 0), []) == 0


def test_the_last_wave_of_ranges_holds_half_a_share_so_the_slots_finish_together():
    sizes = [((0, f, 0), 100) for f in range(1400)]  # 140,000 characters
    held = [0] * 8
    for order, chars in sizes:
        held[range_of(order, range_bounds(sizes, 8, slots=2))] += chars
    assert held == [20_000] * 6 + [10_000] * 2  # six shares and two half shares: 7 units of 20,000
    assert range_bounds(sizes, 4, slots=2) == range_bounds(sizes, 4)  # too few ranges for a last wave


def test_a_read_partition_sends_at_most_so_many_points_and_loses_no_text():
    rng = random.Random(5)
    sizes = [((0, f, 0), rng.randrange(1, 900)) for f in range(5000)]
    points = order_points(rng.sample(sizes, len(sizes)), 100)
    assert len(points) <= 100 and points == sorted(points)
    assert sum(c for _, c in points) == sum(c for _, c in sizes) and points[-1][0] == max(sizes)[0]
    assert order_points(sizes[:50], 100) == sizes[:50]  # few reports: exact
    # thinned points still give ranges of about equal text: within a point's worth of the exact split
    exact, thinned = range_bounds(sizes, 4), range_bounds(points, 4)
    assert all(abs(a[1] - b[1]) <= 5000 // 100 + 1 for a, b in zip(exact, thinned, strict=True))


def test_the_read_tally_counts_dates_reports_and_rejects_and_gives_the_order(tmp_path):
    (tmp_path / "a.txt").write_text("Kyiv, 3 June 2025. Talks resumed in Istanbul.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "b1", "text": "Talks ended.", "published": "2025-06-04"}\n'
                                      '{"id": "b2"}\n', encoding="utf-8")
    tasks, _ = plan([tmp_path])
    [tally] = read_tally(row for task in tasks for row in read_task(task, 5 * 2**20))
    assert tally.reports == 2 and [r.origin for r in tally.rejects] == [f"{tmp_path / 'b.jsonl'}:2"]
    assert tally.dates == {date(2025, 6, 3): 1, date(2025, 6, 4): 1}  # the dateline's, the row's
    assert [order for order, _ in tally.points] == [(0, 0, 0), (0, 1, 0)]
    assert [chars for _, chars in tally.points] == [len("Kyiv, 3 June 2025. Talks resumed in Istanbul.") + 1,
                                                    len("Talks ended.") + 1]


def _extraction(doc: str, n: int) -> Extraction:
    text = f"Report {n} names Rustem Umerov."
    span = Span(15, 28, 0, len(text))
    return Extraction(report=Report(doc=doc, text=text, published=date(2025, 5, 1 + n % 28), origin=doc,
                                    sources=["AP"]),
                      actors=[LocalActor(0, "person", "Rustem Umerov", [Mention("Rustem Umerov", span)])],
                      date_window=("2025-05-01", "2025-05-09") if n % 2 else None)


def test_extraction_round_trips_through_json(nlp):
    from parley.extract.pipeline import extract_reports

    reports = [r for r in iter_reports([EXAMPLES / "09_second-round-memoranda.txt", EXAMPLES / "feed.jsonl"])
               if isinstance(r, Report)]
    for ext in [*extract_reports(nlp, reports), _extraction("x", 3)]:
        assert extraction_from_json(extraction_to_json(ext)) == ext


def test_read_extractions_merges_ranges_in_canonical_order(tmp_path):
    """Files as Spark writes them: each range split over date folders, ranges in any file order."""
    out = tmp_path / "out"
    (out / EXTRACTIONS).mkdir(parents=True)
    (out / MANIFEST).write_text(f'{{"format": {FORMAT}}}', encoding="utf-8")
    keys = [(0, f, i) for f in range(6) for i in range(3)] + [(1, 0, 5), (1, 4, 0)]
    ranges = [keys[0:7], keys[7:14], keys[14:]]
    for part, chunk in enumerate(ranges):
        rng = random.Random(part)
        for day in ("date=2025-05-01", "date=undated"):
            rows = [k for k in chunk if (k[2] % 2 == 0) == (day == "date=undated")]
            rng.shuffle(rows)
            folder = out / EXTRACTIONS / day
            folder.mkdir(exist_ok=True)
            pq.write_table(pa.table({
                "late": [k[0] for k in rows], "file_no": [k[1] for k in rows], "item_no": [k[2] for k in rows],
                "origin": [str(k) for k in rows],
                "extraction": [extraction_to_json(_extraction(str(k), n)) for n, k in enumerate(rows)]}),
                folder / f"part-{2 - part:05d}.parquet")
    got = [e.report.doc for e in read_extractions(out)]
    assert got == [str(k) for k in sorted(keys)]


def test_ingest_reads_parquet_rows_and_names_bad_ones(tmp_path):
    path = tmp_path / "r.parquet"
    pq.write_table(pa.table({"id": ["a", "b", None], "text": ["Talks opened in Istanbul.", " ", "Talks ended."],
                             "published": [date(2025, 5, 16), None, None]}), path)
    items = list(iter_reports([path]))
    assert isinstance(items[0], Report) and items[0].doc == "a" and items[0].published == date(2025, 5, 16)
    assert items[1] == IngestError(f"{path}:2", "missing or empty 'text'")
    assert isinstance(items[2], Report) and items[2].doc == f"{path}:3"
    (tmp_path / "no_text.parquet").write_bytes(b"PAR1 not really")
    [err] = list(iter_reports([tmp_path / "no_text.parquet"]))
    assert isinstance(err, IngestError) and "not a readable Parquet file" in err.reason


@pytest.mark.parametrize("missing", ["pyspark", "java"])
def test_batch_without_pyspark_or_java_says_so_in_one_line(missing, monkeypatch, tmp_path):
    if missing == "pyspark":
        for name in [m for m in sys.modules if m == "pyspark" or m.startswith("pyspark.")] + ["pyspark"]:
            monkeypatch.setitem(sys.modules, name, None)
    else:
        monkeypatch.delenv("JAVA_HOME", raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
    res = CliRunner().invoke(cli, ["batch", str(EXAMPLES), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in res.output
    assert ("pip install 'parley[spark]'" if missing == "pyspark" else "openjdk-17-jre-headless") in lines[0]
    assert not Path(tmp_path / "out").exists()


def test_batch_conf_must_be_key_value(tmp_path):
    res = CliRunner().invoke(cli, ["batch", str(EXAMPLES), "--out", str(tmp_path / "out"), "--conf", "nonsense"])
    assert res.exit_code == 2 and "'nonsense' is not KEY=VALUE" in res.output
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_extract_partition_rejects_what_ingest_refuses_and_keeps_the_order():
    from parley.batch.work import Reject, extract_partition

    rows = [((0, 0, 0), Report(doc="big", text="Talks. " * 300_000, origin="big.txt")),
            ((0, 1, 0), Report(doc="ok", text="Rustem Umerov met Hakan Fidan in Ankara.", origin="ok.txt"))]
    big, ok = list(extract_partition(rows))
    assert isinstance(big, Reject) and big.stage == "extract" and big.origin == "big.txt"
    assert "over the 2,000,000-character limit" in big.reason
    assert not isinstance(ok, Reject) and ok[:5] == ("undated", 0, 1, 0, "ok")
    assert extraction_from_json(ok[7]).report.doc == "ok"


@pytest.mark.model
def test_reading_starts_loading_the_model_the_extraction_then_uses(tmp_path):
    """The read job starts the model's load in the worker's background, and extraction waits for that load
    rather than starting another."""
    import parley.batch.work as work
    from parley.extract.pipeline import _worker_nlp

    (tmp_path / "a.txt").write_text("Rustem Umerov met Hakan Fidan in Ankara.", encoding="utf-8")
    tasks, _ = plan([tmp_path])
    assert len(list(read_task(tasks[0], max_bytes=1_000_000))) == 1
    assert work._loading is not None and work._loading.name == "parley-model"
    assert work.worker_model() is _worker_nlp()
    assert not work._loading.is_alive()


@pytest.mark.model
def test_the_spark_daemon_loads_the_pipeline_and_keeps_its_output_for_the_port():
    """parley's PySpark daemon has the pipeline and the outlet names loaded before it forks a worker, and
    writes nothing to its standard output while loading: the JVM reads the daemon's port from there."""
    import subprocess

    probe = ("from parley.batch.daemon import preload; preload(); "
             "from parley.extract.pipeline import _worker_nlp; from parley.ingest.metadata import default_finder; "
             "import sys; print(_worker_nlp.cache_info().currsize, default_finder.cache_info().currsize, "
             "file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=300, check=True)
    assert done.stdout == b""
    assert done.stderr.decode().split()[-2:] == ["1", "1"]


@pytest.mark.model
def test_a_task_writes_its_extractions_a_file_per_date_and_a_retry_writes_the_same_files(tmp_path):
    """Each task writes its own Parquet files (pyarrow), one per publication date, complete or not at all,
    under names that a second attempt of the same task replaces rather than adds to."""
    from parley.batch.work import COLUMNS, Reject, write_partition

    rows = [((0, 0, 0), Report(doc="a", text="Rustem Umerov met Hakan Fidan in Ankara.", origin="a.txt",
                               published=date(2025, 6, 2))),
            ((0, 1, 0), Report(doc="b", text="Talks. " * 300_000, origin="b.txt")),
            ((0, 2, 0), Report(doc="c", text="Qatar said it would host talks on the return of children.",
                               origin="c.txt"))]
    root = tmp_path / "extractions"
    for _attempt in range(2):
        ((written, rejects),) = list(write_partition(3, iter(rows), root=str(root)))
        assert written == 2 and [r.origin for r in rejects] == ["b.txt"] and isinstance(rejects[0], Reject)
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        assert files == ["date=2025-06-02/part-00003.parquet", "date=undated/part-00003.parquet"]
    table = pq.read_table(root / "date=undated" / "part-00003.parquet")
    assert table.column_names == [name for name, _ in COLUMNS]
    assert table.column("doc").to_pylist() == ["c"] and table.column("file_no").to_pylist() == [2]
    assert extraction_from_json(table.column("extraction")[0].as_py()).report.doc == "c"


def test_a_task_that_fails_half_way_leaves_no_file(tmp_path, monkeypatch):
    import parley.batch.work as work

    def failing(rows):
        yield ("undated", 0, 0, 0, "a", "k", "a.txt", "{}")
        raise RuntimeError("the worker died")

    monkeypatch.setattr(work, "extract_partition", failing)
    monkeypatch.setattr(work, "ROW_GROUP", 1)  # the first row is written before the failure
    with pytest.raises(RuntimeError):
        list(work.write_partition(0, iter([]), root=str(tmp_path)))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
