"""What the PostgreSQL backend promises beyond running the shared tests (PARLEY_TEST_BACKEND=postgresql):
the same answers as SQLite for the same reports, full-text search with the same meaning, one-line errors
that never show a password, and migrations applied once.

Every test here needs the session's throwaway cluster (tests/pgserver.py), except the unreachable-server
ones: they skip in a plain clone without PostgreSQL and fail under CI=true.
"""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.store.db import Store, migrations
from tests.serve.conftest import REPORTS, build_knowledge_base


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


@pytest.mark.parametrize("command", [["actors"], ["export", "--format", "records"], ["ingest", "nothing.txt"]])
def test_an_unreachable_server_is_one_line_without_the_password(command):
    url = f"postgresql://analyst:s3cret-pw@127.0.0.1:{_closed_port()}/parley"
    res = CliRunner().invoke(cli, [*command, "--db", url])
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "s3cret-pw" not in res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    assert lines[0].startswith("Error: cannot connect to postgresql://analyst:***@127.0.0.1:") and "refused" in lines[0]


def test_parley_db_names_the_server_too(monkeypatch):
    monkeypatch.setenv("PARLEY_DB", f"postgresql://analyst:hunter2@127.0.0.1:{_closed_port()}/parley")
    res = CliRunner().invoke(cli, ["quotes"])
    assert res.exit_code == 1 and "cannot connect to postgresql://analyst:***@" in res.output
    assert "hunter2" not in res.output


def test_a_missing_database_is_one_line(pg_server):
    res = CliRunner().invoke(cli, ["actors", "--db", pg_server.url("no_such_db")])
    assert res.exit_code == 1 and len(res.output.strip().splitlines()) == 1
    assert 'database "no_such_db" does not exist' in res.output


def test_migrations_run_once_and_record_the_version(pg_server):
    from parley.store import postgres

    url = pg_server.new_database(migrated=False)
    try:
        with Store(url) as store:
            assert store.backend == "postgresql"
            assert postgres.schema_version(store.conn) == max(v for v, _, _ in migrations())
            store.conn.execute("INSERT INTO negotiation_data (fingerprint) VALUES ('kept')")
        with Store(url) as store:  # opening again migrates nothing: the row above is still there
            assert store.conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 1
            assert store.conn.execute("SELECT count(*) FROM negotiation_data WHERE fingerprint = 'kept'"
                                      ).fetchone()[0] == 1
    finally:
        postgres.close_pools(url)


def test_a_reading_store_cannot_write(pg_url):
    from parley.store import PostgresError, reading

    with reading(pg_url) as db, pytest.raises(PostgresError, match="read-only"):
        db.conn.execute("INSERT INTO negotiation_data (fingerprint) VALUES ('x')")


# --- the same answers on both backends --------------------------------------------------------------------

PAGES = ["/api/actors", "/api/actors?kind=country", "/api/actors?name=dunmore", "/api/actors/ada-vernon",
         "/api/actors/clara-dunmore", "/api/events", "/api/events?type=consult", "/api/timeline",
         "/api/timeline?actor=clara-dunmore", "/api/quotes", "/api/quotes?q=full+ceasefire",
         "/api/quotes?since=2025-04-01", "/api/positions", "/api/positions?issue=ceasefire", "/api/reports",
         "/api/reports?q=ceasefire", "/api/reports?q=prisoner+exchange", "/api/reports?limit=3&offset=3",
         "/api/instruments", "/api/negotiations", "/api/reports/1", "/api/reports/3", "/api/changes?since=2000-01-01"]


def _steady(value: object) -> object:
    """An answer without the clock readings in it (`now`, and when each report was stored)."""
    if isinstance(value, dict):
        return {k: _steady(v) for k, v in value.items() if k not in ("now", "ingested_at")}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


