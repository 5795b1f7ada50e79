"""What changed since a moment: new reports and copies, new actors, roles begun and ended, new facts,
stances that changed; each item with the report and sentence it comes from.

"Since" is when parley learned it (``reports.ingested_at``, UTC), not when a report says it happened: the
analyst's question is "what did the news bring since yesterday?". Report ids grow in ingest order, so
everything stored since is "in a report with id >= the first new one", and what was known before is the
rest; each section compares the two.

    changes = what_changed(conn, parse_since("1d"))     # {"since": ..., "reports": [...], "actors": [...], ...}

Sections are functions in SECTIONS (name -> function of the connection and the window); a new kind of
fact (happenings) is one more function there.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from parley.store.queries import _HEAD, _SENTENCE, _evidence, participants
from parley.store.sql import Connection

MAX_ITEMS = 200
DURATION_PATTERN = r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$"
_DURATION = re.compile(DURATION_PATTERN)
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A moment (UTC) from a date (2025-05-16), a date and time (2025-05-16T08:00), or a duration back
    from now (90m, 24h, 7d, 2w); ValueError naming the text otherwise."""
    now = now or datetime.now(UTC)
    text = text.strip()
    m = _DURATION.match(text)
    if m:
        try:
            return now - timedelta(seconds=float(m[1]) * _UNITS[m[2]])
        except (OverflowError, ValueError):
            return datetime.min.replace(tzinfo=UTC)  # further back than any date: everything is new
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is neither a date (2025-05-16, 2025-05-16T08:00) nor a duration "
                         "(90m, 24h, 7d, 2w)") from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Window:
    """Reports with id >= `first_id` were stored since `since` (first_id is past the last id if none were)."""

    since: str  # "YYYY-MM-DD HH:MM:SS", as SQLite's CURRENT_TIMESTAMP writes ingested_at
    first_id: int
    limit: int = MAX_ITEMS


def window(conn: Connection, since: datetime, limit: int = MAX_ITEMS) -> Window:
    stamp = since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    row = conn.execute("SELECT min(id) FROM reports WHERE ingested_at >= ?", (stamp,)).fetchone()
    first = row[0] if row[0] is not None else (conn.execute("SELECT coalesce(max(id), 0) FROM reports")
                                                .fetchone()[0] + 1)
    return Window(stamp, first, limit)


def new_reports(conn: Connection, w: Window) -> list[dict[str, Any]]:
    rows = [dict(r) for r in conn.execute(
        "SELECT r.id, r.doc, r.title, r.url, r.published, r.ingested_at, "
        "(SELECT count(*) FROM copies c WHERE c.report_id = r.id) AS copies FROM reports r WHERE r.id >= ? "
        "ORDER BY r.id LIMIT ?", (w.first_id, w.limit))]
    sources: dict[int, list[str]] = {}
    for rid, source in conn.execute("SELECT report_id, source FROM report_sources WHERE report_id >= ? "
                                    "ORDER BY report_id, rowid", (w.first_id,)):
        sources.setdefault(rid, []).append(source)
    for r in rows:
        r["sources"] = sources.get(r["id"], [])
    return rows


def new_copies(conn: Connection, w: Window) -> list[dict[str, Any]]:
    """Republications folded since, with the report each copies."""
    return [dict(r) for r in conn.execute(
        "SELECT c.report_id, r.doc AS report_doc, r.title AS report_title, c.doc, c.outlet, c.url, c.title, "
        "c.published, c.similarity, c.ingested_at FROM copies c JOIN reports r ON r.id = c.report_id "
        "WHERE c.ingested_at >= ? ORDER BY c.id LIMIT ?", (w.since, w.limit))]


def new_actors(conn: Connection, w: Window) -> list[dict[str, Any]]:
    """Actors no report before named, with the first sentence naming them."""
    out = []
    for a in conn.execute(
            # The actors of the new reports (a walk of their rows) that no earlier report names (one seek each).
            "SELECT a.id, a.name, a.kind, g.first FROM (SELECT actor_id, min(report_id) AS first FROM report_actors "
            "WHERE report_id >= ? GROUP BY actor_id) g JOIN actors a ON a.id = g.actor_id WHERE NOT EXISTS "
            "(SELECT 1 FROM report_actors o WHERE o.actor_id = g.actor_id AND o.report_id < ?) ORDER BY g.first, "
            "a.name, a.id LIMIT ?", (w.first_id, w.first_id, w.limit)).fetchall():
        ev = conn.execute(
            f"SELECT m.report_id, m.sent_start, m.sent_end, r.doc, r.published, {_HEAD}, {_SENTENCE.format(t='m')} AS sentence "
            f"FROM mentions m JOIN reports r ON r.id = m.report_id WHERE m.actor_id = ? AND m.report_id = ? "
            f"ORDER BY m.start LIMIT 1", (a["id"], a["first"])).fetchone()
        out.append({"id": a["id"], "name": a["name"], "kind": a["kind"], "evidence": _evidence(ev) if ev else None})
    return out


def _role_evidence(conn: Connection, role_id: int) -> dict[str, Any]:
    row = conn.execute(f"SELECT t.report_id, t.sent_start, t.sent_end, r.doc, r.published, {_HEAD}, "
                       f"{_SENTENCE.format(t='t')} AS sentence FROM roles t JOIN reports r ON r.id = t.report_id "
                       f"WHERE t.id = ?", (role_id,)).fetchone()
    return _evidence(row)


