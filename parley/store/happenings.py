"""Happenings read from the store as typed rows (:class:`parley.resolve.happenings.Happening`).

They are computed from the stored events on each call: one pass over the events of the happening types
(about 90 rows for the 27 examples). Filters apply to the merged happenings, so a happening is found by any
of its participants.
"""

from __future__ import annotations

import sqlite3

from parley.resolve.contradictions import Contradiction
from parley.resolve.happenings import EventRow, Happening, build_happenings, load_cues, pairs
from parley.store.timelines import headline


def side_map(conn: sqlite3.Connection) -> dict[str, str]:
    """Each actor's side: a country is its own; a person or organization acts for its country where known."""
    return {r[0]: (r[0] if r[1] == "country" else (r[2] or r[0]))
            for r in conn.execute("SELECT id, kind, country FROM actors")}


def event_rows(conn: sqlite3.Connection, types: frozenset[str] | None = None) -> list[EventRow]:
    types = types or load_cues().types
    marks = ",".join("?" * len(types))
    parts: dict[int, tuple[list[str], list[str]]] = {}
    for p in conn.execute(f"SELECT ep.event_id, ep.actor_id, ep.part FROM event_participants ep JOIN events e ON "
                          f"e.id = ep.event_id WHERE e.type IN ({marks}) ORDER BY ep.event_id, ep.part, ep.ord",
                          sorted(types)):
        slot = parts.setdefault(p[0], ([], []))
        (slot[0] if p[2] == "actor" else slot[1]).append(p[1])
    sources: dict[int, tuple[str, ...]] = {}
    for rid, src in conn.execute("SELECT report_id, source FROM report_sources ORDER BY report_id, rowid"):
        sources[rid] = (*sources.get(rid, ()), src)
    rows = []
    for e in conn.execute(
            f"SELECT e.id, e.report_id, e.type, e.date, e.place, e.cue, e.start, e.sent_start, r.doc, r.title, "
            f"substr(r.text, 1, 400) AS head, r.published, r.est_start, r.est_end, "
            f"substr(r.text, e.sent_start + 1, e.sent_end - e.sent_start) AS sentence "
            f"FROM events e JOIN reports r ON r.id = e.report_id WHERE e.type IN ({marks}) ORDER BY e.id",
            sorted(types)):
        actors, targets = parts.get(e["id"], ([], []))
        rows.append(EventRow(
            id=e["id"], report_id=e["report_id"], doc=e["doc"], headline=headline(e["title"], e["head"] or ""),
            report_date=e["published"], report_window=(e["est_start"], e["est_end"]) if e["est_end"] else None,
            sources=sources.get(e["report_id"], ()), type=e["type"], date=e["date"], place=e["place"],
            cue=e["cue"], actors=tuple(actors), targets=tuple(targets), sentence=e["sentence"] or "",
            cue_start=e["start"] - e["sent_start"]))
    return rows


def happening_rows(conn: sqlite3.Connection, *, type: str | None = None, actor: str | None = None,
                   since: str | None = None, until: str | None = None,
                   include_proposed: bool = False) -> list[Happening]:
    """Happenings oldest first (undated last); proposed ones only when asked for."""
    out = build_happenings(event_rows(conn), side_map(conn))
    if not include_proposed:
        out = [h for h in out if h.status == "held"]
    if type:
        out = [h for h in out if h.type == type]
    if actor:
        out = [h for h in out if actor in h.actors or actor in h.targets]
    if since:
        out = [h for h in out if h.date and h.date >= since]
    if until:
        out = [h for h in out if h.date and h.date[:len(until)] <= until]
    return sorted(out, key=lambda h: (h.date is None, h.date or "", h.type, h.id))


def happening_pairs(conn: sqlite3.Connection) -> list[tuple[str, str, Happening]]:
    """(actor, actor, happening) for each pair of sides meeting in a held consult or agree happening."""
    sides = side_map(conn)
    meeting = load_cues().meeting
    return [(a, b, h) for h in happening_rows(conn) if h.type in meeting for a, b in pairs(h, sides)]


def contradiction_rows(conn: sqlite3.Connection) -> list[Contradiction]:
    """Where the reports disagree: on a happening's date, place or numbers, or on a holder's stance."""
    from parley.resolve.contradictions import happening_contradictions, stance_contradictions
    from parley.store.stances import stance_rows

    found = happening_rows(conn)
    return happening_contradictions(found, load_cues().meeting) + stance_contradictions(stance_rows(conn))
