"""One store boundary: only `parley/store/` talks to the database.

The CLI, the Python API, the ingest watcher, the exporter and the web app ask the store's functions and
`Store` methods; none of them runs SQL, imports a database driver or opens a connection itself. A second
backend (PostgreSQL) then has one package to implement, not six modules to hunt through. The check reads
the source, so it fails on the line that crosses the boundary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "parley"
STORE = PACKAGE / "store"

# What may not appear outside parley/store, with what it would mean there.
FORBIDDEN = {
    "runs SQL": re.compile(r"\.(execute|executemany|executescript)\("),
    "imports a database driver": re.compile(r"^\s*(import|from)\s+(sqlite3|apsw|psycopg\w*)\b", re.M),
    "names the SQLite driver": re.compile(r"\bsqlite3\."),
    "writes SQL": re.compile(r"""["'](SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN)\s"""),
    "opens its own connection": re.compile(r"\bconnect\(\s*[^)]*readonly"),
    "reaches into a Store's connection": re.compile(r"\.conn\b"),
}

# Files outside parley/store allowed one of the above, each with its reason. Empty today: keep it so.
ALLOWED: dict[tuple[str, str], str] = {}


def _modules_outside_store() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if STORE not in p.parents)


def test_the_check_reads_the_package():
    files = {p.relative_to(PACKAGE).as_posix() for p in _modules_outside_store()}
    assert {"cli.py", "api.py", "export.py", "serve/app.py", "serve/cache.py", "serve/views/kb.py",
            "ingest/watch.py", "resolve/copies.py"} <= files
    assert not any(f.startswith("store/") for f in files)


@pytest.mark.parametrize("path", _modules_outside_store(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_database_access_outside_the_store(path: Path):
    rel = path.relative_to(PACKAGE).as_posix()
    text = path.read_text(encoding="utf-8")
    crossings = []
    for what, pattern in FORBIDDEN.items():
        if (rel, what) in ALLOWED:
            continue
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            crossings.append(f"parley/{rel}:{line} {what}: {text.splitlines()[line - 1].strip()}")
    assert not crossings, "database access outside parley/store:\n" + "\n".join(crossings)


def test_the_patterns_catch_what_they_are_for():
    samples = {
        "runs SQL": 'conn.execute("SELECT 1")',
        "imports a database driver": "import sqlite3",
        "names the SQLite driver": "except sqlite3.Error:",
        "writes SQL": 'q = "SELECT id FROM reports"',
        "opens its own connection": "conn = connect(path, readonly=True)",
        "reaches into a Store's connection": "rows = list_actors(store.conn, kind=kind)",
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    # Words in prose are not SQL: a docstring saying "select the ..." does not trip the check.
    assert not FORBIDDEN["writes SQL"].search('"""Select the latest reports."""')


def test_the_store_package_exports_its_boundary():
    import parley.store as store

    assert {"Store", "StoreError", "DatabaseError", "Connection", "connect", "reading"} <= set(store.__all__)
    from parley.store.pages import counts

    # A read-only in-memory Store has no schema: the question reaches the database and fails there.
    with store.reading(":memory:") as db, pytest.raises(store.DatabaseError):
        db.run(counts)


def test_a_store_runs_the_store_functions_on_its_own_connection(tmp_path):
    from parley.store import DatabaseError, Store, reading
    from parley.store.pages import counts

    path = tmp_path / "kb.db"
    Store(path).close()  # created and migrated by a writer
    with reading(path) as db:
        assert db.run(counts)["reports"] == 0
        with pytest.raises(DatabaseError):  # read-only: a write is refused by the database
            db.run(lambda conn: conn.execute("INSERT INTO feeds (url) VALUES ('x')"))

