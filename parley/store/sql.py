"""What the store's functions are written against: a connection of either backend, the SQL that differs
between them (`Dialect`), and one write transaction, safe to nest.

The store's functions take a `Connection` and run portable SQL on it (`?` placeholders, `ON CONFLICT`,
`RETURNING`, `rowid` columns); the few statements that cannot be written once for both engines ask the
connection's dialect (`dialect_of(conn)`) for their text. SQLite's connection is `sqlite3.Connection`; the
PostgreSQL one (`parley.store.postgres.PgConnection`) takes the same calls.

A group of writes that must land together asks for a transaction explicitly (`atomic`). Inside one
already open it is a savepoint of it: a failure undoes that group alone, and the outer transaction commits
or rolls back the rest. (`with conn:` would not do: it commits whatever transaction is open, an outer one
included.)
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

# "No limit" for a `LIMIT ?` both engines read (SQLite's -1 is an error on PostgreSQL).
NO_LIMIT = 2**63 - 1


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What callers outside the store hold: an open handle they pass back to the store's functions, never
    a thing to run SQL on (tests/test_store_boundary.py)."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any: ...

    def commit(self) -> None: ...

    def close(self) -> None: ...


class PostgresError(Exception):
    """An error PostgreSQL (or the connection to it) raised while the store ran a statement; the
    psycopg error is its `__cause__`. `fatal` when every later statement would fail the same way."""

    def __init__(self, message: str, *, fatal: bool = False):
        super().__init__(message)
        self.fatal = fatal


# The errors a database operation can raise past the store's own `StoreError` (a locked or corrupt file,
# a server gone, met after opening): what the CLI turns into its one-line message.
DatabaseError = sqlite3.Error


class Dialect:
    """The SQL that differs between the engines, SQLite's here; `PostgresDialect` overrides it."""

    name = "sqlite"

    # Full-text search. `search_query` turns user input into the engine's query text (never its syntax:
    # every term quoted, all must occur); the fragments take that text as their one `?`.
    def search_query(self, text: str) -> str:
        terms = [t.replace('"', '""') for t in text.split()]
        return " ".join(f'"{t}"' for t in terms)

    def phrase_query(self, words: list[str]) -> str:
        """The words, adjacent and in order."""
        return '"' + " ".join(w.replace('"', '""') for w in words) + '"'

    def reports_matching(self) -> str:
        """FROM and WHERE of the reports `r` matching the query (one `?`)."""
        return "reports_fts f JOIN reports r ON r.id = f.rowid WHERE reports_fts MATCH ?"

    def match_rank(self) -> str:
        """ORDER BY of `reports_matching`: best match first."""
        return "f.rank, r.id"

    def quote_matches(self, column: str) -> str:
        """A condition: quote `column` (an id) matches the query (one `?`)."""
        return f"{column} IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"

    def in_small_set(self, column: str, subquery: str) -> str:
        """A condition: `column` is among the (few) values `subquery` gives; the engine should read those
        first and fetch their rows, not walk an ordered index hoping to meet them."""
        return f"{column} IN ({subquery})"

    def group_concat(self, expr: str) -> str:
        """The distinct values of `expr`, comma-joined."""
        return f"group_concat(DISTINCT {expr})"

    def id_list(self) -> str:
        """A subquery of the integers in a JSON array given as its one `?`."""
        return "(SELECT value FROM json_each(?))"

    # One row that changes whenever a report (and with it any fact) is added or removed, read in well under
    # a millisecond: the newest row ids and the report count. SQLite has one writer at a time, so ids are
    # committed in order and a new report always moves a newest id.
    FINGERPRINT = ("SELECT (SELECT count(*) FROM reports), (SELECT max(id) FROM reports), "
                   "(SELECT max(id) FROM roles), (SELECT max(id) FROM quotes), (SELECT max(id) FROM events), "
                   "(SELECT max(id) FROM positions), (SELECT max(id) FROM mentions)")

    def fetch_within(self, conn: Any, sql: str, args: tuple, budget_s: float) -> list[Any] | None:
        """The rows of `sql`, or None when it runs longer than `budget_s` (SQLite interrupts it)."""
        deadline = time.perf_counter() + budget_s
        conn.set_progress_handler(lambda: time.perf_counter() > deadline, 2000)
        try:
            return list(conn.execute(sql, args).fetchall())
        except sqlite3.OperationalError as exc:
            if "interrupt" not in str(exc):
                raise
            return None
        finally:
            conn.set_progress_handler(None, 0)

    def begin_write(self, conn: Any) -> None:
        """Open a write transaction: SQLite takes its write lock now, so writers queue here."""
        conn.execute("BEGIN IMMEDIATE")


SQLITE = Dialect()


def dialect_of(conn: Any) -> Dialect:
    """The dialect of a store connection (a plain `sqlite3.Connection` is SQLite's)."""
    return getattr(conn, "dialect", SQLITE)


_savepoints = itertools.count()


@contextmanager
def atomic(conn: Connection) -> Iterator[Connection]:
    """One write transaction. Inside another it is a savepoint: a failure undoes this part alone (and is
    raised), while what the outer transaction wrote before stays, to be committed or rolled back by it."""
    if conn.in_transaction:
        name = f"parley_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # else the database rolled the whole transaction back itself (disk full)
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    dialect_of(conn).begin_write(conn)
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
