"""`parley watch` as a process: SIGTERM stops it cleanly, and SIGKILL at any moment loses and repeats nothing."""

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

ROOT = Path(__file__).resolve().parents[2]
N_ITEMS = 24
TOWNS = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Poltava", "Chernihiv", "Zhytomyr", "Mykolaiv", "Vinnytsia",
         "Cherkasy", "Rivne", "Lutsk", "Ternopil", "Uzhhorod", "Kropyvnytskyi", "Khmelnytskyi", "Ivano-Frankivsk",
         "Chernivtsi", "Sumy", "Kherson", "Zaporizhzhia", "Kramatorsk", "Sloviansk", "Izium"]


def feed_file(folder: Path) -> Path:
    items = "".join(
        f"<item><guid>item-{n}</guid><title>Mayor of {town} speaks</title><description>The mayor of {town}, "
        f"speaking on day {n} of the month, said the city council had met {n + 2} times this week to discuss "
        f"shelters, heating and water supplies for {town}, and that {n * 10 + 5} families had asked for help."
        f"</description></item>" for n, town in enumerate(TOWNS[:N_ITEMS]))
    path = folder / "local.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>{items}'
                    f"</channel></rss>", encoding="utf-8")
    return path


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created or migrated yet
        return 0


def wait_for(db: Path, sql: str, at_least: int, proc: subprocess.Popen, limit_s: float = 120) -> int:
    deadline = time.monotonic() + limit_s
    n = 0
    while time.monotonic() < deadline and proc.poll() is None:
        n = count(db, sql)
        if n >= at_least:
            break
        time.sleep(0.02)
    return n


def watch_cmd(feed: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "parley.cli", "watch", str(feed), "--db", str(db), *extra]


def test_sigkill_mid_poll_then_restart_repeats_and_loses_nothing(tmp_path):
    feed, db = feed_file(tmp_path), tmp_path / "kb.db"
    proc = subprocess.Popen(watch_cmd(feed, db, "--once"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    wait_for(db, "SELECT count(*) FROM reports", 3, proc)
    assert proc.poll() is None, "watch finished before it could be killed; give the feed more items"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    kept = count(db, "SELECT count(*) FROM reports")
    assert 3 <= kept < N_ITEMS

    done = subprocess.run(watch_cmd(feed, db, "--once"), capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert count(db, "SELECT count(*) FROM reports") == N_ITEMS
    assert count(db, "SELECT count(DISTINCT doc) FROM reports") == N_ITEMS
    assert count(db, "SELECT count(*) FROM feed_items") == N_ITEMS
    # The restart logged only the reports the killed run had not stored.
    assert done.stderr.count("new report ") == N_ITEMS - kept


def test_sigterm_stops_between_items_and_exits_cleanly(tmp_path):
    feed, db = feed_file(tmp_path), tmp_path / "kb.db"
    proc = subprocess.Popen(watch_cmd(feed, db, "--every", "1h"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, text=True)
    wait_for(db, "SELECT count(*) FROM reports", 2, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopping after the current item (SIGTERM)" in err and "Traceback" not in err
    stored = count(db, "SELECT count(*) FROM reports")
    assert stored == count(db, "SELECT count(*) FROM feed_items") == err.count("new report ")