def _answers(target: str) -> dict[str, object]:
    import anyio

    from parley.serve.app import create_app

    app = create_app(target, token=None)

    async def fetch() -> dict[str, object]:
        out = {}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as c:
            for page in PAGES:
                r = await c.get(page)
                out[page] = (r.status_code, _steady(r.json()))
        return out

    return anyio.run(fetch)


def _tables(target: str, tmp, name: str) -> dict[str, str]:
    out = tmp / name
    res = CliRunner().invoke(cli, ["export", "--format", "csv", "--db", target, "-o", str(out)])
    assert res.exit_code == 0, res.output
    return {p.name.split(".", 1)[1]: p.read_text(encoding="utf-8") for p in sorted(tmp.glob(f"{name}*"))}


def test_both_backends_give_the_same_answers(pg_url, tmp_path):
    sqlite_db = str(build_knowledge_base(tmp_path / "kb.db"))
    build_knowledge_base(pg_url)
    with Store(sqlite_db) as a, Store(pg_url) as b:
        assert list(a.records()) == list(b.records())
        assert len(list(b.records())) == len(REPORTS)
    answers_sqlite, answers_pg = _answers(sqlite_db), _answers(pg_url)
    for page in PAGES:
        assert answers_pg[page] == answers_sqlite[page], page
    assert _tables(pg_url, tmp_path, "pg") == _tables(sqlite_db, tmp_path, "lite")


# --- full-text search: what is promised on both --------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def search_store(request, tmp_path):
    target = str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    build_knowledge_base(target)
    with Store(target) as store:
        yield store


def _found(store: Store, q: str) -> list[str]:
    from parley.store.pages import list_reports

    rows, total = store.run(list_reports, q=q, limit=100)
    assert total == len(rows)
    return sorted(r["doc"] for r in rows)


@pytest.mark.parametrize(("q", "docs"), [
    ("ceasefire", ["geneva-round.txt", "hostile.txt"]),             # one word, in the text
    ("CEASEFIRE", ["geneva-round.txt", "hostile.txt"]),             # case does not matter
    ("ceasefires", []),                                            # words as typed: no stemming
    ("Geneva opens", ["geneva-round.txt"]),                        # every word must occur (title counts)
    ("Geneva Ankara", []),
    ('"ceasefire', ["geneva-round.txt", "hostile.txt"]),            # query syntax is never syntax
    ("ceasefire OR Lviv", []),                                     # OR is a word to find, not an operator
    ("-ceasefire", ["geneva-round.txt", "hostile.txt"]),            # nor is a leading minus
    ("all-for-all", ["ankara-talks.txt"]),                         # a hyphenated word: its parts, in order
    ("for-all-all", []),
    ('"', []),                                                     # no word at all: nothing, not everything
    ("...", []),
    ("ceasefire ,", ["geneva-round.txt", "hostile.txt"]),           # a term without a word is no condition
])
def test_full_text_search_means_the_same(search_store, q, docs):
    assert _found(search_store, q) == docs


def test_quote_search_means_the_same(search_store):
    from parley.store.queries import list_quotes

    texts = [r["text"] for r in search_store.run(list_quotes, q="full ceasefire")]
    assert texts == ["We want a full ceasefire before anything else."]
    assert search_store.run(list_quotes, q="ceasefire OR exchange") == []


def test_records_serialise_alike(pg_url, tmp_path):
    """The Python API on a URL: records as JSON, the same text as SQLite's."""
    from parley.api import export_records

    sqlite_db = str(build_knowledge_base(tmp_path / "kb.db"))
    build_knowledge_base(pg_url)
    assert json.dumps(list(export_records(pg_url))) == json.dumps(list(export_records(sqlite_db)))


def test_every_migration_has_a_postgresql_counterpart():
    """A new SQLite migration without its PostgreSQL file would leave PostgreSQL databases a version behind."""
    from parley.store import postgres

    assert max(v for v, _, _ in postgres.migrations()) == max(v for v, _, _ in migrations())
