"""The reads behind the web view and the HTTP API, where `parley.store.queries` has no fitting function.

Each function takes a read-only connection and plain filter values and returns JSON-ready dicts. Every
fact carries its evidence (report id, the sentence's offsets and text) so pages can link each claim to
`/reports/{id}#s-{sent_start}`. User values are always bound parameters; the only strings spliced into
SQL are fixed fragments chosen in this module. Lists are bounded (`limit`) so a page costs the same at 50
reports or 50,000: the orderings follow existing indexes (`events_date`, `events_type_date`, rowids).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from typing import Any

from parley.store import queries as store_queries
from parley.store.db import title_key

REPORT_DATE = store_queries.REPORT_DATE
# The sentence a fact was read from, cut from the report in SQL so a list never ships whole report texts.
# SQLite's substr counts characters, as Python's offsets do.
_SENTENCE = "substr(r.text, {t}.sent_start + 1, {t}.sent_end - {t}.sent_start)"
# Co-actors of a much-reported actor would join every report naming them; counting over the latest ones
# keeps /api/actors/{id} bounded (at 50,000 reports a full count took ~0.3 s for the head of state, 200
# reports ~10 ms).
CO_ACTOR_WINDOW = 200
# A post stated in 35,000 reports would list 35,000 file names; the count says how many there are.
MAX_DOCS = 20


def fts_phrase(text: str) -> str:
    """User input as an FTS5 query of quoted terms (all must occur): never FTS syntax, whatever it holds."""
    terms = [t.replace('"', '""') for t in text.split()]
    return " ".join(f'"{t}"' for t in terms)


def _evidence(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    return {"report_id": row["report_id"], "doc": row["doc"], "published": row["published"],
            "sent_start": row["sent_start"], "sent_end": row["sent_end"],
            "sentence": " ".join((row["sentence"] or "").split())}


def _span(row: Mapping[str, Any]) -> dict[str, int]:
    return {"start": row["start"], "end": row["end"], "sent_start": row["sent_start"], "sent_end": row["sent_end"]}


def _chunks(items: list[Any], size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def actor_names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        for r in conn.execute(f"SELECT id, name FROM actors WHERE id IN ({_marks(len(chunk))})", chunk):
            out[r["id"]] = r["name"]
    return out


def sources_of(conn: sqlite3.Connection, report_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for chunk in _chunks(report_ids):
        for r in conn.execute(f"SELECT report_id, source FROM report_sources WHERE report_id IN "
                              f"({_marks(len(chunk))}) ORDER BY report_id, rowid", chunk):
            out.setdefault(r["report_id"], []).append(r["source"])
    return out


# --- reports -------------------------------------------------------------------------------------------


def list_reports(conn: sqlite3.Connection, *, q: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Reports newest first, or best match first for a full-text query; with the total count."""
    cols = "r.id, r.doc, r.published, r.title, r.url"
    if q and fts_phrase(q):
        match = fts_phrase(q)
        total = conn.execute("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH ?", (match,)).fetchone()[0]
        rows = conn.execute(f"SELECT {cols} FROM reports_fts f JOIN reports r ON r.id = f.rowid "
                            f"WHERE reports_fts MATCH ? ORDER BY f.rank, r.id LIMIT ? OFFSET ?",
                            (match, limit, offset)).fetchall()
    else:
        total = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        rows = conn.execute(f"SELECT {cols} FROM reports r ORDER BY r.published DESC, r.id DESC LIMIT ? OFFSET ?",
                            (limit, offset)).fetchall()
    items = [dict(r) for r in rows]
    sources = sources_of(conn, [r["id"] for r in items])
    for r in items:
        r["sources"] = sources.get(r["id"], [])
    return items, total


