"""A batch of good reports mixed with bad inputs of every kind: every bad input is named once, on stderr,
as it is found; every good report is stored exactly once; nothing crashes. Loads the spaCy model.

PARLEY_FUZZ=long adds more batches and a report of over a million characters ingested whole.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import write_batch

from parley.cli import cli

pytestmark = [pytest.mark.model, pytest.mark.fuzz]
LONG = os.environ.get("PARLEY_FUZZ") == "long"
ERROR_LINE = re.compile(r"^error: (.+?): ", re.MULTILINE)


def stored_docs(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT doc FROM reports ORDER BY id")]


def named(stderr: str, bad: set[str]) -> dict[str, int]:
    """How many error lines name each bad input (an origin may itself hold ': ', so match by prefix)."""
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    return {origin: sum(1 for line in lines if line.startswith(f"error: {origin}: ")) for origin in bad}


@pytest.mark.parametrize("batches", [3 if LONG else 1])
def test_bad_inputs_are_named_and_good_reports_stored_once(tmp_path, batches):
    db = tmp_path / "kb.db"
    runner = CliRunner()
    for copy in range(batches):
        batch = write_batch(tmp_path / f"batch-{copy}", copy)
        before = stored_docs(db) if db.exists() else []
        result = runner.invoke(cli, ["ingest", str(tmp_path / f"batch-{copy}"), "--db", str(db), "-q", "-j", "1"])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.stderr
        counts = named(result.stderr, batch.bad)
        assert [o for o, n in counts.items() if n != 1] == [], result.stderr
        assert len(ERROR_LINE.findall(result.stderr)) == len(batch.bad), result.stderr
        assert f"{len(batch.good)} new, 0 skipped (already stored), {len(batch.bad)} failed" in result.stderr
        new = stored_docs(db)[len(before):]
        assert sorted(new) == sorted(batch.good)
    # Again: nothing new, nothing stored twice.
    again = runner.invoke(cli, ["ingest", str(tmp_path / "batch-0"), "--db", str(db), "-q", "-j", "1"])
    assert f"0 new, {len(batch.good)} skipped" in again.stderr
    with sqlite3.connect(db) as conn:
        rows, keys = conn.execute("SELECT count(*), count(DISTINCT key) FROM reports").fetchone()
    assert rows == keys == batches * len(batch.good)


def test_errors_reach_the_caller_as_they_are_found(tmp_path):
    """Each error is handed over while the run goes on, in input order, before any later report is stored."""
    from parley.api import ingest_paths

    batch = write_batch(tmp_path / "batch", 0)
    db = tmp_path / "kb.db"
    seen: list[tuple[str, int]] = []

    def on_error(err):
        seen.append((err.origin, len(stored_docs(db)) if db.exists() else 0))

    summary = ingest_paths([tmp_path / "batch"], db, processes=1, on_error=on_error)
    assert {o for o, _ in seen} == batch.bad and len(seen) == len(batch.bad)
    assert [e.origin for e in summary.failed] == [o for o, _ in seen]
    assert summary.new == len(batch.good)
    # The reading errors came before the batch's reports were stored, not in a list printed at the end.
    assert min(n for _, n in seen) < summary.new


@pytest.mark.skipif(not LONG, reason="a million-character report takes minutes; run with PARLEY_FUZZ=long")
def test_a_report_over_spacys_limit_is_processed_whole(tmp_path):
    paragraphs = [f"Round {i}: Rustem Umerov met Vladimir Medinsky in Istanbul, and the delegations exchanged "
                  f"lists of prisoners. " * 8 for i in range(1, 1400)]
    text = "\n\n".join(paragraphs) + "\n\nIn the last paragraph Hakan Fidan thanked both delegations.\n"
    assert len(text) > 1_000_000
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "long.txt"), "--db", str(db), "-q", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT a.name FROM actors a JOIN report_actors r ON r.actor_id = a.id")}
        last = conn.execute("SELECT max(start) FROM mentions").fetchone()[0]
    assert {"Rustem Umerov", "Hakan Fidan"} <= names
    assert last > 1_000_000  # the end of the report was read, past spaCy's 1,000,000-character limit
