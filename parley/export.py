"""The knowledge base as tables an analyst can load (CSV or Parquet), one file per table.

    from parley.export import export_tables
    export_tables("parley.db", "kb", fmt="parquet")   # kb.reports.parquet, kb.actors.parquet, ...

Every table is one entry in `TABLES`: a name, typed columns and a function from a connection to rows. Adding
a table is adding an entry. Rows that state a fact carry the fact's row `id` (what `parley evidence` takes),
its `report_id` and the report's `date`, so any row leads back to the sentence it was read from.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from parley.ingest.headline import HEAD_CHARS, headline
from parley.store import queries
from parley.store.db import Store

ColumnType = Literal["int", "text", "list"]
Format = Literal["csv", "parquet"]
# A list cell in CSV (aliases, sources, an event's actors): the items joined by this.
CSV_LIST_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType


@dataclass(frozen=True, slots=True)
class Table:
    """One exported table: its name, its columns in order, and where its rows come from."""

    name: str
    columns: tuple[Column, ...]
    rows: Callable[[sqlite3.Connection], Iterable[dict[str, Any]]]
    about: str

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(spec: str) -> tuple[Column, ...]:
    """`"id:int name:text aliases:list"` as columns."""
    out = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        out.append(Column(name, kind))  # type: ignore[arg-type]
    return tuple(out)


# --- rows ----------------------------------------------------------------------------------------------


def report_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    sources: dict[int, list[str]] = {}
    for rid, source in conn.execute("SELECT report_id, source FROM report_sources ORDER BY report_id, rowid"):
        sources.setdefault(rid, []).append(source)
    for r in conn.execute(f"SELECT id, doc, title, substr(text, 1, {HEAD_CHARS}) AS head, published, est_start, "
                          f"est_end, url, origin FROM reports ORDER BY id"):
        yield {"id": r["id"], "doc": r["doc"], "headline": headline(r["title"], r["head"], r["doc"]),
               "title": r["title"], "date": r["published"], "est_start": r["est_start"], "est_end": r["est_end"],
               "url": r["url"], "sources": sources.get(r["id"], []), "origin": r["origin"]}


def actor_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    yield from queries.actor_table(conn)


def mention_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for r in conn.execute('SELECT m.id, m.report_id, r.published, m.actor_id, m.text, m.start, m."end", '
                          "m.sent_start, m.sent_end FROM mentions m JOIN reports r ON r.id = m.report_id "
                          "ORDER BY m.report_id, m.start, m.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["published"], "actor_id": r["actor_id"],
               "text": r["text"], "start": r["start"], "end": r["end"], "sent_start": r["sent_start"],
               "sent_end": r["sent_end"]}


def role_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Each actor's role timeline (`parley.store.timelines`): one row per post, since, until or current."""
    from parley.store.timelines import all_role_timelines

    for span in all_role_timelines(conn):
        yield {"id": span.id, "actor_id": span.actor, "post": span.post, "of": span.of, "since": span.since,
               "until": span.until, "current": int(span.current), "ended_by": span.ended_by,
               "wordings": list(span.wordings), "reports": span.reports}


def happening_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Each real event once, however many sentences and reports tell it (`parley.store.happenings`)."""
    from parley.store.happenings import happening_rows as happenings

    for h in happenings(conn, include_proposed=True):
        yield {"id": h.id, "type": h.type, "actors": h.actors, "targets": h.targets, "sides": h.sides,
               "date": h.date, "date_precision": h.date_precision, "place": h.place, "status": h.status,
               "reports": h.reports, "sources": h.sources}


def happening_evidence_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every sentence that tells a happening: the happening's id, the event row and its report."""
    from parley.store.happenings import happening_rows as happenings

    for h in happenings(conn, include_proposed=True):
        for e in h.evidence:
            yield {"happening_id": h.id, "event_id": e.id, "report_id": e.report_id, "date": e.date,
                   "place": e.place, "cue": e.cue, "sentence": e.sentence}


def instrument_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    from parley.store.instruments import instrument_table

    yield from instrument_table(conn)


