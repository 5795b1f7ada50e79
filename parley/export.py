"""The knowledge base as tables an analyst can load (CSV or Parquet), one file per table.

    from parley.export import export_tables
    export_tables("parley.db", "kb", fmt="parquet")   # kb.reports.parquet, kb.actors.parquet, ...

Every table is one entry in `TABLES`: a name, typed columns and a function from a store handle to rows
(`parley.store.tables`). Adding a table is adding an entry. Rows that state a fact carry the fact's row `id` (what `parley evidence` takes),
its `report_id` and the report's `date`, so any row leads back to the sentence it was read from.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from parley.store import Connection
from parley.store.db import Store
from parley.store.tables import (
    actor_rows,
    event_rows,
    happening_evidence_rows,
    happening_rows,
    instrument_rows,
    instrument_step_rows,
    mention_rows,
    negotiation_scope,
    position_rows,
    quote_rows,
    report_rows,
    role_rows,
    role_statement_rows,
)

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
    rows: Callable[[Connection], Iterable[dict[str, Any]]]
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


def in_negotiation(conn: Connection, table: Table, rows: Iterable[dict[str, Any]],
                   negotiation: str) -> Iterator[dict[str, Any]]:
    """The rows of one table that belong to the reports attached to `negotiation`: by their report, else
    (timelines, happenings, instruments merged across reports) by the actors those reports name."""
    reports, named = negotiation_scope(conn, negotiation)
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


def write_tables(conn: Connection, prefix: str | Path, *, fmt: Format = "csv",
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
        return store.run(write_tables, prefix, fmt=fmt, tables=tables)
