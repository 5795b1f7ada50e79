"""The reads behind the web view and the HTTP API, where `parley.store.queries` has no fitting function.

Each function takes a read-only connection and plain filter values and returns JSON-ready dicts. Every
fact carries its evidence (report id, the sentence's offsets and text) so pages can link each claim to
`/reports/{id}#s-{sent_start}`. User values are always bound parameters; the only strings spliced into
SQL are fixed fragments chosen in this module. Lists are bounded (`limit`) so a page costs the same at 50
reports or 50,000: the orderings follow existing indexes (`events_date`, `events_type_date`, rowids).
"""

from __future__ import annotations

import json
from typing import Any

from parley.ingest.headline import HEAD_CHARS, headline
from parley.store import queries as store_queries
from parley.store.copies import copies_of
from parley.store.negotiations import in_negotiation
from parley.store.queries import (  # noqa: F401  (re-exported for the app)
    _HEAD,
    _SENTENCE,
    _chunks,
    _evidence,
    _marks,
    _span,
    corroboration,
    inclusive_until,
    list_events,
    list_quotes,
    participants,
)
from parley.store.sql import Connection, dialect_of

REPORT_DATE = store_queries.REPORT_DATE
# Co-actors of a much-reported actor would join every report naming them; counting over the latest ones
# keeps /api/actors/{id} bounded (at 50,000 reports a full count took ~0.3 s for the head of state, 200
# reports ~10 ms).
CO_ACTOR_WINDOW = 200
# A post stated in 35,000 reports would list 35,000 file names; the count says how many there are.
MAX_DOCS = 20


def actor_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        for r in conn.execute(f"SELECT id, name FROM actors WHERE id IN ({_marks(len(chunk))})", chunk):
            out[r["id"]] = r["name"]
    return out