def role_changes(conn: Connection, w: Window) -> list[dict[str, Any]]:
    """Posts that began since ("new") and posts that ended since ("ended"), read off the role timelines
    (`parley.store.timelines`) as they stand now and as the reports stored before the window told them: a
    post ends on "former X", a successor in it, or its holder's move to a post that cannot be held with it."""
    from parley.store.timelines import role_timeline_rows

    out: list[dict[str, Any]] = []
    actors = [a for (a,) in conn.execute("SELECT DISTINCT actor_id FROM roles WHERE report_id >= ? ORDER BY actor_id",
                                         (w.first_id,))]
    names = dict(conn.execute(f"SELECT id, name FROM actors WHERE id IN ({','.join('?' * len(actors))})", actors)
                 .fetchall()) if actors else {}
    for actor in actors:
        before = {(sp.post_id, sp.of): sp for sp in role_timeline_rows(conn, actor, before=w.first_id)}
        for sp in role_timeline_rows(conn, actor):
            was = before.get((sp.post_id, sp.of))
            fresh = [e for e in sp.evidence if e.report_id >= w.first_id]
            if was is None and sp.current and fresh:
                change = "new"
            elif was is not None and was.current and not sp.current:
                change = "ended"
            else:
                continue
            evidence = min(fresh or sp.evidence, key=lambda e: e.role_id)
            out.append({"change": change, "actor": actor, "actor_name": names.get(actor), "title": sp.post,
                        "superseded": change == "ended" and sp.ended_by != "former",
                        "evidence": _role_evidence(conn, evidence.role_id)})
            if len(out) >= w.limit:
                return out
    return out


def _new_fact_rows(conn: Connection, table: str, cols: str, w: Window) -> list[sqlite3.Row]:
    # `table` is one of the fixed names of this module's callers, never user input.
    return conn.execute(
        f"SELECT {cols}, t.fact_key, t.report_id, t.sent_start, t.sent_end, r.doc, r.published, {_HEAD}, "
        f"{_SENTENCE.format(t='t')} AS sentence FROM {table} t JOIN reports r ON r.id = t.report_id "
        f"WHERE t.id IN (SELECT min(id) FROM {table} WHERE report_id >= ? GROUP BY fact_key) "
        f"AND NOT EXISTS (SELECT 1 FROM {table} o WHERE o.fact_key = t.fact_key AND o.report_id < ?) "
        f"ORDER BY t.id LIMIT ?", (w.first_id, w.first_id, w.limit)).fetchall()


def new_events(conn: Connection, w: Window) -> list[dict[str, Any]]:
    """Events no earlier report stated (the same type, participants and date), newest knowledge first."""
    rows = _new_fact_rows(conn, "events", "t.id, t.type, t.date, t.place", w)
    parts = participants(conn, [r["id"] for r in rows])
    return [{"id": r["id"], "type": r["type"], "date": r["date"], "place": r["place"],
             **parts.get(r["id"], {"actors": [], "targets": []}), "evidence": _evidence(r)} for r in rows]


def new_quotes(conn: Connection, w: Window) -> list[dict[str, Any]]:
    rows = _new_fact_rows(conn, "quotes", "t.id, t.speaker_id, t.text", w)
    names = dict(conn.execute("SELECT id, name FROM actors WHERE id IN (SELECT speaker_id FROM quotes WHERE "
                              "report_id >= ?)", (w.first_id,)).fetchall())
    return [{"id": r["id"], "speaker": r["speaker_id"], "speaker_name": names.get(r["speaker_id"]),
             "text": r["text"], "evidence": _evidence(r)} for r in rows]


def stance_changes(conn: Connection, w: Window) -> list[dict[str, Any]]:
    """Stances stated since that differ from what earlier reports gave the holder on the issue ("changed",
    with the earlier stance), or that no earlier report gave at all ("new")."""
    out = []
    for r in conn.execute(
            f"SELECT t.id, t.holder_id, a.name AS holder_name, t.issue, t.stance, t.report_id, t.sent_start, "
            f"t.sent_end, r.doc, r.published, {_HEAD}, {_SENTENCE.format(t='t')} AS sentence "
            f"FROM positions t JOIN reports r ON r.id = t.report_id JOIN actors a ON a.id = t.holder_id "
            f"WHERE t.id IN (SELECT min(id) FROM positions WHERE report_id >= ? GROUP BY holder_id, issue, stance) "
            f"AND NOT EXISTS (SELECT 1 FROM positions o WHERE o.holder_id = t.holder_id AND o.issue = t.issue "
            f"AND o.stance = t.stance AND o.report_id < ?) ORDER BY t.id LIMIT ?",
            (w.first_id, w.first_id, w.limit)).fetchall():
        before = conn.execute("SELECT stance, max(report_id) FROM positions WHERE holder_id = ? AND issue = ? AND "
                              "report_id < ? GROUP BY stance ORDER BY max(report_id) DESC LIMIT 1",
                              (r["holder_id"], r["issue"], w.first_id)).fetchone()
        out.append({"change": "changed" if before else "new", "holder": r["holder_id"],
                    "holder_name": r["holder_name"], "issue": r["issue"], "stance": r["stance"],
                    "was": before[0] if before else None, "evidence": _evidence(r)})
    return out


Section = Callable[[Connection, Window], list[dict[str, Any]]]
SECTIONS: dict[str, Section] = {
    "reports": new_reports,
    "copies": new_copies,
    "actors": new_actors,
    "roles": role_changes,
    "events": new_events,
    "quotes": new_quotes,
    "positions": stance_changes,
}


def what_changed(conn: Connection, since: datetime, *, limit: int = MAX_ITEMS) -> dict[str, Any]:
    """Every section of what the store learned since `since` (UTC), at most `limit` items each."""
    w = window(conn, since, limit)
    return {"since": w.since, **{name: section(conn, w) for name, section in SECTIONS.items()}}