def instrument_step_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    from parley.store.instruments import _steps

    for st in _steps(conn, "1 = 1", ()):
        yield {"id": st["id"], "report_id": st["evidence"]["report_id"], "date": st["date"],
               "instrument": st["instrument"], "type": st["type"], "actors": st["actors"], "targets": st["targets"],
               "detail": st["detail"], "sentence": st["evidence"]["sentence"]}


def role_statement_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every statement of a role, as read from one report."""
    for r in conn.execute("SELECT ro.id, ro.report_id, r.published, ro.actor_id, ro.title, ro.of_id, ro.former, "
                          "ro.fact_key, ro.sent_start, ro.sent_end FROM roles ro JOIN reports r ON r.id = ro.report_id "
                          "ORDER BY ro.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["published"], "actor_id": r["actor_id"],
               "title": r["title"], "of": r["of_id"], "former": r["former"], "fact": r["fact_key"],
               "sent_start": r["sent_start"], "sent_end": r["sent_end"]}


def _report_counts(conn: sqlite3.Connection, table: str) -> dict[str, int]:
    # `table` is one of the fixed fact tables named below, never user input.
    return dict(conn.execute(f"SELECT fact_key, count(DISTINCT report_id) FROM {table} GROUP BY fact_key"))


def quote_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    counts = _report_counts(conn, "quotes")
    for r in conn.execute(f'SELECT q.id, q.report_id, {queries.REPORT_DATE} AS date, q.speaker_id, q.text, '
                          f'q.fact_key, q.start, q."end", q.sent_start, q.sent_end FROM quotes q '
                          f"JOIN reports r ON r.id = q.report_id ORDER BY q.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["date"], "speaker_id": r["speaker_id"],
               "text": r["text"], "fact": r["fact_key"], "reports": counts.get(r["fact_key"], 1),
               "start": r["start"], "end": r["end"], "sent_start": r["sent_start"], "sent_end": r["sent_end"]}


def event_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
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


def position_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    counts = _report_counts(conn, "positions")
    for r in conn.execute("SELECT p.id, p.report_id, r.published, p.holder_id, p.issue, p.stance, p.fact_key, "
                          "p.sent_start, p.sent_end FROM positions p JOIN reports r ON r.id = p.report_id "
                          "ORDER BY p.id"):
        yield {"id": r["id"], "report_id": r["report_id"], "date": r["published"], "holder_id": r["holder_id"],
               "issue": r["issue"], "stance": r["stance"], "fact": r["fact_key"],
               "reports": counts.get(r["fact_key"], 1), "sent_start": r["sent_start"], "sent_end": r["sent_end"]}


# --- the tables ----------------------------------------------------------------------------------------

SPAN = "sent_start:int sent_end:int"

TABLES: list[Table] = [
    Table("reports", _cols("id:int doc:text headline:text title:text date:text est_start:text est_end:text "
                           "url:text sources:list origin:text"), report_rows,
          "one row per report: headline, stated date (est_* the estimated window of an undated one), sources"),
    Table("actors", _cols("id:text name:text kind:text country:text country_name:text reports:int aliases:list"),
          actor_rows, "every actor named in a report, with its country (side) and the names used for it"),
    Table("mentions", _cols(f"id:int report_id:int date:text actor_id:text text:text start:int end:int {SPAN}"),
          mention_rows, "each place a report names an actor"),
    Table("roles", _cols("id:int actor_id:text post:text of:text since:text until:text current:int ended_by:text "
                         "wordings:list reports:int"), role_rows,
          "each actor's posts over time: since, until (or current), what ended it, the wordings used"),
    Table("role_statements", _cols(f"id:int report_id:int date:text actor_id:text title:text of:text former:int "
                                   f"fact:text {SPAN}"), role_statement_rows, "each report's statement of a role"),
    Table("quotes", _cols(f"id:int report_id:int date:text speaker_id:text text:text fact:text reports:int "
                          f"start:int end:int {SPAN}"), quote_rows, "every quotation, with how many reports carry it"),
    Table("events", _cols(f"id:int report_id:int date:text type:text actors:list targets:list place:text cue:text "
                          f"fact:text reports:int {SPAN}"), event_rows, "every PLOVER event as one report states it"),
    Table("happenings", _cols("id:text type:text actors:list targets:list sides:list date:text date_precision:text "
                              "place:text status:text reports:int sources:int"), happening_rows,
          "each real event once: its parties, date and precision, place, held or proposed, reports and sources"),
    Table("happening_evidence", _cols("happening_id:text event_id:int report_id:int date:text place:text cue:text "
                                      "sentence:text"), happening_evidence_rows,
          "every sentence that tells a happening"),
    Table("positions", _cols(f"id:int report_id:int date:text holder_id:text issue:text stance:text fact:text "
                             f"reports:int {SPAN}"), position_rows, "every stance on an issue as one report states it"),
    Table("instruments", _cols("id:text name:text kind:text owner:text reports:int status:text aliases:list "
                               "steps:list"), instrument_rows,
          "agreements, memoranda, plans, lists and programmes, with their names and lifecycle"),
    Table("instrument_steps", _cols("id:int report_id:int date:text instrument:text type:text actors:list "
                                    "targets:list detail:text sentence:text"), instrument_step_rows,
          "each stated step of an instrument: proposed, handed over, signed, carried out ..."),
]


def table_path(prefix: str | Path, table: Table, fmt: Format) -> Path:
    return Path(f"{prefix}.{table.name}.{fmt}")


def write_csv(path: Path, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Write `rows` as CSV with a header (also when there are none); the number of rows written."""
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.column_names)
        for r in rows:
            writer.writerow([CSV_LIST_SEPARATOR.join(map(str, r[c.name])) if c.type == "list" else r[c.name]
                             for c in table.columns])
            n += 1
    return n


