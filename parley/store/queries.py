"""Read queries over the knowledge base, shared by the CLI, the Python API and the HTTP API.

Every function takes a connection and plain filter values and returns JSON-ready dicts. Filters are bound
parameters, never spliced into SQL. Dates compare as ISO strings (YYYY, YYYY-MM, YYYY-MM-DD sort right).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from parley.ingest.headline import HEAD_CHARS, headline
from parley.store.negotiations import in_negotiation
from parley.store.sql import NO_LIMIT, Connection, dialect_of

# Where the report gives no date, facts take the estimated window's end as their date for ordering.
REPORT_DATE = "coalesce(r.published, r.est_end)"


def _sentence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def list_actors(conn: Connection, *, kind: str | None = None, name: str | None = None,
                negotiation: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Actors named in at least one report (of the negotiation), most reported first."""
    where, args = ["1 = 1"], []
    if negotiation:
        where.append(in_negotiation("ra.report_id"))
        args.append(negotiation)
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    if name:
        # lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        where.append("(lower(a.name) LIKE lower(?) OR a.id IN (SELECT actor_id FROM aliases WHERE lower(alias) LIKE lower(?)))")
        args += [f"%{name}%", f"%{name}%"]
    sql = (f"SELECT a.id, a.name, a.kind, a.country, count(DISTINCT ra.report_id) AS reports "
           f"FROM actors a JOIN report_actors ra ON ra.actor_id = a.id WHERE {' AND '.join(where)} "
           f"GROUP BY a.id ORDER BY reports DESC, a.name, a.id LIMIT ? OFFSET ?")
    rows = [dict(r) for r in conn.execute(sql, (*args, limit if limit else NO_LIMIT, offset))]
    # The side an actor is on is its country (`actors.country`, an actor id itself): name it.
    countries = {r["country"] for r in rows if r["country"]}
    names = dict(conn.execute(f"SELECT id, name FROM actors WHERE id IN ({_marks(len(countries))})",
                              sorted(countries)).fetchall()) if countries else {}
    for r in rows:
        r["country_name"] = names.get(r["country"]) if r["country"] else None
    aliases = _aliases(conn, [r["id"] for r in rows])
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
    return rows


