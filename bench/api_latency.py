"""Latency of the HTTP API on a 50,000-report knowledge base, against a 50 ms p95 target.

Building the database, fast: each distinct example report (`examples/*.txt`) is extracted once with the
real pipeline (`parley.api.ingest_paths`); then the stored rows are cloned in SQL until there are at least
`--reports` reports. Clone batch k copies every base report with a new id and key (`key#k`), its facts
(mentions, roles, quotes, events and their participants, positions, sources) with new ids, and shifts
every full date (published, estimated window, event dates) by the same number of days, spread over about
two years around the originals. Event, quote and position fact keys get the batch number too, so a fact
is corroborated by the copies of one batch only, as a story repeated by a handful of outlets would be.
The FTS triggers index every clone. No ANALYZE is run: the planner sees what a user's database gives it.

Measuring: the app from `parley.serve.app.create_app` answers in-process (httpx over ASGI, one request at
a time, so the figure is the server's own work plus the ASGI round trip). For each endpoint a fixed
number of requests cycles through a fixed set of queries (the most-reported actors and a seeded sample of
the rest; event filters by type, actor, date range; timeline pages), after a short warm-up. It prints
p50 and p95 per endpoint and the ratio p95 / 50 ms (below 1.0 meets the target), and the same for the first
request of each query (cold: the app's answer cache does not hold it yet, as after any write).

PostgreSQL: the same measurement on the same rows in PostgreSQL, beside SQLite. The SQLite database built
above is copied table by table (COPY, ids kept) into a new PostgreSQL database migrated by parley itself,
then `VACUUM ANALYZE` runs, as autovacuum would soon after any bulk load. The server is a throwaway cluster
started for the run (`tests/pgserver.py`: initdb/pg_ctl, Debian's postgresql package) or, with `--pg-url`,
an existing empty database. It prints each backend's table and the ratio PostgreSQL p95 / SQLite p95.

    python bench/api_latency.py                        # 50,000 reports, both backends, several minutes on 2 cores
    python bench/api_latency.py --reports 5000 --requests 100 --db /tmp/api.db
    python bench/api_latency.py --backends sqlite      # SQLite only
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
TARGET_P95_MS = 50.0
SEED = 20250516

# Child tables copied for each clone: (table, columns copied as they are). report_id and the ids are
# rewritten; fact keys are handled in `_clone`.
CHILDREN = {
    "report_sources": ["source"],
    "report_actors": ["ord", "actor_id", "kind", "name"],
    "mentions": ["actor_id", "text", "start", '"end"', "sent_start", "sent_end"],
    "roles": ["actor_id", "title", "title_key", "of_id", "former", "fact_key", "start", '"end"', "sent_start",
              "sent_end"],
    "quotes": ["speaker_id", "text", "start", '"end"', "sent_start", "sent_end"],
    "positions": ["holder_id", "issue", "stance", "start", '"end"', "sent_start", "sent_end"],
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(db: Path, reports: int) -> dict[str, float]:
    """Extract the examples once, then clone their rows until the database holds >= `reports` reports."""
    from parley.api import ingest_paths

    examples = sorted(EXAMPLES.glob("*.txt"))
    if not examples:
        raise SystemExit(f"no example reports in {EXAMPLES}")
    t0 = time.perf_counter()
    summary = ingest_paths(examples, db, processes=1)
    if not summary.ok:
        raise SystemExit(f"ingest failed: {summary.failed}")
    t1 = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)  # transactions are explicit in _clone
    base = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    batches = max(0, math.ceil(reports / base) - 1)
    _clone(conn, batches)
    conn.close()
    t2 = time.perf_counter()
    return {"extract_s": t1 - t0, "clone_s": t2 - t1, "base_reports": base}


def _shift(k: int) -> int:
    """Days to move clone batch k: spread over [-365, +365], deterministic."""
    return (k * 7919) % 731 - 365


def _clone(conn: sqlite3.Connection, batches: int) -> None:
    conn.execute("PRAGMA journal_mode = OFF")  # bulk load into a scratch database: no rollback journal
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    rmax = conn.execute("SELECT max(id) FROM reports").fetchone()[0]
    emax = conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0
    conn.execute("CREATE TEMP TABLE batch (k INTEGER PRIMARY KEY, shift TEXT NOT NULL)")
    conn.executemany("INSERT INTO batch VALUES (?, ?)", [(k, f"{_shift(k):+d} days") for k in range(1, batches + 1)])

    def moved(col: str) -> str:
        # Only full dates move; a month or a year (2025-06, 2025) stays as the report gave it.
        return f"CASE WHEN length({col}) = 10 THEN date({col}, b.shift) ELSE {col} END"

    # Secondary indexes are dropped for the load and rebuilt after it: one sort per index instead of
    # 50,000 reports' worth of random b-tree inserts (measured on 2 cores: clones 108 s -> 84 s;
    # the FTS triggers still index every clone's text).
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute("BEGIN")
    step = 100  # batches per statement: progress output, and bounded temp storage for the sorts
    for lo in range(1, batches + 1, step):
        hi = min(batches, lo + step - 1)
        within = f"b.k BETWEEN {lo} AND {hi}"
        conn.execute(
            f"INSERT INTO reports (id, key, doc, url, title, published, est_start, est_end, origin, text) "
            f"SELECT r.id + b.k * {rmax}, r.key || '#' || b.k, r.doc || '#' || b.k, r.url, r.title, "
            f"{moved('r.published')}, {moved('r.est_start')}, {moved('r.est_end')}, r.origin, r.text "
            f"FROM batch b, reports r WHERE r.id <= {rmax} AND {within} ORDER BY b.k, r.id")
        for table, cols in CHILDREN.items():
            keyed = table in ("quotes", "positions")
            names = ", ".join(["report_id", *cols, *(["fact_key"] if keyed else [])])
            values = ", ".join([f"t.report_id + b.k * {rmax}", *(f"t.{c}" for c in cols),
                                *(["t.fact_key || '#' || b.k"] if keyed else [])])
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM batch b, {table} t "
                         f"WHERE t.report_id <= {rmax} AND {within} ORDER BY b.k, t.rowid")
        conn.execute(
            f'INSERT INTO events (id, report_id, type, date, place, cue, fact_key, start, "end", sent_start, sent_end) '
            f"SELECT e.id + b.k * {emax}, e.report_id + b.k * {rmax}, e.type, {moved('e.date')}, e.place, e.cue, "
            f"e.fact_key || '#' || b.k, e.start, e.\"end\", e.sent_start, e.sent_end FROM batch b, events e "
            f"WHERE e.id <= {emax} AND {within} ORDER BY b.k, e.id")
        conn.execute(
            f"INSERT INTO event_participants (event_id, actor_id, part, ord, date) "
            f"SELECT p.event_id + b.k * {emax}, p.actor_id, p.part, p.ord, {moved('p.date')} "
            f"FROM batch b, event_participants p "
            f"WHERE p.event_id <= {emax} AND {within} ORDER BY b.k, p.event_id")
        log(f"  cloned batches {lo}-{hi} of {batches}")
    conn.execute("COMMIT")
    log(f"  rebuilding {len(indexes)} indexes")
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")  # as parley leaves its databases


# Tables in the order their foreign keys allow; rows copied in rowid order, so the PostgreSQL `rowid`
# columns (insertion order) follow SQLite's.
PG_TABLES = ["reports", "report_sources", "actors", "aliases", "report_actors", "mentions", "roles", "quotes",
             "events", "event_participants", "positions", "report_negotiations", "negotiation_data", "copies",
             "copy_sources", "report_signatures", "feeds", "feed_items", "instruments", "instrument_aliases",
             "instrument_mentions", "instrument_steps", "instrument_step_actors", "instrument_provisions",
             "instrument_events"]


def copy_to_postgres(db: Path, url: str) -> float:
    """Copy every row of the SQLite database `db` into the new PostgreSQL database `url`; seconds taken."""
    import psycopg

    from parley.store import postgres
    from parley.store.db import Store

    t0 = time.perf_counter()
    Store(url).close()  # parley's own migrations create the schema
    postgres.close_pools(url)
    src = sqlite3.connect(db)
    with psycopg.connect(url) as pg:
        for table in PG_TABLES:
            cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{c}"' for c in cols)
            with pg.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {names} FROM {table} ORDER BY rowid"):
                    copy.write_row(row)
            if "id" in cols and table not in ("actors", "instruments"):
                pg.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT coalesce(max(id), 1) FROM {table}))")
            log(f"  copied {table}")
        pg.commit()
    src.close()
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
        # An autovacuum worker analysing the fresh tables meanwhile holds back what VACUUM may mark
        # all-visible (seen: roles and reports left with none), and until a page is marked, index-only scans
        # read the table too (cold actor pages ~1.5 times slower). Vacuum again what it left, as autovacuum
        # would later.
        for _ in range(10):
            behind = [r[0] for r in pg.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
                "AND relpages > 0 AND relallvisible < relpages")]
            if not behind:
                break
            log(f"  vacuuming again: {', '.join(behind)}")
            time.sleep(1)
            for table in behind:
                pg.execute(f'VACUUM "{table}"')
        else:
            log(f"  not all-visible after VACUUM: {', '.join(behind)}")
    return time.perf_counter() - t0


def _queries(db: Path) -> dict[str, list[str]]:
    """The request paths each endpoint is measured on, fixed by the data and SEED."""
    conn = sqlite3.connect(db)
    ranked = [r[0] for r in conn.execute(
        "SELECT actor_id FROM report_actors GROUP BY actor_id ORDER BY count(*) DESC, actor_id")]
    rng = random.Random(SEED)
    actors = ranked[:20] + rng.sample(ranked[20:], min(20, max(0, len(ranked) - 20)))
    busy = [r[0] for r in conn.execute(
        "SELECT actor_id FROM event_participants GROUP BY actor_id ORDER BY count(*) DESC LIMIT 5")]
    types = [r[0] for r in conn.execute("SELECT type FROM events GROUP BY type ORDER BY count(*) DESC LIMIT 4")]
    conn.close()
    events = ["/api/events", "/api/events?limit=500", "/api/events?since=2025-06-01&until=2025-06-30",
              "/api/events?offset=1000", *(f"/api/events?type={t}" for t in types),
              *(f"/api/events?actor={a}" for a in busy),
              *(f"/api/events?type={t}&actor={a}" for t, a in zip(types, busy, strict=False))]
    timeline = ["/api/timeline", "/api/timeline?limit=500", "/api/timeline?since=2025-01-01",
                "/api/timeline?since=2025-05-01&until=2025-07-31", "/api/timeline?offset=5000",
                *(f"/api/timeline?actor={a}" for a in busy), *(f"/api/timeline?type={t}" for t in types)]
    return {"/api/actors/{id}": [f"/api/actors/{a}" for a in actors], "/api/events": events,
            "/api/timeline": timeline}


def _percentiles(ms: list[float]) -> tuple[float, float]:
    """p50 (the median) and p95 (nearest rank) of a list of latencies."""
    ranked = sorted(ms)
    return statistics.median(ranked), ranked[min(len(ranked) - 1, math.ceil(0.95 * len(ranked)) - 1)]


async def _measure(db: str, queries: dict[str, list[str]], requests: int) -> dict[str, dict[str, float]]:
    import httpx

    from parley.serve.app import create_app

    app = create_app(db)
    out = {}
    # Start the app as uvicorn does (its lifespan runs), then talk to it over ASGI.
    async with app.router.lifespan_context(app), \
            httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://bench") as client:
        # The process's first request pays one-time start-up whatever it asks (FastAPI's lazy set-up of the
        # route, the thread pool: ~30 ms on 2 cores). An unknown actor takes it, so that the first request
        # of each query below measures a cold answer cache, not a cold process.
        if (await client.get("/api/actors/bench-warm-up")).status_code != 404:
            raise SystemExit("/api/actors/bench-warm-up: expected 404 for an unknown actor")
        for name, paths in queries.items():
            cold = []
            for path in paths:  # first request of each query: answers the app caches are computed here
                t = time.perf_counter()
                (await client.get(path)).raise_for_status()
                cold.append((time.perf_counter() - t) * 1000)
            times, worst = [], {}
            for i in range(requests):
                path = paths[i % len(paths)]
                t = time.perf_counter()
                r = await client.get(path)
                ms = (time.perf_counter() - t) * 1000
                if r.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {r.status_code} {r.text[:200]}")
                times.append(ms)
                worst[path] = max(worst.get(path, 0.0), ms)
            p50, p95 = _percentiles(times)
            cold_p50, cold_p95 = _percentiles(cold)
            out[name] = {"requests": requests, "p50_ms": round(p50, 2), "p95_ms": round(p95, 2),
                         "max_ms": round(max(times), 2), "ratio_p95_to_target": round(p95 / TARGET_P95_MS, 3),
                         "queries": len(paths), "slowest_query": max(worst, key=worst.get),
                         "cold_p50_ms": round(cold_p50, 2), "cold_p95_ms": round(cold_p95, 2),
                         "cold_max_ms": round(max(cold), 2),
                         "slowest_cold_query": paths[cold.index(max(cold))]}
    return out


def _print(results: dict[str, dict[str, float]], reports: int) -> None:
    print(f"{'endpoint':<18} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/50ms':>9}  slowest query")
    for name, r in results.items():
        print(f"{name:<18} {r['requests']:>8} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['max_ms']:>8.2f} "
              f"{r['ratio_p95_to_target']:>9.3f}  {r['slowest_query']}")
    print("first request of each query (cold: before the app's answer cache holds it):")
    for name, r in results.items():
        print(f"{name:<18} {r['queries']:>8} {r['cold_p50_ms']:>8.2f} {r['cold_p95_ms']:>8.2f} "
              f"{r['cold_max_ms']:>8.2f} {r['cold_p95_ms'] / TARGET_P95_MS:>9.3f}  {r['slowest_cold_query']}")
    ok = all(r["p95_ms"] < TARGET_P95_MS for r in results.values())
    print(f"target p95 < {TARGET_P95_MS:.0f} ms on {reports:,} reports: {'met' if ok else 'NOT met'}")
    cold_ok = all(r["cold_max_ms"] < TARGET_P95_MS for r in results.values())
    print(f"every first request < {TARGET_P95_MS:.0f} ms: {'yes' if cold_ok else 'no'}")


def _pg_server():
    """A throwaway PostgreSQL cluster (tests/pgserver.py), or SystemExit saying why there is none."""
    sys.path.insert(0, str(REPO / "tests"))
    from pgserver import PgServer, find_bin

    bindir = find_bin()
    if bindir is None:
        raise SystemExit("PostgreSQL not found (initdb/pg_ctl); install Debian's postgresql package, pass "
                         "--pg-url, or --backends sqlite")
    server = PgServer(bindir)
    server.start()
    return server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=50_000, help="reports in the database (default 50,000)")
    ap.add_argument("--requests", type=int, default=300, help="measured requests per endpoint (default 300)")
    ap.add_argument("--db", type=Path, help="build (or, with --reuse, use) this database file; default: a temp file")
    ap.add_argument("--reuse", action="store_true", help="measure an existing --db without rebuilding it")
    ap.add_argument("--backends", default="sqlite,postgresql",
                    help="comma-separated: sqlite, postgresql (default both)")
    ap.add_argument("--pg-url", help="an existing, empty PostgreSQL database to copy into (default: a throwaway "
                                     "cluster started for the run)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    args = ap.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not backends or set(backends) - {"sqlite", "postgresql"}:
        ap.error(f"--backends {args.backends!r}: choose from sqlite, postgresql")

    server = None
    with tempfile.TemporaryDirectory(prefix="parley-api-") as tmp:
        db = args.db or Path(tmp) / "api_latency.db"
        build_info: dict[str, float] = {}
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            log(f"building {db}: examples through the pipeline, then SQL clones to >= {args.reports:,} reports")
            build_info = build(db, args.reports)
        conn = sqlite3.connect(db)
        sizes = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("reports", "actors", "mentions", "roles", "quotes", "events", "positions")}
        conn.close()
        log(f"database: {', '.join(f'{n:,} {t}' for t, n in sizes.items())}")
        if build_info:
            log(f"built in {build_info['extract_s']:.1f} s (pipeline, {build_info['base_reports']} reports) "
                f"+ {build_info['clone_s']:.1f} s (SQL clones)")
        queries = _queries(db)
        results: dict[str, dict[str, dict[str, float]]] = {}
        try:
            if "sqlite" in backends:
                log("measuring SQLite")
                results["sqlite"] = asyncio.run(_measure(str(db), queries, args.requests))
            if "postgresql" in backends:
                if args.pg_url:
                    url = args.pg_url
                else:
                    server = _pg_server()
                    url = server.new_database(migrated=False)
                log("copying the database into PostgreSQL")
                build_info["pg_copy_s"] = round(copy_to_postgres(db, url), 1)
                log(f"copied in {build_info['pg_copy_s']:.1f} s; measuring PostgreSQL")
                results["postgresql"] = asyncio.run(_measure(url, queries, args.requests))
        finally:
            if server is not None:
                from parley.store.postgres import close_pools

                close_pools()
                server.stop()

    ratios = {}
    if len(results) == 2:
        ratios = {name: round(results["postgresql"][name]["p95_ms"] / results["sqlite"][name]["p95_ms"], 2)
                  for name in results["sqlite"]}
    if args.json:
        print(json.dumps({"database": sizes, "build": build_info, "target_p95_ms": TARGET_P95_MS,
                          "backends": results, "ratio_p95_postgresql_to_sqlite": ratios}, indent=2))
    else:
        for backend, res in results.items():
            print(f"== {backend}")
            _print(res, sizes["reports"])
        if ratios:
            print("p95 PostgreSQL / SQLite: " + ", ".join(f"{n} {r:.2f}" for n, r in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