def report_detail(conn: sqlite3.Connection, report_id: int) -> dict[str, Any] | None:
    """One report: its text and every fact read from it, each with its span."""
    row = conn.execute("SELECT id, doc, published, title, url, est_start, est_end, text FROM reports WHERE id = ?",
                       (report_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["sources"] = sources_of(conn, [report_id]).get(report_id, [])
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in conn.execute('SELECT actor_id, text, start, "end", sent_start, sent_end FROM mentions '
                          "WHERE report_id = ? ORDER BY start", (report_id,)):
        mentions.setdefault(m["actor_id"], []).append({"text": m["text"], "span": _span(m)})
    actors, seen = [], set()
    for a in conn.execute("SELECT actor_id, kind, name FROM report_actors WHERE report_id = ? ORDER BY ord",
                          (report_id,)):
        if a["actor_id"] in seen:  # two local actors resolved to one global actor: list it once
            continue
        seen.add(a["actor_id"])
        actors.append({"id": a["actor_id"], "name": a["name"], "kind": a["kind"],
                       "mentions": mentions.get(a["actor_id"], [])})
    out["roles"] = [
        {"id": r["id"], "actor": r["actor_id"], "actor_name": r["actor_name"], "title": r["title"], "of": r["of_id"],
         "of_name": r["of_name"], "former": bool(r["former"]), "span": _span(r)}
        for r in conn.execute(
            'SELECT ro.id, ro.actor_id, a.name AS actor_name, ro.title, ro.of_id, o.name AS of_name, ro.former, '
            'ro.start, ro."end", ro.sent_start, ro.sent_end FROM roles ro JOIN actors a ON a.id = ro.actor_id '
            "LEFT JOIN actors o ON o.id = ro.of_id WHERE ro.report_id = ? ORDER BY ro.start, ro.id", (report_id,))]
    out["quotes"] = [
        {"id": r["id"], "speaker": r["speaker_id"], "speaker_name": r["name"], "text": r["text"], "span": _span(r)}
        for r in conn.execute(
            'SELECT q.id, q.speaker_id, a.name, q.text, q.start, q."end", q.sent_start, q.sent_end FROM quotes q '
            "JOIN actors a ON a.id = q.speaker_id WHERE q.report_id = ? ORDER BY q.start, q.id", (report_id,))]
    events = [dict(r) for r in conn.execute(
        'SELECT id, type, date, place, cue, start, "end", sent_start, sent_end FROM events WHERE report_id = ? '
        "ORDER BY start, id", (report_id,))]
    parts = participants(conn, [e["id"] for e in events])
    out["events"] = [{"id": e["id"], "type": e["type"], "date": e["date"], "place": e["place"], "cue": e["cue"],
                      **parts.get(e["id"], {"actors": [], "targets": []}), "span": _span(e)} for e in events]
    out["positions"] = [
        {"id": r["id"], "holder": r["holder_id"], "holder_name": r["name"], "issue": r["issue"],
         "stance": r["stance"], "span": _span(r)}
        for r in conn.execute(
            'SELECT p.id, p.holder_id, a.name, p.issue, p.stance, p.start, p."end", p.sent_start, p.sent_end '
            "FROM positions p JOIN actors a ON a.id = p.holder_id WHERE p.report_id = ? ORDER BY p.start, p.id",
            (report_id,))]
    out["actors"] = actors
    return out


# --- events --------------------------------------------------------------------------------------------


def participants(conn: sqlite3.Connection, event_ids: list[int]) -> dict[int, dict[str, list[dict[str, str]]]]:
    """Actors and targets of each event, with their names, in the order the report gives them."""
    out: dict[int, dict[str, list[dict[str, str]]]] = {}
    for chunk in _chunks(event_ids):
        for p in conn.execute(
                f"SELECT ep.event_id, ep.actor_id, ep.part, a.name FROM event_participants ep "
                f"JOIN actors a ON a.id = ep.actor_id WHERE ep.event_id IN ({_marks(len(chunk))}) "
                f"ORDER BY ep.event_id, ep.part, ep.ord", chunk):
            slot = out.setdefault(p["event_id"], {"actors": [], "targets": []})
            slot["actors" if p["part"] == "actor" else "targets"].append({"id": p["actor_id"], "name": p["name"]})
    return out


def corroboration(conn: sqlite3.Connection, table: str, keys: list[str]) -> dict[str, int]:
    """How many reports state each fact (by fact key)."""
    if table not in ("events", "quotes", "roles", "positions"):
        raise ValueError(f"no facts in table {table!r}")
    out: dict[str, int] = {}
    for chunk in _chunks(sorted(set(keys))):
        # `table` is one of the fixed names checked above, never user input.
        for k, n in conn.execute(f"SELECT fact_key, count(DISTINCT report_id) FROM {table} "
                                 f"WHERE fact_key IN ({_marks(len(chunk))}) GROUP BY fact_key", chunk):
            out[k] = n
    return out


# Events of one actor, newest first, can be found two ways, and which is fast depends on the data:
# - sort: fetch all the actor's events through `event_participants_actor` and sort them (cost: one row
#   lookup per event; at 50,000 reports, 46 ms for the 60,000 events of a head of state);
# - walk: go down `events_date` and keep the actor's events until the page is full (well under 1 ms when
#   the actor is in many recent events; a scan of every dated event when its events are undated or old).
# Few events: always sort. Many: try the walk for at most WALK_BUDGET_S, then sort. Both return the same
# rows in the same order; only the cost differs.
SORT_MAX = 3000
WALK_BUDGET_S = 0.008


def _participant_count(conn: sqlite3.Connection, actor: str, cap: int) -> int:
    return conn.execute("SELECT count(*) FROM (SELECT 1 FROM event_participants WHERE actor_id = ? LIMIT ?)",
                        (actor, cap)).fetchone()[0]


def _within_budget(conn: sqlite3.Connection, sql: str, args: tuple, budget_s: float) -> list[sqlite3.Row] | None:
    """The rows of `sql`, or None when it runs longer than `budget_s` (SQLite interrupts it)."""
    deadline = time.perf_counter() + budget_s
    conn.set_progress_handler(lambda: time.perf_counter() > deadline, 2000)
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    finally:
        conn.set_progress_handler(None, 0)


def inclusive_until(until: str) -> str:
    """`until` 2025-06 includes every day of June: compare against 2025-06-99 (dates compare as strings)."""
    return until + {4: "-99-99", 7: "-99"}.get(len(until), "")


def list_events(conn: sqlite3.Connection, *, type: str | None = None, actor: str | None = None,
                since: str | None = None, until: str | None = None, place: str | None = None,
                dated_only: bool = False, ascending: bool = False, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
    """Events newest first (undated last), or for a timeline dated events oldest first.

    Ordered by (date, id) so SQLite walks `events_date` / `events_type_date` and stops after `limit` rows.
    """
    where: list[str] = []
    args: list[Any] = []
    if type:
        where.append("e.type = ?")
        args.append(type)
    if actor:
        where.append("{actor}")
        args.append(actor)
    if since:
        where.append("e.date >= ?")
        args.append(since)
    if until:
        where.append("e.date <= ?")
        args.append(inclusive_until(until))
    if place:
        where.append("e.place = ? COLLATE NOCASE")
        args.append(place)
    if dated_only:
        where.append("e.date IS NOT NULL")
    order = "e.date, e.id" if ascending else "e.date DESC, e.id DESC"
    # Choose the page on the events alone; only its rows read their report (for the sentence).
    sql = (f"SELECT e.id, e.type, e.date, e.place, e.cue, e.fact_key, e.report_id, e.sent_start, e.sent_end, "
           f"r.doc, r.published, {_SENTENCE.format(t='e')} AS sentence FROM (SELECT e.id FROM events e "
           f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY {order} LIMIT ? OFFSET ?) AS page "
           f"JOIN events e ON e.id = page.id JOIN reports r ON r.id = e.report_id ORDER BY {order}")
    args = [*args, limit, offset]
    if not actor:
        return _events_out(conn, conn.execute(sql, args).fetchall())
    rows = None
    if _participant_count(conn, actor, SORT_MAX) >= SORT_MAX:
        walk = sql.replace("{actor}", "EXISTS (SELECT 1 FROM event_participants p WHERE p.actor_id = ? "
                                      "AND p.event_id = e.id)")
        rows = _within_budget(conn, walk, tuple(args), WALK_BUDGET_S)
    if rows is None:
        rows = conn.execute(sql.replace("{actor}", "e.id IN (SELECT event_id FROM event_participants "
                                                   "WHERE actor_id = ?)"), args).fetchall()
    return _events_out(conn, rows)


def _events_out(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    parts = participants(conn, [r["id"] for r in rows])
    counts = corroboration(conn, "events", [r["fact_key"] for r in rows])
    return [{"id": r["id"], "type": r["type"], "date": r["date"], "place": r["place"], "cue": r["cue"],
             **parts.get(r["id"], {"actors": [], "targets": []}), "reports": counts.get(r["fact_key"], 1),
             "evidence": _evidence(r)} for r in rows]


# --- quotes --------------------------------------------------------------------------------------------


def list_quotes(conn: sqlite3.Connection, *, speaker: str | None = None, q: str | None = None,
                since: str | None = None, until: str | None = None, limit: int = 50,
                offset: int = 0) -> list[dict[str, Any]]:
    """Quotations, latest stored first (ingest order: an index walk, not a sort of every quote)."""
    where: list[str] = []
    args: list[Any] = []
    if speaker:
        where.append("q.speaker_id = ?")
        args.append(speaker)
    if q and fts_phrase(q):
        where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        args.append(fts_phrase(q))
    if since:
        where.append(f"{REPORT_DATE} >= ?")
        args.append(since)
    if until:
        where.append(f"{REPORT_DATE} <= ?")
        args.append(inclusive_until(until))
    sql = (f"SELECT q.id, q.speaker_id, a.name AS speaker_name, q.text, q.fact_key, q.report_id, q.sent_start, "
           f"q.sent_end, r.doc, r.published, {REPORT_DATE} AS date, {_SENTENCE.format(t='q')} AS sentence "
           f"FROM quotes q JOIN reports r ON r.id = q.report_id JOIN actors a ON a.id = q.speaker_id "
           f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY q.id DESC LIMIT ? OFFSET ?")
    rows = conn.execute(sql, (*args, limit, offset)).fetchall()
    counts = corroboration(conn, "quotes", [r["fact_key"] for r in rows])
    return [{"id": r["id"], "speaker": r["speaker_id"], "speaker_name": r["speaker_name"], "text": r["text"],
             "date": r["date"], "reports": counts.get(r["fact_key"], 1), "evidence": _evidence(r)} for r in rows]


# --- positions -----------------------------------------------------------------------------------------


def position_groups(conn: sqlite3.Connection, *, issue: str | None = None, holder: str | None = None,
                    evidence_per_group: int = 3) -> list[dict[str, Any]]:
    """`parley.store.queries.list_positions` groups, each with its latest evidence sentences."""
    groups = store_queries.list_positions(conn, issue=issue, holder=holder)
    if not groups:
        return []
    evidence: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for g in groups:
        # The latest stored statements, walking an index from the end (`positions_holder` or, on the board,
        # `positions_issue`): a date-ordered pick would read every statement of a much-reported holder.
        rows = conn.execute(
            f"SELECT p.report_id, p.sent_start, p.sent_end, r.doc, r.published, {_SENTENCE.format(t='p')} AS sentence "
            f"FROM positions p JOIN reports r ON r.id = p.report_id WHERE p.holder_id = ? AND p.issue = ? "
            f"AND p.stance = ? ORDER BY p.id DESC LIMIT ?", (g["holder"], g["issue"], g["stance"], evidence_per_group))
        evidence[(g["holder"], g["issue"], g["stance"])] = [_evidence(r) for r in rows]
    for g in groups:
        g["evidence"] = evidence.get((g["holder"], g["issue"], g["stance"]), [])
    return groups


# --- actors --------------------------------------------------------------------------------------------


def list_actors(conn: sqlite3.Connection, *, kind: str | None = None, name: str | None = None,
                limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    rows = store_queries.list_actors(conn, kind=kind, name=name, limit=limit, offset=offset)
    return [{"id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"], "reports": r["reports"],
             "aliases": r["aliases"]} for r in rows]


def top_actors(conn: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The actors named in the most reports (counted on the `report_actors_actor` index alone)."""
    rows = conn.execute("SELECT ra.actor_id, count(*) AS n FROM report_actors ra GROUP BY ra.actor_id "
                        "ORDER BY n DESC, ra.actor_id LIMIT ?", (limit,)).fetchall()
    info = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, kind FROM actors WHERE id IN ({_marks(len(rows))})", [r["actor_id"] for r in rows])}
    return [{"id": r["actor_id"], "name": info[r["actor_id"]]["name"], "kind": info[r["actor_id"]]["kind"],
             "reports": r["n"]} for r in rows if r["actor_id"] in info]


def actor_summary(conn: sqlite3.Connection, actor_id: str, *, limit: int = 20) -> dict[str, Any] | None:
    """The parts of an actor's page that aggregate over all its facts: names, roles, positions, co-actors."""
    row = conn.execute("SELECT id, name, kind, country FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["reports"] = conn.execute("SELECT count(DISTINCT report_id) FROM report_actors WHERE actor_id = ?",
                                  (actor_id,)).fetchone()[0]
    aliases = {r[0] for r in conn.execute("SELECT alias FROM aliases WHERE actor_id = ?", (actor_id,))}
    out["aliases"] = sorted(aliases | {row["name"]}, key=lambda s: (s.casefold(), s))
    out["roles"] = role_periods(conn, actor_id)
    out["positions"] = position_groups(conn, holder=actor_id)
    out["co_actors"] = co_actors(conn, actor_id, limit=limit)
    return out


def actor_latest(conn: sqlite3.Connection, actor_id: str, *, limit: int = 20) -> dict[str, Any]:
    """The actor's latest quotations and events (index walks: cheap at any size)."""
    return {"quotes": list_quotes(conn, speaker=actor_id, limit=limit),
            "events": list_events(conn, actor=actor_id, limit=limit)}


def actor_detail(conn: sqlite3.Connection, actor_id: str, *, limit: int = 20) -> dict[str, Any] | None:
    """One actor: names, role timeline, latest quotes and events, positions, co-actors."""
    summary = actor_summary(conn, actor_id, limit=limit)
    return None if summary is None else {**summary, **actor_latest(conn, actor_id, limit=limit)}


def role_periods(conn: sqlite3.Connection, actor_id: str, *, evidence: int = 3) -> list[dict[str, Any]]:
    """`parley.store.queries.role_timeline` with the latest sentences stating each post."""
    periods = store_queries.role_timeline(conn, actor_id)
    found: dict[str, list[dict[str, Any]]] = {}
    for p in periods:
        key = title_key(p["title"])  # the post's key: every title of a period shares it
        # Latest stored statements via `roles_actor` from the end, not by date: see position_groups.
        found[key] = [_evidence(r) for r in conn.execute(
            f"SELECT ro.report_id, ro.sent_start, ro.sent_end, r.doc, r.published, {_SENTENCE.format(t='ro')} "
            f"AS sentence FROM roles ro JOIN reports r ON r.id = ro.report_id WHERE ro.actor_id = ? "
            f"AND ro.title_key = ? ORDER BY ro.id DESC LIMIT ?", (actor_id, key, evidence))]
    names = actor_names(conn, [p["of"] for p in periods if p["of"]])
    for p in periods:
        p["evidence"] = found.get(title_key(p["title"]), [])
        p["of_name"] = names.get(p["of"]) if p["of"] else None
        p["docs"] = p["docs"][:MAX_DOCS]
    return periods


def co_actors(conn: sqlite3.Connection, actor_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Actors sharing events or reports with `actor_id`, over its latest CO_ACTOR_WINDOW reports and events.

    "Latest" is by rowid (ingest order): `report_actors_actor` yields it without reading the rows.
    """
    shared: dict[str, list[int]] = {}
    for r in conn.execute(
            "SELECT ra.actor_id, count(DISTINCT ra.report_id) FROM report_actors ra WHERE ra.report_id IN "
            "(SELECT report_id FROM report_actors WHERE actor_id = ? ORDER BY rowid DESC LIMIT ?) "
            "AND ra.actor_id != ? GROUP BY ra.actor_id", (actor_id, CO_ACTOR_WINDOW, actor_id)):
        shared.setdefault(r[0], [0, 0])[1] = r[1]
    for r in conn.execute(
            "SELECT ep.actor_id, count(DISTINCT ep.event_id) FROM event_participants ep WHERE ep.event_id IN "
            "(SELECT event_id FROM event_participants WHERE actor_id = ? ORDER BY event_id DESC LIMIT ?) "
            "AND ep.actor_id != ? GROUP BY ep.actor_id", (actor_id, CO_ACTOR_WINDOW, actor_id)):
        shared.setdefault(r[0], [0, 0])[0] = r[1]
    ranked = sorted(shared.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:limit]
    info = {r["id"]: r for r in conn.execute(f"SELECT id, name, kind FROM actors WHERE id IN ({_marks(len(ranked))})",
                                             [k for k, _ in ranked])}
    return [{"id": k, "name": info[k]["name"], "kind": info[k]["kind"], "shared_events": ev, "shared_reports": rep}
            for k, (ev, rep) in ranked if k in info]


# --- overview and network ------------------------------------------------------------------------------


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for table in ("reports", "actors", "roles", "quotes", "events", "positions"):
        # Fixed table names from this tuple, never user input.
        out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out


def consult_network(conn: sqlite3.Connection, *, max_nodes: int = 60) -> dict[str, Any]:
    """Who met whom: pairs of actors taking part in the same `consult` event, with the latest evidence."""
    pairs = conn.execute(
        "SELECT a1.actor_id AS source, a2.actor_id AS target, count(DISTINCT e.id) AS weight, "
        "max(e.id) AS latest FROM events e JOIN event_participants a1 ON a1.event_id = e.id "
        "JOIN event_participants a2 ON a2.event_id = e.id AND a1.actor_id < a2.actor_id "
        "WHERE e.type = 'consult' GROUP BY a1.actor_id, a2.actor_id ORDER BY weight DESC, source, target "
        "LIMIT ?", (max_nodes * 4,)).fetchall()
    degree: dict[str, int] = {}
    for p in pairs:
        degree[p["source"]] = degree.get(p["source"], 0) + p["weight"]
        degree[p["target"]] = degree.get(p["target"], 0) + p["weight"]
    keep = set(sorted(degree, key=lambda k: (-degree[k], k))[:max_nodes])
    pairs = [p for p in pairs if p["source"] in keep and p["target"] in keep]
    latest = {r["id"]: r for r in conn.execute(
        f"SELECT e.id, e.date, e.report_id, e.sent_start, e.sent_end, r.doc, r.published, "
        f"{_SENTENCE.format(t='e')} AS sentence FROM events e JOIN reports r ON r.id = e.report_id "
        f"WHERE e.id IN ({_marks(len(pairs))})", [p["latest"] for p in pairs])}
    info = {r["id"]: r for r in conn.execute(f"SELECT id, name, kind FROM actors WHERE id IN ({_marks(len(keep))})",
                                             sorted(keep))}
    nodes = [{"id": k, "name": info[k]["name"], "kind": info[k]["kind"], "degree": degree[k]}
             for k in sorted(keep, key=lambda k: (-degree[k], k)) if k in info]
    edges = [{"source": p["source"], "target": p["target"], "weight": p["weight"],
              "date": latest[p["latest"]]["date"], "evidence": _evidence(latest[p["latest"]])}
             for p in pairs if p["latest"] in latest]
    return {"nodes": nodes, "edges": edges}