def _aliases(conn: Connection, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for actor_id, alias in conn.execute(
                f"SELECT DISTINCT actor_id, text FROM mentions WHERE actor_id IN ({marks}) ORDER BY text", chunk):
            out.setdefault(actor_id, []).append(alias)
    return out


def actor_detail(conn: Connection, actor_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT id, name, kind, country FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    side = conn.execute("SELECT name FROM actors WHERE id = ?", (row["country"],)).fetchone() if row["country"] else None
    out["country_name"] = side[0] if side else None
    out["aliases"] = _aliases(conn, [actor_id]).get(actor_id, [])
    reports: dict[int, dict[str, Any]] = {}
    for m in conn.execute(
            'SELECT m.report_id, m.text, m.start, m."end", m.sent_start, m.sent_end, r.doc, r.published, r.title, '
            "r.text AS body FROM mentions m JOIN reports r ON r.id = m.report_id WHERE m.actor_id = ? "
            "ORDER BY r.id, m.start", (actor_id,)):
        rep = reports.get(m["report_id"])
        if rep is None:
            rep = reports[m["report_id"]] = {"report_id": m["report_id"], "doc": m["doc"],
                                             "headline": headline(m["title"], m["body"], m["doc"]),
                                             "published": m["published"], "mentions": []}
        rep["mentions"].append({"text": m["text"], "start": m["start"], "end": m["end"],
                                "sentence": _sentence(m["body"], m["sent_start"], m["sent_end"])})
    out["reports"] = list(reports.values())
    from parley.store.timelines import role_timeline_rows

    out["roles"] = [r.as_dict() for r in role_timeline_rows(conn, actor_id)]
    return out


def actor_table(conn: Connection, negotiation: str | None = None) -> list[dict[str, Any]]:
    rows = list_actors(conn, negotiation=negotiation)
    return [{"id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"],
             "country_name": r["country_name"], "reports": r["reports"], "aliases": r["aliases"]} for r in rows]




# The sentence a fact was read from, cut from the report in SQL so a list never ships whole report texts.
# SQLite's substr counts characters, as Python's offsets do.
_SENTENCE = "substr(r.text, {t}.sent_start + 1, {t}.sent_end - {t}.sent_start)"


# What a query selects for `_evidence` to name the report by its headline (`parley.ingest.headline`).
_HEAD = f"r.title AS report_title, substr(r.text, 1, {HEAD_CHARS}) AS report_head"


def _evidence(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    return {"report_id": row["report_id"], "doc": row["doc"],
            "headline": headline(row["report_title"], row["report_head"], row["doc"]), "published": row["published"],
            "sent_start": row["sent_start"], "sent_end": row["sent_end"],
            "sentence": " ".join((row["sentence"] or "").split())}


def _span(row: Mapping[str, Any]) -> dict[str, int]:
    return {"start": row["start"], "end": row["end"], "sent_start": row["sent_start"], "sent_end": row["sent_end"]}


def _chunks(items: list[Any], size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def participants(conn: Connection, event_ids: list[int]) -> dict[int, dict[str, list[dict[str, str]]]]:
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


def corroboration(conn: Connection, table: str, keys: list[str]) -> dict[str, int]:
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


# Events of one actor that pass another filter too (type, place, negotiation), newest first, can be found
# two ways, and which is fast depends on the data (with no filter but dates, `_actor_events` walks one index):
# - sort: fetch all the actor's events through `event_participants_actor` and sort them (cost: one row
#   lookup per event; at 50,000 reports, 46 ms for the 60,000 events of a head of state);
# - walk: go down `events_date` and keep the actor's events until the page is full (well under 1 ms when
#   the actor is in many recent events; a scan of every dated event when its events are undated or old).
# Few events: always sort. Many: try the walk for at most WALK_BUDGET_S, then sort. Both return the same
# rows in the same order; only the cost differs.
SORT_MAX = 3000
WALK_BUDGET_S = 0.008


def _participant_count(conn: Connection, actor: str, cap: int) -> int:
    return conn.execute("SELECT count(*) FROM (SELECT 1 FROM event_participants WHERE actor_id = ? LIMIT ?) AS t",
                        (actor, cap)).fetchone()[0]


def _within_budget(conn: Connection, sql: str, args: tuple, budget_s: float) -> list[sqlite3.Row] | None:
    """The rows of `sql`, or None when it runs longer than `budget_s` (SQLite interrupts it)."""
    return dialect_of(conn).fetch_within(conn, sql, args, budget_s)


def inclusive_until(until: str) -> str:
    """`until` 2025-06 includes every day of June: compare against 2025-06-99 (dates compare as strings)."""
    return until + {4: "-99-99", 7: "-99"}.get(len(until), "")


def event_filters(*, type: str | None = None, actor: str | None = None, place: str | None = None,
                  negotiation: str | None = None,
                  actor_clause: str = "e.id IN (SELECT event_id FROM event_participants WHERE actor_id = ?)",
                  ) -> tuple[list[str], list[Any]]:
    """The WHERE clauses (over `events e`) and their arguments for the event filters other than dates, so a
    listing and the count of what a date filter leaves out filter alike."""
    where: list[str] = []
    args: list[Any] = []
    if type:
        where.append("e.type = ?")
        args.append(type)
    if actor:
        where.append(actor_clause)
        args.append(actor)
    if place:
        where.append("lower(e.place) = lower(?)")
        args.append(place)
    if negotiation:
        where.append(in_negotiation("e.report_id"))
        args.append(negotiation)
    return where, args


# What an event listing shows of each event of its page (`_events_out`).
_EVENT_PAGE = (f"SELECT e.id, e.type, e.date, e.place, e.cue, e.fact_key, e.report_id, e.sent_start, e.sent_end, "
               f"r.doc, r.published, {_HEAD}, {_SENTENCE.format(t='e')} AS sentence")


def list_events(conn: Connection, *, type: str | None = None, actor: str | None = None,
                since: str | None = None, until: str | None = None, place: str | None = None,
                dated_only: bool = False, ascending: bool = False, negotiation: str | None = None,
                limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Events newest first (undated last), or for a timeline dated events oldest first.

    Ordered by (date, id) so SQLite walks `events_date` / `events_type_date` and stops after `limit` rows.
    """
    if actor and not (type or place or negotiation):
        return _actor_events(conn, actor, since=since, until=until, dated_only=dated_only, ascending=ascending,
                             limit=limit, offset=offset)
    where, args = event_filters(type=type, actor=actor, place=place, negotiation=negotiation,
                                actor_clause="{actor}")
    _date_filters("e.date", where, args, since=since, until=until, dated_only=dated_only)
    order = "e.date, e.id" if ascending else "e.date DESC, e.id DESC"
    # Choose the page on the events alone; only its rows read their report (for the sentence).
    sql = (f"{_EVENT_PAGE} FROM (SELECT e.id FROM events e WHERE {' AND '.join(where) or '1 = 1'} "
           f"ORDER BY {order} LIMIT ? OFFSET ?) AS page "
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
        rows = conn.execute(sql.replace("{actor}", dialect_of(conn).in_small_set(
            "e.id", "SELECT event_id FROM event_participants WHERE actor_id = ?")), args).fetchall()
    return _events_out(conn, rows)


def _actor_events(conn: Connection, actor: str, *, since: str | None, until: str | None, dated_only: bool,
                  ascending: bool, limit: int, offset: int) -> list[dict[str, Any]]:
    """`list_events` of one actor with no filter but dates: a walk of `event_participants_actor_date`
    (each participation keeps its event's date: migration 0016) that stops after the page, whatever the
    actor's number of events or their dates. DISTINCT: one actor may take part twice in an event."""
    where: list[str] = ["p.actor_id = ?"]
    args: list[Any] = [actor]
    _date_filters("p.date", where, args, since=since, until=until, dated_only=dated_only)
    way = "" if ascending else " DESC"
    sql = (f"{_EVENT_PAGE} FROM (SELECT DISTINCT p.date, p.event_id FROM event_participants p "
           f"WHERE {' AND '.join(where)} ORDER BY p.date{way}, p.event_id{way} LIMIT ? OFFSET ?) AS page "
           f"JOIN events e ON e.id = page.event_id JOIN reports r ON r.id = e.report_id "
           f"ORDER BY e.date{way}, e.id{way}")
    return _events_out(conn, conn.execute(sql, [*args, limit, offset]).fetchall())


def _date_filters(column: str, where: list[str], args: list[Any], *, since: str | None, until: str | None,
                  dated_only: bool = False) -> None:
    """Add the conditions (and their arguments) of a listing's date filters on the date `column`."""
    if since:
        where.append(f"{column} >= ?")
        args.append(since)
    if until:
        where.append(f"{column} <= ?")
        args.append(inclusive_until(until))
    if dated_only:
        where.append(f"{column} IS NOT NULL")


def _events_out(conn: Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    parts = participants(conn, [r["id"] for r in rows])
    counts = corroboration(conn, "events", [r["fact_key"] for r in rows])
    return [{"id": r["id"], "type": r["type"], "date": r["date"], "place": r["place"], "cue": r["cue"],
             **parts.get(r["id"], {"actors": [], "targets": []}), "reports": counts.get(r["fact_key"], 1),
             "evidence": _evidence(r)} for r in rows]


# --- quotes --------------------------------------------------------------------------------------------


def list_quotes(conn: Connection, *, speaker: str | None = None, q: str | None = None,
                since: str | None = None, until: str | None = None, negotiation: str | None = None,
                limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Quotations latest first by their report's date (undated last, then latest stored first).

    The order is an index walk (`quotes_published`, `quotes_speaker_published`: migration 0010), not a sort
    of every quote.
    """
    where: list[str] = []
    args: list[Any] = []
    if speaker:
        where.append("q.speaker_id = ?")
        args.append(speaker)
    if q and dialect_of(conn).search_query(q):
        where.append(dialect_of(conn).quote_matches("q.id"))
        args.append(dialect_of(conn).search_query(q))
    _date_filters(REPORT_DATE, where, args, since=since, until=until)
    if negotiation:
        where.append(in_negotiation("q.report_id"))
        args.append(negotiation)
    sql = (f"SELECT q.id, q.speaker_id, a.name AS speaker_name, q.text, q.fact_key, q.report_id, q.sent_start, "
           f"q.sent_end, r.doc, r.published, r.est_start, {_HEAD}, {REPORT_DATE} AS date, "
           f"{_SENTENCE.format(t='q')} AS sentence "
           f"FROM quotes q JOIN reports r ON r.id = q.report_id JOIN actors a ON a.id = q.speaker_id "
           f"WHERE {' AND '.join(where) or '1 = 1'} ORDER BY q.published DESC, q.id DESC LIMIT ? OFFSET ?")
    rows = conn.execute(sql, (*args, limit, offset)).fetchall()
    counts = corroboration(conn, "quotes", [r["fact_key"] for r in rows])
    return [{"id": r["id"], "speaker": r["speaker_id"], "speaker_name": r["speaker_name"], "text": r["text"],
             # An undated report's estimate is shown as one ("~2025-06"), never as a day.
             "date": r["published"] or (f"~{(r['est_start'] or r['date'])[:7]}" if r["date"] else None),
             "reports": counts.get(r["fact_key"], 1), "evidence": _evidence(r)} for r in rows]


def list_positions(conn: Connection, *, issue: str | None = None, holder: str | None = None,
                   stance: str | None = None, negotiation: str | None = None) -> list[dict[str, Any]]:
    """Positions grouped by (holder, issue, stance) with their corroboration and first/last dates; with
    `negotiation`, only the statements of reports attached to it count."""
    where, args = ["1 = 1"], []
    # The dates' subqueries come first in the SQL, so their parameters do too.
    dated, dated_args = (f" AND {in_negotiation('t.report_id')}", [negotiation, negotiation]) if negotiation else ("", [])
    if negotiation:
        where.append(in_negotiation("p.report_id"))
        args.append(negotiation)
    if issue:
        where.append("p.issue = ?")
        args.append(issue)
    if holder:
        where.append("p.holder_id = ?")
        args.append(holder)
    if stance:
        where.append("p.stance = ?")
        args.append(stance)
    # Counted on `positions_stance_report` alone, in its order; the dates are two seeks per group in
    # `positions_stance_published` (the position's copy of its report's date, migration 0005). Joining
    # each statement's report instead took 170 ms for the 76,000 statements of a country at 50,000 reports.
    # `id`: one statement of the stance (any one: `parley evidence positions ID` finds them all).
    sql = (f"SELECT (SELECT t.id FROM positions t WHERE t.holder_id = g.holder AND t.issue = g.issue "
           f"AND t.stance = g.stance LIMIT 1) AS id, "
           f"g.holder, a.name AS holder_name, a.kind AS holder_kind, g.issue, g.stance, g.reports, "
           f"(SELECT min(t.published) FROM positions t WHERE t.holder_id = g.holder AND t.issue = g.issue "
           f"AND t.stance = g.stance{dated}) AS first_seen, "
           f"(SELECT max(t.published) FROM positions t WHERE t.holder_id = g.holder AND t.issue = g.issue "
           f"AND t.stance = g.stance{dated}) AS last_seen "
           f"FROM (SELECT p.holder_id AS holder, p.issue, p.stance, count(DISTINCT p.report_id) AS reports "
           f"FROM positions p WHERE {' AND '.join(where)} GROUP BY p.holder_id, p.issue, p.stance) AS g "
           f"JOIN actors a ON a.id = g.holder ORDER BY g.issue, g.reports DESC, g.holder")
    return [dict(r) for r in conn.execute(sql, [*dated_args, *args])]


FACT_TABLES = ("roles", "quotes", "events", "positions")


def fact_evidence(conn: Connection, table: str, row_id: int) -> dict[str, Any] | None:
    """One stored fact (a role, quote, event or position, by row id) with every report that states it.

    Two rows state the same fact when their fact keys agree: the same actor and post, speaker and words,
    event type and participants and date, or holder, issue and stance, however the reports word it.
    """
    if table not in FACT_TABLES:
        raise ValueError(f"no facts in table {table!r}")
    # `table` is one of FACT_TABLES, never user input.
    row = conn.execute(f"SELECT fact_key FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return None
    reports = evidence(conn, table, row["fact_key"])
    return {"kind": table, "id": row_id, "fact": row["fact_key"], "reports": len({r["report_id"] for r in reports}),
            "evidence": reports}


def evidence(conn: Connection, table: str, fact_key: str) -> list[dict[str, Any]]:
    """Every report and sentence supporting one fact (a role, quote, event or position)."""
    if table not in FACT_TABLES:
        raise ValueError(f"no facts in table {table!r}")
    rows = conn.execute(f"SELECT t.report_id, t.sent_start, t.sent_end, r.doc, r.published, {_HEAD}, "
                        f"{_SENTENCE.format(t='t')} AS sentence FROM {table} t JOIN reports r ON r.id = t.report_id "
                        f"WHERE t.fact_key = ? ORDER BY r.id", (fact_key,)).fetchall()
    return [_evidence(r) for r in rows]
