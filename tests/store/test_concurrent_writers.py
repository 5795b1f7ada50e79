"""Several processes writing into one database at once, a new one or an existing one: no traceback, no
report stored twice, and one new person is one actor however the writes interleave.

No spaCy model: each writer stores hand-made extractions (tests/store/concurrent_writer.py) through the
real resolver and store, which is where a race could split a person or duplicate a report. Each test runs
on SQLite and on PostgreSQL (an empty database on the session's throwaway cluster).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WRITER = HERE / "concurrent_writer.py"
TRIALS = 20 if os.environ.get("PARLEY_FUZZ") == "long" else 3


def run_writers(db: str, seeds: list[int], tmp: Path) -> list[subprocess.CompletedProcess]:
    go = tmp / f"go-{abs(hash(db))}-{'-'.join(map(str, seeds))}"
    procs = [subprocess.Popen([sys.executable, str(WRITER), db, str(go), str(seed)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for seed in seeds]
    go.touch()  # every writer opens the database at this moment
    done = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def check(db: str, seeds: list[int], runs: list[subprocess.CompletedProcess]) -> None:
    from concurrent_writer import OWN_REPORTS, SHARED_REPORTS

    from parley.store.db import Store, is_url, migrations

    for r in runs:
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    stored = sum(json.loads(r.stdout)["stored"] for r in runs)
    with Store(db, readonly=True) as store:
        conn = store.conn
        docs = [row[0] for row in conn.execute("SELECT doc FROM reports")]
        people = conn.execute("SELECT id FROM actors WHERE kind = 'person'").fetchall()
        orgs = conn.execute("SELECT id FROM actors WHERE kind = 'organization'").fetchall()
        events = conn.execute("SELECT count(*), count(DISTINCT report_id) FROM events").fetchone()
        version = conn.execute("SELECT max(version) FROM schema_version" if is_url(db)
                               else "PRAGMA user_version").fetchone()[0]
    assert len(docs) == len(set(docs)) == SHARED_REPORTS + OWN_REPORTS * len(seeds)
    assert stored == len(docs)  # every report stored exactly once: none lost, none written twice
    assert tuple(events) == (len(docs), len(docs))  # one fact per report, none duplicated or lost
    assert len(people) == 1, people  # Olexandr and Oleksandr Kovalchuk: one person
    assert len(orgs) == 1, orgs
    assert version == max(v for v, _, _ in migrations())


@pytest.fixture(params=["sqlite", "postgresql"])
def new_target(request, tmp_path):
    """A function giving the location of a database that does not exist yet (PostgreSQL: an empty
    database, which the writers migrate), on each backend."""
    from parley.store.postgres import close_pools

    urls = []

    def make(name: str) -> str:
        if request.param == "sqlite":
            return str(tmp_path / name)
        urls.append(request.getfixturevalue("pg_server").new_database(migrated=False))
        return urls[-1]

    yield make
    for url in urls:
        close_pools(url)


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writers_on_a_new_database(tmp_path, writers, monkeypatch, new_target):
    monkeypatch.syspath_prepend(str(HERE))
    for trial in range(TRIALS):
        db = new_target(f"new-{trial}.db")
        seeds = list(range(trial * 10, trial * 10 + writers))
        check(db, seeds, run_writers(db, seeds, tmp_path))


def test_concurrent_writers_on_an_existing_database(tmp_path, monkeypatch, new_target):
    from parley.store.db import Store

    monkeypatch.syspath_prepend(str(HERE))
    for trial in range(TRIALS):
        db = new_target(f"old-{trial}.db")
        Store(db).close()
        seeds = [100 + trial, 200 + trial, 300 + trial]
        check(db, seeds, run_writers(db, seeds, tmp_path))
