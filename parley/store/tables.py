"""The rows of the exported tables (`parley.export.TABLES`), one function per table: each takes a store
handle and yields JSON-ready dicts. Rows that state a fact carry the fact's row `id`, its `report_id` and
the report's `date`, so any row leads back to the sentence it was read from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parley.ingest.headline import HEAD_CHARS, headline
from parley.store import queries
from parley.store.sql import Connection


def report_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    sources: dict[int, list[str]] = {}
    for rid, source in conn.execute("SELECT report_id, source FROM report_sources ORDER BY report_id, rowid"):
        sources.setdefault(rid, []).append(source)
    for r in conn.execute(f"SELECT id, doc, title, substr(text, 1, {HEAD_CHARS}) AS head, published, est_start, "
                          f"est_end, url, origin FROM reports ORDER BY id"):
        yield {"id": r["id"], "doc": r["doc"], "headline": headline(r["title"], r["head"], r["doc"]),
               "title": r["title"], "date": r["published"], "est_start": r["est_start"], "est_end": r["est_end"],
               "url": r["url"], "sources": sources.get(r["id"], []), "origin": r["origin"]}


def actor_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    yield from queries.actor_table(conn)


def mention_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    for r in conn.execute('SELECT m.id, m.report_id, r.published, m.actor_id, m.text, m.start, m."end", '
                          "m.sent_start, m.sent_end FROM mentions m JOIN reports r ON r.id = m.report_id "
                          "ORDER BY m.report_id, m.start, m.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["published"], "actor_id": r["actor_id"],
               "text": r["text"], "start": r["start"], "end": r["end"], "sent_start": r["sent_start"],
               "sent_end": r["sent_end"]}


def role_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Each actor's role timeline (`parley.store.timelines`): one row per post, since, until or current."""
    from parley.store.timelines import all_role_timelines

    for span in all_role_timelines(conn):
        yield {"id": span.id, "actor_id": span.actor, "post": span.post, "of": span.of, "since": span.since,
               "until": span.until, "current": int(span.current), "ended_by": span.ended_by,
               "wordings": list(span.wordings), "reports": span.reports}


def happening_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Each real event once, however many sentences and reports tell it (`parley.store.happenings`)."""
    from parley.store.happenings import happening_rows as happenings

    for h in happenings(conn, include_proposed=True):
        yield {"id": h.id, "type": h.type, "actors": h.actors, "targets": h.targets, "sides": h.sides,
               "date": h.date, "date_precision": h.date_precision, "place": h.place, "status": h.status,
               "reports": h.reports, "sources": h.sources}


def happening_evidence_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every sentence that tells a happening: the happening's id, the event row and its report."""
    from parley.store.happenings import happening_rows as happenings

    for h in happenings(conn, include_proposed=True):
        for e in h.evidence:
            yield {"happening_id": h.id, "event_id": e.id, "report_id": e.report_id, "date": e.date,
                   "place": e.place, "cue": e.cue, "sentence": e.sentence}


def instrument_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    from parley.store.instruments import instrument_table

    yield from instrument_table(conn)


def instrument_step_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    from parley.store.instruments import _steps

    for st in _steps(conn, "1 = 1", ()):
        yield {"id": st["id"], "report_id": st["evidence"]["report_id"], "date": st["date"],
               "instrument": st["instrument"], "type": st["type"], "actors": st["actors"], "targets": st["targets"],
               "detail": st["detail"], "sentence": st["evidence"]["sentence"]}


def role_statement_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every statement of a role, as read from one report."""
    for r in conn.execute("SELECT ro.id, ro.report_id, r.published, ro.actor_id, ro.title, ro.of_id, ro.former, "
                          "ro.fact_key, ro.sent_start, ro.sent_end FROM roles ro JOIN reports r ON r.id = ro.report_id "
                          "ORDER BY ro.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["published"], "actor_id": r["actor_id"],
               "title": r["title"], "of": r["of_id"], "former": r["former"], "fact": r["fact_key"],
               "sent_start": r["sent_start"], "sent_end": r["sent_end"]}


def _report_counts(conn: Connection, table: str) -> dict[str, int]:
    # `table` is one of the fixed fact tables named below, never user input.
    return dict(conn.execute(f"SELECT fact_key, count(DISTINCT report_id) FROM {table} GROUP BY fact_key"))


def quote_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    counts = _report_counts(conn, "quotes")
    for r in conn.execute(f'SELECT q.id, q.report_id, {queries.REPORT_DATE} AS date, q.speaker_id, q.text, '
                          f'q.fact_key, q.start, q."end", q.sent_start, q.sent_end FROM quotes q '
                          f"JOIN reports r ON r.id = q.report_id ORDER BY q.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["date"], "speaker_id": r["speaker_id"],
               "text": r["text"], "fact": r["fact_key"], "reports": counts.get(r["fact_key"], 1),
               "start": r["start"], "end": r["end"], "sent_start": r["sent_start"], "sent_end": r["sent_end"]}


def event_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    counts = _report_counts(conn, "events")
    parts: dict[int, dict[str, list[str]]] = {}
    for p in conn.execute("SELECT event_id, actor_id, part FROM event_participants ORDER BY event_id, part, ord"):
        slot = parts.setdefault(p["event_id"], {"actor": [], "target": []})
        slot["actor" if p["part"] == "actor" else "target"].append(p["actor_id"])
    for r in conn.execute("SELECT id, report_id, type, date, place, cue, fact_key, sent_start, sent_end FROM events "
                          "ORDER BY id"):
        mine = parts.get(r["id"], {"actor": [], "target": []})
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["date"], "type": r["type"],
               "actors": mine["actor"], "targets": mine["target"], "place": r["place"], "cue": r["cue"],
               "fact": r["fact_key"], "reports": counts.get(r["fact_key"], 1), "sent_start": r["sent_start"],
               "sent_end": r["sent_end"]}


def position_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    counts = _report_counts(conn, "positions")
    for r in conn.execute("SELECT p.id, p.report_id, r.published, p.holder_id, p.issue, p.stance, p.fact_key, "
                          "p.sent_start, p.sent_end FROM positions p JOIN reports r ON r.id = p.report_id "
                          "ORDER BY p.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["published"], "holder_id": r["holder_id"],
               "issue": r["issue"], "stance": r["stance"], "fact": r["fact_key"],
               "reports": counts.get(r["fact_key"], 1), "sent_start": r["sent_start"], "sent_end": r["sent_end"]}


def negotiation_scope(conn: Connection, negotiation: str) -> tuple[set[int], set[str]]:
    """The ids of the reports attached to `negotiation`, and the actors those reports mention."""
    from parley.store.negotiations import in_negotiation as attached

    reports = {r[0] for r in conn.execute(f"SELECT id FROM reports r WHERE {attached('r.id')}", [negotiation])}
    marks = ",".join("?" * len(reports))
    named = {r[0] for r in conn.execute(
        f"SELECT DISTINCT actor_id FROM mentions WHERE report_id IN ({marks})", list(reports))}
    return reports, named

