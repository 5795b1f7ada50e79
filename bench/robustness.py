"""Robustness tally (issue 9): hostile input, concurrent writers, kill -9. Counts, not timings.

    .venv/bin/python bench/robustness.py                 # all three, ~10 minutes on 2 cores
    .venv/bin/python bench/robustness.py --only input --runs 13 --huge

- input: `--runs` runs of `parley ingest` (a subprocess each, 3 batches of tests/fuzz/hostile.py per run:
  68 bad inputs of every kind and 24 good reports per batch). A run crashes when it exits other than 0/1 or
  prints a traceback; a good report is lost when it is not stored exactly once; a bad input is unnamed when
  no `error:` line names it. `--huge` adds a report of over a million characters to the first run.
- writers: `--trials` trials of 2-4 processes writing into one new or existing database at once
  (tests/store/concurrent_writer.py): tracebacks, duplicate reports, and split actors (the writers name one
  person two ways and one organization: anything but one of each is a split).
- kill: `--kills` times, `parley ingest -j 2` is killed with SIGKILL mid-extraction; surviving workers
  are counted after 15 s (tests/test_orphans.py).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "fuzz"), str(ROOT / "tests" / "store"), str(ROOT / "tests")]

from concurrent_writer import OWN_REPORTS, SHARED_REPORTS  # noqa: E402
from hostile import write_batch  # noqa: E402

from parley.store.db import Store  # noqa: E402


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def bench_input(runs: int, huge: bool) -> dict[str, int]:
    tally = {"runs": runs, "bad_inputs": 0, "good_reports": 0, "crashed_runs": 0, "lost_good": 0,
             "duplicated_good": 0, "unnamed_bad": 0, "huge_chars": 0}
    with tempfile.TemporaryDirectory(prefix="parley-robust-") as tmp:
        db = Path(tmp) / "kb.db"
        for run in range(runs):
            folders, bad, good = [], set(), []
            for b in range(3):
                folder = Path(tmp) / f"run{run}-batch{b}"
                batch = write_batch(folder, run * 3 + b)
                folders.append(folder)
                bad |= batch.bad
                good += [str(g) for g in batch.good]
            if huge and run == 0:
                text = "\n\n".join(f"Round {i}: Rustem Umerov met Vladimir Medinsky in Istanbul, and the delegations "
                                   f"exchanged lists of prisoners. " * 8 for i in range(1, 1400))
                (folders[0] / "huge.txt").write_text(text, encoding="utf-8")
                good.append("huge.txt")
                tally["huge_chars"] = len(text)
            with sqlite3.connect(db) as conn:
                before = conn.execute("SELECT coalesce(max(id), 0) FROM reports").fetchone()[0] if run else 0
            proc = subprocess.run([sys.executable, "-m", "parley.cli", "ingest", *map(str, folders), "--db", str(db),
                                   "-q"], capture_output=True, text=True, cwd=ROOT)
            crashed = proc.returncode not in (0, 1) or "Traceback" in proc.stderr
            lines = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
            unnamed = sum(1 for origin in bad if not any(line.startswith(f"error: {origin}: ") for line in lines))
            with sqlite3.connect(db) as conn:
                docs = [r[0] for r in conn.execute("SELECT doc FROM reports WHERE id > ?", (before,))]
            lost = sum(max(0, good.count(d) - docs.count(d)) for d in set(good))
            duplicated = sum(max(0, docs.count(d) - good.count(d)) for d in set(docs))
            tally["bad_inputs"] += len(bad)
            tally["good_reports"] += len(good)
            tally["crashed_runs"] += crashed
            tally["lost_good"] += lost
            tally["duplicated_good"] += duplicated
            tally["unnamed_bad"] += unnamed
            log(f"input run {run + 1}/{runs}: exit {proc.returncode}, {len(bad)} bad ({unnamed} unnamed), "
                f"{len(good)} good ({lost} lost, {duplicated} duplicated)")
    return tally


def bench_writers(trials: int) -> dict[str, int]:
    from test_concurrent_writers import run_writers

    tally = {"trials": trials, "tracebacks": 0, "duplicate_reports": 0, "split_actors": 0, "missing_reports": 0}
    with tempfile.TemporaryDirectory(prefix="parley-writers-") as tmp:
        for trial in range(trials):
            writers = 2 + trial % 3
            db = Path(tmp) / f"t{trial}.db"
            if trial % 2:
                Store(db).close()  # an existing database
            seeds = [trial * 10 + k for k in range(writers)]
            runs = run_writers(db, seeds, Path(tmp))
            tally["tracebacks"] += sum(r.returncode != 0 or "Traceback" in r.stderr for r in runs)
            with sqlite3.connect(db) as conn:
                rows, keys = conn.execute("SELECT count(*), count(DISTINCT key) FROM reports").fetchone()
                people = conn.execute("SELECT count(*) FROM actors WHERE kind = 'person'").fetchone()[0]
                orgs = conn.execute("SELECT count(*) FROM actors WHERE kind = 'organization'").fetchone()[0]
            tally["duplicate_reports"] += rows - keys
            tally["missing_reports"] += SHARED_REPORTS + OWN_REPORTS * writers - keys
            tally["split_actors"] += (people - 1) + (orgs - 1)
            log(f"writers trial {trial + 1}/{trials}: {writers} writers, {'existing' if trial % 2 else 'new'} "
                f"database, {rows} reports, {people} person(s), {orgs} organization(s)")
    return tally


def bench_kill(kills: int) -> dict[str, int]:
    from test_orphans import kill_ingest_and_list_survivors

    tally = {"kills": kills, "workers_seen": 0, "survivors": 0}
    for k in range(kills):
        with tempfile.TemporaryDirectory(prefix="parley-kill-") as tmp:
            seen, survivors = kill_ingest_and_list_survivors(Path(tmp))
        tally["workers_seen"] += seen
        tally["survivors"] += len(survivors)
        log(f"kill {k + 1}/{kills}: {seen} worker processes, {len(survivors)} alive after the kill")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["input", "writers", "kill"], action="append")
    parser.add_argument("--runs", type=int, default=13, help="ingest runs of 3 hostile batches each")
    parser.add_argument("--huge", action="store_true", help="add a 1.1-million-character report to run 1")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    parts = args.only or ["input", "writers", "kill"]
    out = {}
    if "input" in parts:
        out["input"] = bench_input(args.runs, args.huge)
    if "writers" in parts:
        out["writers"] = bench_writers(args.trials)
    if "kill" in parts:
        out["kill"] = bench_kill(args.kills)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