def write_parquet(path: Path, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Write `rows` as Parquet with a fixed schema (so an empty table still has its typed columns)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"int": pa.int64(), "text": pa.string(), "list": pa.list_(pa.string())}
    schema = pa.schema([(c.name, kinds[c.type]) for c in table.columns])
    data = [{c: r[c] for c in table.column_names} for r in rows]
    pq.write_table(pa.Table.from_pylist(data, schema=schema), path)
    return len(data)


def in_negotiation(conn: sqlite3.Connection, table: Table, rows: Iterable[dict[str, Any]],
                   negotiation: str) -> Iterator[dict[str, Any]]:
    """The rows of one table that belong to the reports attached to `negotiation`: by their report, else
    (timelines, happenings, instruments merged across reports) by the actors those reports name."""
    from parley.store.negotiations import in_negotiation as attached

    reports = {r[0] for r in conn.execute(f"SELECT id FROM reports r WHERE {attached('r.id')}", [negotiation])}
    marks = ",".join("?" * len(reports))
    named = {r[0] for r in conn.execute(
        f"SELECT DISTINCT actor_id FROM mentions WHERE report_id IN ({marks})", list(reports))}
    for r in rows:
        if table.name == "actors":
            keep = r["id"] in named
        elif table.name == "reports":
            keep = r["id"] in reports
        elif "report_id" in r:
            keep = r["report_id"] in reports
        elif "actor_id" in r:
            keep = r["actor_id"] in named
        elif "actors" in r:
            keep = bool(named.intersection(r["actors"]) or named.intersection(r.get("targets") or []))
        else:
            keep = True
        if keep:
            yield r


def write_tables(conn: sqlite3.Connection, prefix: str | Path, *, fmt: Format = "csv",
                 tables: Iterable[str] | None = None, negotiation: str | None = None) -> list[tuple[Path, int]]:
    """Write each table of `TABLES` (or those named) to PREFIX.NAME.FMT; (path, rows) of each file. With
    `negotiation`, only what the reports attached to it state."""
    names = None if tables is None else set(tables)
    write = write_csv if fmt == "csv" else write_parquet
    out = []
    for table in TABLES:
        if names is None or table.name in names:
            path = table_path(prefix, table, fmt)
            rows = table.rows(conn)
            if negotiation is not None:
                rows = in_negotiation(conn, table, rows, negotiation)
            out.append((path, write(path, table, rows)))
    return out


def export_tables(db: str | Path, prefix: str | Path, *, fmt: Format = "csv",
                  tables: Iterable[str] | None = None) -> list[tuple[Path, int]]:
    """`write_tables` over the database at `db`."""
    with Store(db) as store:
        return write_tables(store.conn, prefix, fmt=fmt, tables=tables)