def sources_of(conn: Connection, report_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for chunk in _chunks(report_ids):
        for r in conn.execute(f"SELECT report_id, source FROM report_sources WHERE report_id IN "
                              f"({_marks(len(chunk))}) ORDER BY report_id, rowid", chunk):
            out.setdefault(r["report_id"], []).append(r["source"])
    return out


# --- reports -------------------------------------------------------------------------------------------


def list_reports(conn: Connection, *, q: str | None = None, negotiation: str | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Reports newest first, or best match first for a full-text query; with the total count."""
    cols = f"r.id, r.doc, r.published, r.title, r.url, substr(r.text, 1, {HEAD_CHARS}) AS head"
    neg, neg_args = (f" AND {in_negotiation('r.id')}", [negotiation]) if negotiation else ("", [])
    dialect = dialect_of(conn)
    if q and dialect.search_query(q):
        match = dialect.search_query(q)
        total = conn.execute(f"SELECT count(*) FROM {dialect.reports_matching()}{neg}",
                             (match, *neg_args)).fetchone()[0]
        rows = conn.execute(f"SELECT {cols} FROM {dialect.reports_matching()}{neg} "
                            f"ORDER BY {dialect.match_rank()} LIMIT ? OFFSET ?",
                            (match, *neg_args, limit, offset)).fetchall()
    else:
        total = conn.execute(f"SELECT count(*) FROM reports r WHERE 1 = 1{neg}", neg_args).fetchone()[0]
        rows = conn.execute(f"SELECT {cols} FROM reports r WHERE 1 = 1{neg} ORDER BY r.published DESC, r.id DESC "
                            f"LIMIT ? OFFSET ?", (*neg_args, limit, offset)).fetchall()
    items = [{**{k: r[k] for k in r.keys() if k != "head"}, "headline": headline(r["title"], r["head"], r["doc"])}
             for r in rows]
    sources = sources_of(conn, [r["id"] for r in items])
    for r in items:
        r["sources"] = sources.get(r["id"], [])
    return items, total


def report_detail(conn: Connection, report_id: int) -> dict[str, Any] | None:
    """One report: its text and every fact read from it, each with its span."""
    row = conn.execute("SELECT id, doc, published, title, url, est_start, est_end, text FROM reports WHERE id = ?",
                       (report_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["headline"] = headline(row["title"], row["text"], row["doc"])
    out["sources"] = sources_of(conn, [report_id]).get(report_id, [])
    out["copies"] = copies_of(conn, report_id)
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


# --- positions -----------------------------------------------------------------------------------------


def position_groups(conn: Connection, *, issue: str | None = None, holder: str | None = None,
                    negotiation: str | None = None, evidence_per_group: int = 3) -> list[dict[str, Any]]:
    """`parley.store.queries.list_positions` groups, each with its latest evidence sentences."""
    groups = store_queries.list_positions(conn, issue=issue, holder=holder, negotiation=negotiation)
    neg, neg_args = (f" AND {in_negotiation('p.report_id')}", [negotiation]) if negotiation else ("", [])
    if not groups:
        return []
    evidence: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for g in groups:
        # The latest stored statements, walking an index from the end (`positions_holder` or, on the board,
        # `positions_issue`): a date-ordered pick would read every statement of a much-reported holder.
        rows = conn.execute(
            f"SELECT p.report_id, p.sent_start, p.sent_end, r.doc, r.published, {_HEAD}, {_SENTENCE.format(t='p')} AS sentence "
            f"FROM positions p JOIN reports r ON r.id = p.report_id WHERE p.holder_id = ? AND p.issue = ? "
            f"AND p.stance = ?{neg} ORDER BY p.id DESC LIMIT ?",
            (g["holder"], g["issue"], g["stance"], *neg_args, evidence_per_group))
        evidence[(g["holder"], g["issue"], g["stance"])] = [_evidence(r) for r in rows]
    for g in groups:
        g["evidence"] = evidence.get((g["holder"], g["issue"], g["stance"]), [])
    return groups


# --- actors --------------------------------------------------------------------------------------------


def list_actors(conn: Connection, *, kind: str | None = None, name: str | None = None,
                negotiation: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    rows = store_queries.list_actors(conn, kind=kind, name=name, negotiation=negotiation, limit=limit, offset=offset)
    return [{"id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"],
             "country_name": r["country_name"], "reports": r["reports"], "aliases": r["aliases"]} for r in rows]


def top_actors(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The actors named in the most reports (counted on the `report_actors_actor` index alone)."""
    rows = conn.execute("SELECT ra.actor_id, count(*) AS n FROM report_actors ra GROUP BY ra.actor_id "
                        "ORDER BY n DESC, ra.actor_id LIMIT ?", (limit,)).fetchall()
    info = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, kind FROM actors WHERE id IN ({_marks(len(rows))})", [r["actor_id"] for r in rows])}
    return [{"id": r["actor_id"], "name": info[r["actor_id"]]["name"], "kind": info[r["actor_id"]]["kind"],
             "reports": r["n"]} for r in rows if r["actor_id"] in info]


def actor_summary(conn: Connection, actor_id: str, *, limit: int = 20) -> dict[str, Any] | None:
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


def actor_latest(conn: Connection, actor_id: str, *, limit: int = 20) -> dict[str, Any]:
    """The actor's latest quotations and events (index walks: cheap at any size)."""
    return {"quotes": list_quotes(conn, speaker=actor_id, limit=limit),
            "events": list_events(conn, actor=actor_id, limit=limit)}


def actor_detail(conn: Connection, actor_id: str, *, limit: int = 20) -> dict[str, Any] | None:
    """One actor: names, role timeline, latest quotes and events, positions, co-actors."""
    summary = actor_summary(conn, actor_id, limit=limit)
    return None if summary is None else {**summary, **actor_latest(conn, actor_id, limit=limit)}


def role_periods(conn: Connection, actor_id: str, *, evidence: int = 3) -> list[dict[str, Any]]:
    """The actor's role timeline (`parley.store.timelines.role_timeline_rows`: a post runs from its first
    evidence until a report ends it) with the latest sentences stating each post."""
    from parley.store.timelines import role_timeline_rows

    spans = role_timeline_rows(conn, actor_id)
    names = actor_names(conn, [s.of for s in spans if s.of])
    heads = {r["id"]: headline(r["title"], r["head"], r["doc"]) for r in conn.execute(
        f"SELECT id, doc, title, substr(text, 1, {HEAD_CHARS}) AS head FROM reports WHERE id IN "
        f"{dialect_of(conn).id_list()}", (json.dumps(sorted({e.report_id for s in spans for e in s.evidence})),))}
    out = []
    for s in spans:
        latest = sorted(s.evidence, key=lambda e: (e.date or "", e.role_id), reverse=True)[:evidence]
        out.append({"title": s.post, "of": s.of, "of_name": names.get(s.of) if s.of else None,
                    "first_seen": s.since, "last_seen": s.until or s.last_seen,
                    "status": "current" if s.current else "former", "reports": s.reports,
                    "docs": list(dict.fromkeys(e.doc for e in s.evidence))[:MAX_DOCS],
                    "evidence": [{"report_id": e.report_id, "doc": e.doc, "published": e.date,
                                  "headline": heads.get(e.report_id, e.doc),
                                  "sent_start": e.sent_start, "sent_end": e.sent_end, "sentence": e.sentence}
                                 for e in latest]})
    return out


def co_actors(conn: Connection, actor_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
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


def counts(conn: Connection) -> dict[str, int]:
    out = {}
    for table in ("reports", "actors", "roles", "quotes", "events", "positions"):
        # Fixed table names from this tuple, never user input.
        out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out


def consult_network(conn: Connection, *, max_nodes: int = 60) -> dict[str, Any]:
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
        f"SELECT e.id, e.date, e.report_id, e.sent_start, e.sent_end, r.doc, r.published, {_HEAD}, "
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


def fingerprint(conn: Connection) -> tuple[int | str, ...]:
    """Changes whenever a report (and with it any fact) is added or removed, and is cheap to read (the web
    view's answer cache keys on it): see `Dialect.FINGERPRINT` for what each engine reads."""
    row = conn.execute(dialect_of(conn).FINGERPRINT).fetchone()
    return tuple(v or 0 for v in row)


def event_actor_options(conn: Connection) -> list[dict[str, str]]:
    """Every actor that takes part in an event, by name: the timeline's actor filter."""
    return [{"id": r[0], "name": r[1]} for r in conn.execute(
        "SELECT a.id, a.name FROM actors a WHERE a.id IN (SELECT actor_id FROM event_participants) ORDER BY a.name")]
