"""The analyst's tables: every table of `parley.export.TABLES`, read back with DuckDB from CSV and Parquet,
has its declared columns and one row per stored item (no model loaded: the web tests' knowledge base)."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.export import TABLES
from tests.serve.conftest import build_knowledge_base


def _timelines(db: sqlite3.Connection) -> int:
    from parley.store.timelines import all_role_timelines

    return len(all_role_timelines(db))


def _happenings(db: sqlite3.Connection, evidence: bool = False) -> int:
    from parley.store.happenings import happening_rows

    rows = happening_rows(db, include_proposed=True)
    return sum(len(h.evidence) for h in rows) if evidence else len(rows)


# What each table holds, counted in the database itself (merged tables: by the library that merges them).
EXPECTED_ROWS = {
    "reports": "SELECT count(*) FROM reports",
    "actors": "SELECT count(DISTINCT actor_id) FROM report_actors",
    "mentions": "SELECT count(*) FROM mentions",
    "roles": _timelines,
    "happenings": _happenings,
    "happening_evidence": lambda db: _happenings(db, evidence=True),
    "instruments": "SELECT count(*) FROM instruments",
    "instrument_steps": "SELECT count(*) FROM instrument_steps",
    "role_statements": "SELECT count(*) FROM roles",
    "quotes": "SELECT count(*) FROM quotes",
    "events": "SELECT count(*) FROM events",
    "positions": "SELECT count(*) FROM positions",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return build_knowledge_base(tmp_path_factory.mktemp("export") / "kb.db")


def test_every_table_has_an_expected_count():
    assert {t.name for t in TABLES} == set(EXPECTED_ROWS)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_duckdb_reads_every_table_with_its_columns_and_rows(kb, tmp_path, fmt):
    prefix = tmp_path / "kb"
    res = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", str(kb), "-o", str(prefix)])
    assert res.exit_code == 0, res.output
    db = sqlite3.connect(kb)
    db.row_factory = sqlite3.Row
    con = duckdb.connect()
    reader = "read_csv" if fmt == "csv" else "read_parquet"
    for table in TABLES:
        path = tmp_path / f"kb.{table.name}.{fmt}"
        assert f"wrote {path} (" in res.output
        rel = con.sql(f"SELECT * FROM {reader}('{path}')")
        assert rel.columns == table.column_names, table.name
        count = EXPECTED_ROWS[table.name]
        expected = db.execute(count).fetchone()[0] if isinstance(count, str) else count(db)
        # The web tests' knowledge base is made of hand-written records with no instruments in them; the
        # instrument tables are filled and read back in tests/serve/test_instruments_web.py.
        assert expected > 0 or table.name.startswith("instrument"), table.name
        assert len(rel.fetchall()) == expected, table.name
    # Rows lead back to their reports: every fact's report_id is a report, and the date is the report's.
    for name in ("mentions", "quotes", "events", "positions", "role_statements"):
        orphans = con.execute(f"SELECT count(*) FROM {reader}('{tmp_path}/kb.{name}.{fmt}') f WHERE f.report_id NOT IN "
                          f"(SELECT id FROM {reader}('{tmp_path}/kb.reports.{fmt}'))").fetchall()
        assert orphans == [(0,)], name
    headlines = dict(con.sql(f"SELECT doc, headline FROM {reader}('{tmp_path}/kb.reports.{fmt}')").fetchall())
    assert headlines["geneva-round.txt"] == "Geneva round opens"
    if fmt == "parquet":  # list columns stay lists
        actors = con.execute(f"SELECT actors FROM read_parquet('{tmp_path}/kb.events.parquet') WHERE place = 'Geneva'")
        assert actors.fetchall() == [(["ada-vernon", "boris-kalm"],)]


def test_an_empty_table_keeps_its_columns(tmp_path):
    from parley.store.db import Store

    Store(tmp_path / "empty.db").close()
    res = CliRunner().invoke(cli, ["export", "--format", "parquet", "--db", str(tmp_path / "empty.db"),
                                   "-o", str(tmp_path / "e")])
    assert res.exit_code == 0, res.output
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path}/e.quotes.parquet')")
    assert rel.columns == next(t for t in TABLES if t.name == "quotes").column_names and rel.fetchall() == []
