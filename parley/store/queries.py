"""Read queries over the knowledge base, shared by the CLI, the Python API and the HTTP API.

Every function takes a connection and plain filter values and returns JSON-ready dicts. Filters are bound
parameters, never spliced into SQL. Dates compare as ISO strings (YYYY, YYYY-MM, YYYY-MM-DD sort right).
"""

from __future__ import annotations

import sqlite3
from typing import Any

# Where the report gives no date, facts take the estimated window's end as their date for ordering.
REPORT_DATE = "coalesce(r.published, r.est_end)"


def _sentence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def list_actors(conn: sqlite3.Connection, *, kind: str | None = None, name: str | None = None,
                limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Actors named in at least one report, most reported first."""
    where, args = ["1 = 1"], []
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    if name:
        where.append("(a.name LIKE ? OR a.id IN (SELECT actor_id FROM aliases WHERE alias LIKE ?))")
        args += [f"%{name}%", f"%{name}%"]
    sql = (f"SELECT a.id, a.name, a.kind, a.country, count(DISTINCT ra.report_id) AS reports "
           f"FROM actors a JOIN report_actors ra ON ra.actor_id = a.id WHERE {' AND '.join(where)} "
           f"GROUP BY a.id ORDER BY reports DESC, a.name LIMIT ? OFFSET ?")
    rows = [dict(r) for r in conn.execute(sql, (*args, limit if limit else -1, offset))]
    aliases = _aliases(conn, [r["id"] for r in rows])
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
    return rows


def _aliases(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for actor_id, alias in conn.execute(
                f"SELECT DISTINCT actor_id, text FROM mentions WHERE actor_id IN ({marks}) ORDER BY text", chunk):
            out.setdefault(actor_id, []).append(alias)
    return out


def actor_detail(conn: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT id, name, kind, country FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["aliases"] = _aliases(conn, [actor_id]).get(actor_id, [])
    reports: dict[int, dict[str, Any]] = {}
    for m in conn.execute(
            'SELECT m.report_id, m.text, m.start, m."end", m.sent_start, m.sent_end, r.doc, r.published, r.text AS body '
            "FROM mentions m JOIN reports r ON r.id = m.report_id WHERE m.actor_id = ? ORDER BY r.id, m.start",
            (actor_id,)):
        rep = reports.setdefault(m["report_id"], {"report_id": m["report_id"], "doc": m["doc"],
                                                  "published": m["published"], "mentions": []})
        rep["mentions"].append({"text": m["text"], "start": m["start"], "end": m["end"],
                                "sentence": _sentence(m["body"], m["sent_start"], m["sent_end"])})
    out["reports"] = list(reports.values())
    out["roles"] = role_timeline(conn, actor_id)
    return out


def actor_table(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = list_actors(conn)
    return [{"id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"], "reports": r["reports"],
             "aliases": r["aliases"]} for r in rows]


def mention_table(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        'SELECT r.doc, m.actor_id, m.text, m.start, m."end", m.sent_start, m.sent_end '
        "FROM mentions m JOIN reports r ON r.id = m.report_id ORDER BY m.report_id, m.start")]


def role_timeline(conn: sqlite3.Connection, actor_id: str, *, max_docs: int = 20) -> list[dict[str, Any]]:
    """Each post the reports give an actor, with the first and last report dates that state it.

    Only reports that state their date place a post in time; undated ones still count as evidence. A post
    is `former` when a report calls it former after the last report that states it as current, or when a
    later post of the same rank (minister, secretary, head...) begins after it and the two never appear in
    the same report (Defence Minister until July 2025, then Secretary of the Security Council).
    """
    # Grouped in SQL: a busy actor has tens of thousands of role rows in a large archive. The bare
    # `title` column takes its value from the row with the longest title (SQLite's max() semantics).
    rows = conn.execute(
        "SELECT ro.title_key, ro.title, max(length(ro.title)) AS _len, max(ro.of_id) AS of_id, "
        "min(r.published) AS first_seen, max(r.published) AS last_seen, "
        "max(CASE WHEN ro.former = 0 THEN r.published END) AS current_last, "
        "max(CASE WHEN ro.former = 1 THEN r.published END) AS former_last, "
        "max(ro.former) AS former_seen, min(ro.former) AS current_seen, count(DISTINCT ro.report_id) AS reports "
        "FROM roles ro JOIN reports r ON r.id = ro.report_id WHERE ro.actor_id = ? GROUP BY ro.title_key",
        (actor_id,)).fetchall()
    posts = [dict(r) for r in rows]
    out = []
    for p in posts:
        status = "current"
        if p["former_seen"] and (not p["current_seen"] or (p["former_last"] or "") >= (p["current_last"] or "")):
            status = "former"
        elif p["current_last"]:
            later = [q for q in posts if q is not p and q["first_seen"] and q["first_seen"] > p["current_last"]]
            if later and _same_domain(p, later) and not any(
                    _co_stated(conn, actor_id, p["title_key"], q["title_key"]) for q in later):
                status = "former"
        docs = [d for (d,) in conn.execute(
            "SELECT DISTINCT r.doc FROM roles ro JOIN reports r ON r.id = ro.report_id "
            "WHERE ro.actor_id = ? AND ro.title_key = ? ORDER BY r.published LIMIT ?",
            (actor_id, p["title_key"], max_docs))]
        out.append({"title": p["title"], "of": p["of_id"], "first_seen": p["first_seen"],
                    "last_seen": p["last_seen"], "status": status, "reports": p["reports"], "docs": docs})
    return sorted(out, key=lambda p: (p["first_seen"] or "9999", p["title"]))


def _co_stated(conn: sqlite3.Connection, actor_id: str, key_a: str, key_b: str) -> bool:
    """Whether one report gives the actor both posts (then neither supersedes the other)."""
    return conn.execute(
        "SELECT 1 FROM roles a JOIN roles b ON a.report_id = b.report_id AND b.actor_id = a.actor_id "
        "WHERE a.actor_id = ? AND a.title_key = ? AND b.title_key = ? LIMIT 1", (actor_id, key_a, key_b)
    ).fetchone() is not None


def _same_domain(post: dict[str, Any], later: list[dict[str, Any]]) -> bool:
    """A later post supersedes an earlier one when both are main offices (minister, secretary, head...)."""
    main = ("minister", "secretary", "head", "president", "chief", "director", "chairman", "commander")
    return any(w in post["title"].lower() for w in main) and any(
        any(w in q["title"].lower() for w in main) for q in later)


def list_quotes(conn: sqlite3.Connection, *, speaker: str | None = None, since: str | None = None,
                until: str | None = None, search: str | None = None, limit: int = 500,
                offset: int = 0) -> list[dict[str, Any]]:
    where, args = ["1 = 1"], []
    if speaker:
        where.append("q.speaker_id = ?")
        args.append(speaker)
    if since:
        where.append(f"{REPORT_DATE} >= ?")
        args.append(since)
    if until:
        where.append(f"{REPORT_DATE} <= ?")
        args.append(until)
    if search:
        where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        args.append(_fts_query(search))
    sql = (f"SELECT q.id, q.speaker_id AS speaker, a.name AS speaker_name, q.text, r.doc, r.id AS report_id, "
           f"r.published, q.start, q.\"end\", (SELECT count(DISTINCT report_id) FROM quotes q2 "
           f"WHERE q2.fact_key = q.fact_key) AS reports FROM quotes q JOIN reports r ON r.id = q.report_id "
           f"JOIN actors a ON a.id = q.speaker_id WHERE {' AND '.join(where)} "
           f"ORDER BY {REPORT_DATE} DESC, q.id LIMIT ? OFFSET ?")
    return [dict(r) for r in conn.execute(sql, (*args, limit, offset))]


def _fts_query(text: str) -> str:
    """Quote every term so user input is never FTS5 syntax."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms) or '""'


def list_events(conn: sqlite3.Connection, *, type: str | None = None, actor: str | None = None,
                since: str | None = None, until: str | None = None, place: str | None = None,
                dated_only: bool = False, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    where, args = ["1 = 1"], []
    if type:
        where.append("e.type = ?")
        args.append(type)
    if actor:
        where.append("e.id IN (SELECT event_id FROM event_participants WHERE actor_id = ?)")
        args.append(actor)
    if since:
        where.append("e.date >= ?")
        args.append(since)
    if until:
        # A month or year date (2025-06) is within `until` when its first day is.
        where.append("e.date <= ?")
        args.append(until)
    if place:
        where.append("e.place = ?")
        args.append(place)
    if dated_only:
        where.append("e.date IS NOT NULL")
    order = "e.date, e.id" if dated_only else "coalesce(e.date, '') DESC, e.id"
    sql = (f"SELECT e.id, e.type, e.date, e.place, e.cue, e.fact_key, e.report_id, r.doc, r.published, "
           f"e.sent_start, e.sent_end FROM events e JOIN reports r ON r.id = e.report_id "
           f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?")
    rows = [dict(r) for r in conn.execute(sql, (*args, limit, offset))]
    _attach_participants(conn, rows)
    return rows


def _attach_participants(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    parts: dict[int, dict[str, list[str]]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for p in conn.execute(f"SELECT event_id, actor_id, part FROM event_participants WHERE event_id IN ({marks}) "
                              f"ORDER BY event_id, part, ord", chunk):
            parts.setdefault(p["event_id"], {"actor": [], "target": []})[p["part"]].append(p["actor_id"])
    corroboration = _corroboration(conn, "events", [r["fact_key"] for r in rows])
    for r in rows:
        p = parts.get(r["id"], {"actor": [], "target": []})
        r["actors"], r["targets"] = p["actor"], p["target"]
        r["reports"] = corroboration.get(r.pop("fact_key"), 1)


def _corroboration(conn: sqlite3.Connection, table: str, keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    uniq = sorted(set(keys))
    for i in range(0, len(uniq), 500):
        chunk = uniq[i:i + 500]
        marks = ",".join("?" * len(chunk))
        # `table` is one of a fixed set of names chosen by this module, never user input.
        for k, n in conn.execute(f"SELECT fact_key, count(DISTINCT report_id) FROM {table} "
                                 f"WHERE fact_key IN ({marks}) GROUP BY fact_key", chunk):
            out[k] = n
    return out


def list_positions(conn: sqlite3.Connection, *, issue: str | None = None, holder: str | None = None,
                   stance: str | None = None) -> list[dict[str, Any]]:
    """Positions grouped by (holder, issue, stance) with their corroboration and first/last dates."""
    where, args = ["1 = 1"], []
    if issue:
        where.append("p.issue = ?")
        args.append(issue)
    if holder:
        where.append("p.holder_id = ?")
        args.append(holder)
    if stance:
        where.append("p.stance = ?")
        args.append(stance)
    sql = (f"SELECT p.holder_id AS holder, a.name AS holder_name, a.kind AS holder_kind, p.issue, p.stance, "
           f"count(DISTINCT p.report_id) AS reports, min(r.published) AS first_seen, "
           f"max(r.published) AS last_seen FROM positions p JOIN reports r ON r.id = p.report_id "
           f"JOIN actors a ON a.id = p.holder_id WHERE {' AND '.join(where)} "
           f"GROUP BY p.holder_id, p.issue, p.stance ORDER BY p.issue, reports DESC, p.holder_id")
    return [dict(r) for r in conn.execute(sql, args)]


def evidence(conn: sqlite3.Connection, table: str, fact_key: str) -> list[dict[str, Any]]:
    """Every report and sentence supporting one fact (a role, quote, event or position)."""
    if table not in ("roles", "quotes", "events", "positions"):
        raise ValueError(f"no facts in table {table!r}")
    rows = conn.execute(f"SELECT t.report_id, t.sent_start, t.sent_end, r.doc, r.published, r.text "
                        f"FROM {table} t JOIN reports r ON r.id = t.report_id WHERE t.fact_key = ? ORDER BY r.id",
                        (fact_key,)).fetchall()
    return [{"report_id": r["report_id"], "doc": r["doc"], "published": r["published"],
             "sentence": _sentence(r["text"], r["sent_start"], r["sent_end"])} for r in rows]
