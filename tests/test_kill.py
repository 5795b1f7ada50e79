"""An ingest killed mid-run loses nothing already stored, half-writes nothing, and resumes cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    examples = sorted((ROOT / "examples").glob("*.txt"))
    for copy in range(4):
        for path in examples:
            (corpus / f"{copy}-{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nCopy {copy}.\n",
                                                        encoding="utf-8")
    total = len(examples) * 4
    db = tmp_path / "kb.db"
    # --keep-copies: the repeats differ by one line, and each must be stored as a report of its own here.
    cmd = [sys.executable, "-m", "parley.cli", "ingest", str(corpus), "--db", str(db), "-q", "-j", "1", "--keep-copies"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = count(db, "reports")
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        # Every stored report is whole: it has its actors written with it.
        orphans = conn.execute("SELECT count(*) FROM reports WHERE id NOT IN (SELECT report_id FROM report_actors)"
                               ).fetchone()[0]
    assert 3 <= kept < total
    assert orphans == 0

    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{total - kept} new, {kept} skipped" in done.stderr
    assert count(db, "reports") == total
