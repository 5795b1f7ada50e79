"""kill -9 of an ingest leaves no extraction worker behind: each worker dies with its parent."""

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
PROC = Path("/proc")


def children() -> dict[int, int]:
    """pid -> parent pid of every process, read from /proc."""
    out = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        out[int(stat.parent.name)] = int(fields[1])
    return out


def descendants(pid: int) -> set[int]:
    parents = children()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper (PID 1 in a container may never reap it)."""
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_ingest_and_list_survivors(tmp: Path, copies: int = 6) -> tuple[int, list[int]]:
    """Start `parley ingest -j 2`, SIGKILL it once its workers are extracting; (workers seen, survivors)."""
    corpus = tmp / "corpus"
    corpus.mkdir()
    for copy in range(copies):
        for path in sorted((ROOT / "examples").glob("*.txt")):
            (corpus / f"{copy}-{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nCopy {copy}.\n",
                                                        encoding="utf-8")
    db = tmp / "kb.db"
    proc = subprocess.Popen([sys.executable, "-m", "parley.cli", "ingest", str(corpus), "--db", str(db), "-q",
                             "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 240
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= descendants(proc.pid)
        if stored(db) >= 1 and len(workers) >= 2:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    workers |= descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # A worker dies at once (parent-death signal) or within a second (its parent watch); allow for load.
    give_up = time.monotonic() + 15
    while time.monotonic() < give_up and any(alive(p) for p in workers):
        time.sleep(0.1)
    return len(workers), sorted(p for p in workers if alive(p))


@pytest.mark.skipif(not PROC.is_dir(), reason="reads the process table from /proc (Linux)")
def test_sigkill_of_an_ingest_leaves_no_worker_alive(tmp_path):
    workers, survivors = kill_ingest_and_list_survivors(tmp_path)
    assert workers >= 2  # the pool was up (two workers, and the helper processes that come with them)
    assert survivors == []
