"""The PostgreSQL backend: a `postgresql://` URL in `--db` or `PARLEY_DB` opens it.

`PgConnection` takes the calls the store's functions make of a `sqlite3.Connection` (`execute`,
`executemany`, `in_transaction`, rows readable by name and by position) on one connection of a
`psycopg_pool` pool, and `PostgresDialect` holds the statements that differ (full-text search with a
`tsvector` column and GIN index, `string_agg`, statement timeouts). The SQL itself stays the store's:
`?` placeholders become psycopg's `%s` here, nothing else is rewritten.

Concurrency: the connection runs in autocommit mode and the store opens its transactions explicitly, as
on SQLite. A write transaction takes a transaction-level advisory lock first (`WRITE_LOCK`), so writers
queue as SQLite's `BEGIN IMMEDIATE` makes them: resolving a report's actors against what the database
holds and writing them is one critical section across processes and machines, and two writers meeting one
new person under two spellings make one actor. Readers take no lock and see committed data only.
Migrations run under another advisory lock (`MIGRATE_LOCK`), in one transaction (DDL is transactional).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from parley.store.sql import Dialect, PostgresError

# Advisory lock keys (any two bigints parley owns): one for writers, one for migrations.
WRITE_LOCK = 0x7061726C6579_01  # "parley" 1
MIGRATE_LOCK = 0x7061726C6579_02

# Connections per pool: a CLI process uses one; the web app one per request being served at once.
POOL_SIZE = 8
CONNECT_TIMEOUT = 10  # seconds
WALK_FLOOR_S = 0.060  # the least time a statement run within a budget gets (see `fetch_within`)

_TSCONFIG = "'simple'"
_WORD = re.compile(r"[^\W_]+")  # no stemming and no stop words: words match as typed, like SQLite's FTS5


def is_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class Row(tuple):
    """A result row read by position or by column name, and `dict(row)`-able, as `sqlite3.Row`."""

    __slots__ = ()
    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_names": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    if cursor.description is None:
        return None
    cls = _row_class(tuple(c.name for c in cursor.description))
    return cls


@lru_cache(maxsize=4096)
def translate(sql: str, params: bool) -> str:
    """The store's SQL as PostgreSQL takes it: with `params`, `?` placeholders become psycopg's `%s` (and a
    literal `%` is doubled); and every ORDER BY sorts NULL first, as SQLite does (`sqlite_null_order`)."""
    sql = sqlite_null_order(sql)
    if not params:
        return sql
    out = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


# Columns that are never NULL and that orderings walk an index by: left as written, so PostgreSQL still
# reads them from the index (`ORDER BY id DESC NULLS LAST` does not match an index on `id`).
_NOT_NULL = {"id", "rowid", "report_id", "ord", "start", "event_id", "step_id"}
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\w+|\s+|.", re.S)
_ORDER_END = {"limit", "offset", "union", "except", "intersect", "rows", "range", "groups", "fetch"}


def sqlite_null_order(sql: str) -> str:
    """Each ORDER BY item with SQLite's NULL order made explicit: NULL is the smallest value there (first
    ascending, last descending), the largest on PostgreSQL. Items naming a column of `_NOT_NULL` and items
    that say NULLS already are left alone."""
    if "order by" not in sql.lower():
        return sql
    tokens = _TOKEN.findall(sql)
    out: list[str] = []
    i = 0
    depth = 0
    while i < len(tokens):
        tok = tokens[i]
        out.append(tok)
        i += 1
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif tok.lower() == "order":
            j = i
            while j < len(tokens) and tokens[j].isspace():
                j += 1
            if j < len(tokens) and tokens[j].lower() == "by":
                out.extend(tokens[i:j + 1])
                i = j + 1
                i = _order_items(tokens, i, out)
    return "".join(out)


def _order_items(tokens: list[str], i: int, out: list[str]) -> int:
    """Copy the items of one ORDER BY from tokens[i:] to `out`, each with its NULL order; the index after."""
    item: list[str] = []
    depth = 0

    def flush() -> None:
        words = [t.lower() for t in item if t.strip()]
        text = "".join(item)
        trail = len(text) - len(text.rstrip())
        body, tail = text[:len(text) - trail], text[len(text) - trail:]
        if words and "nulls" not in words:
            descending = words[-1] == "desc"
            column = [w for w in words if w not in ("asc", "desc")]
            if not (column and column[-1] in _NOT_NULL and len(column) in (1, 3) and
                    (len(column) == 1 or column[1] == ".")):
                body += " NULLS LAST" if descending else " NULLS FIRST"
        out.append(body + tail)
        item.clear()

    while i < len(tokens):
        tok = tokens[i]
        low = tok.lower()
        if depth == 0 and (tok == ")" or tok == ";" or low in _ORDER_END):
            break
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if depth == 0 and tok == ",":
            flush()
            out.append(",")
        else:
            item.append(tok)
        i += 1
    flush()
    return i


def _wrap(exc: Exception, doing: str = "") -> PostgresError:
    import psycopg

    fatal = isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
    message = " ".join(str(exc).split()) or type(exc).__name__
    return PostgresError(f"{doing}{message}", fatal=fatal)


class Cursor:
    """The part of a DB-API cursor the store reads: rows, `rowcount`."""

    def __init__(self, cur: Any):
        self._cur = cur

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)

    def fetchone(self) -> Any:
        row = self._cur.fetchone() if self._cur.description is not None else None
        return row

    def fetchall(self) -> list[Any]:
        return list(self._cur.fetchall()) if self._cur.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        if self._cur.description is None:
            return iter(())
        return iter(self._cur)


class PostgresDialect(Dialect):
    name = "postgresql"

    def search_query(self, text: str) -> str:
        # websearch_to_tsquery: each quoted term a phrase, all of them required, never a syntax error. A
        # term is cut into its words first, as FTS5 cuts it: "all-for-all" is the phrase "all for all".
        # Input without a word matches nothing (as on SQLite), not everything: '""' holds no lexeme.
        terms = [" ".join(_WORD.findall(t)) for t in text.split()]
        return " ".join(f'"{t}"' for t in terms if t) or ('""' if text.strip() else "")

    def phrase_query(self, words: list[str]) -> str:
        return '"' + " ".join(" ".join(_WORD.findall(w)) for w in words) + '"'

    def reports_matching(self) -> str:
        return (f"reports r CROSS JOIN websearch_to_tsquery({_TSCONFIG}, ?) AS query "
                f"WHERE r.search @@ query")

    def match_rank(self) -> str:
        return "ts_rank(r.search, query) DESC, r.id"

    def quote_matches(self, column: str) -> str:
        return (f"{column} IN (SELECT id FROM quotes WHERE search @@ websearch_to_tsquery({_TSCONFIG}, ?))")

    def in_small_set(self, column: str, subquery: str) -> str:
        # An array computed once: the planner cannot turn it into a semi-join walked in the ORDER BY's index
        # order (at 50,000 reports it walked all 205,000 events for an actor in 1,852 of them: 0.5 s).
        return f"{column} = ANY(ARRAY({subquery}))"

    def group_concat(self, expr: str) -> str:
        return f"string_agg(DISTINCT {expr}, ',')"

    def id_list(self) -> str:
        return "(SELECT value::bigint FROM json_array_elements_text(?::json))"

    # Here count(*) reads the whole table (35-90 ms at 50,000 reports, on every cached answer). The current
    # snapshot (xmin:xmax:in-progress ids) is what decides which rows a query sees, read in microseconds:
    # while it is the same, so is every answer. It also moves on writes elsewhere in the cluster, which only
    # clears the answer cache more often than needed.
    FINGERPRINT = "SELECT pg_current_snapshot()::text"

    def fetch_within(self, conn: Any, sql: str, args: tuple, budget_s: float) -> list[Any] | None:
        # At least WALK_FLOOR_S: planning and the round trip take a few ms before the walk starts, and what
        # a timed-out walk falls back on (sorting every event of a busy actor) costs far more here than in
        # SQLite (at 50,000 reports: ~150 ms for Ukraine against a ~40 ms walk).
        budget_s = max(budget_s, WALK_FLOOR_S)
        conn.execute(f"SET statement_timeout = {max(1, int(budget_s * 1000))}")
        try:
            return conn.execute(sql, args).fetchall()
        except PostgresError as exc:
            if "canceling statement due to statement timeout" not in str(exc):
                raise
            return None
        finally:
            conn.execute("SET statement_timeout = 0")

    def begin_write(self, conn: Any) -> None:
        conn.execute("BEGIN")
        conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


POSTGRESQL = PostgresDialect()


# --- pools ---------------------------------------------------------------------------------------------

_pools: dict[tuple[str, bool], Any] = {}
_pools_lock = threading.Lock()


def _configure(conn: Any) -> None:
    conn.autocommit = True


def pool(url: str, *, readonly: bool) -> Any:
    """The process's pool for `url` (one for readers, whose sessions are read-only, one for writers)."""
    from psycopg_pool import ConnectionPool

    with _pools_lock:
        found = _pools.get((url, readonly))
        if found is None:
            options = "-c default_transaction_read_only=on" if readonly else ""
            found = ConnectionPool(url, min_size=0, max_size=POOL_SIZE, open=True, configure=_configure,
                                   kwargs={"options": options, "connect_timeout": CONNECT_TIMEOUT},
                                   timeout=CONNECT_TIMEOUT, name=f"parley-{'r' if readonly else 'w'}")
            _pools[(url, readonly)] = found
        return found


def close_pools(url: str | None = None) -> None:
    """Close the pools of `url` (of every URL when None) and their idle connections."""
    with _pools_lock:
        for key in [k for k in _pools if url is None or k[0] == url]:
            _pools.pop(key).close()


def _connect_error(url: str, exc: BaseException) -> PostgresError:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    # psycopg_pool says "couldn't get a connection after 10.00 sec"; the reason is the last attempt's.
    cause = getattr(exc, "__cause__", None) or getattr(exc, "__context__", None)
    if cause is not None and "couldn't get a connection" in reason:
        reason = " ".join(str(cause).split())
    return PostgresError(f"cannot connect to {redact(url)}: {reason}", fatal=True)


def _probe(url: str) -> None:
    """Connect once without the pool, for a clear message when the server is unreachable (the pool
    retries in the background until its timeout and then names no reason)."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True).close()
    except (psycopg.Error, ValueError) as exc:
        raise _connect_error(url, exc) from None


class PgConnection:
    """One pooled PostgreSQL connection, held until `close` gives it back."""

    dialect = POSTGRESQL

    def __init__(self, url: str, *, readonly: bool = False):
        self.url = url
        self.readonly = readonly
        if not any(key[0] == url for key in _pools):
            _probe(url)
        self._pool = pool(url, readonly=readonly)
        try:
            self._conn = self._pool.getconn()
        except Exception as exc:  # noqa: BLE001 - PoolTimeout and friends: say why, in one line
            raise _connect_error(url, exc) from None

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self._conn.info.transaction_status != TransactionStatus.IDLE)

    def execute(self, sql: str, parameters: Sequence[Any] | None = None, /) -> Cursor:
        cur = self._conn.cursor(row_factory=_row_factory)
        try:
            if parameters:
                cur.execute(translate(sql, True), _values(parameters))
            else:
                cur.execute(translate(sql, False))
        except Exception as exc:
            if _is_psycopg_error(exc):
                raise _wrap(exc) from exc
            raise
        return Cursor(cur)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        rows = [_values(p) for p in parameters]
        cur = self._conn.cursor(row_factory=_row_factory)
        if rows:
            try:
                cur.executemany(translate(sql, True), rows)
            except Exception as exc:
                if _is_psycopg_error(exc):
                    raise _wrap(exc) from exc
                raise
        return Cursor(cur)

    def executescript(self, sql: str) -> None:
        """Run a script of statements exactly as written (a migration: no placeholders, no rewriting)."""
        try:
            self._conn.execute(sql)
        except Exception as exc:
            if _is_psycopg_error(exc):
                raise _wrap(exc) from exc
            raise

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            self._pool.putconn(conn)  # the pool rolls back whatever was left open
        except Exception:  # noqa: BLE001 - a pool already closed: close the connection itself
            conn.close()


def _values(parameters: Sequence[Any]) -> tuple[Any, ...]:
    """Statement parameters as PostgreSQL takes them. Its text cannot hold NUL, which SQLite's can: parley
    stores none (ingest rejects files with NUL bytes), so a NUL in a value (a hostile id in a URL) becomes
    U+FFFF, a noncharacter, and the value still matches nothing instead of failing the statement."""
    return tuple(p.replace("\x00", "\uffff") if isinstance(p, str) and "\x00" in p else p for p in parameters)


def _is_psycopg_error(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, psycopg.Error)


# --- migrations ----------------------------------------------------------------------------------------

def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every PostgreSQL migration, in order. Versions match SQLite's: a
    PostgreSQL database at version 13 has the schema a SQLite one has after 0013."""
    from parley.store import db

    return db.migrations("postgresql")


def schema_version(conn: PgConnection) -> int:
    if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: PgConnection) -> int:
    """Apply the migrations newer than the database's `schema_version`, in one transaction under an
    advisory lock: of two processes migrating a new database at once, the second waits, then finds the
    work done."""
    from parley.store.db import StoreError

    pending = [m for m in migrations() if m[0] > schema_version(conn)]
    if not pending:
        return schema_version(conn)
    name = "?"
    try:
        conn.execute("BEGIN")
        conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATE_LOCK})")
        current = schema_version(conn)
        for version, name, sql in migrations():  # noqa: B007 - `name` is reported if the migration fails
            if version <= current:
                continue
            conn.executescript(sql)
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            current = version
        conn.execute("COMMIT")
    except PostgresError as exc:
        conn.rollback()
        raise StoreError(f"migration {name} failed: {exc}") from exc
    return current


def connect(url: str, *, readonly: bool = False) -> PgConnection:
    """A pooled connection to the database at `url`, migrated first unless `readonly`."""
    from parley.store.db import StoreError

    try:
        conn = PgConnection(url, readonly=readonly)
    except PostgresError as exc:
        raise StoreError(str(exc)) from None
    try:
        if not readonly:
            migrate(conn)
    except (StoreError, PostgresError) as exc:
        conn.close()
        raise StoreError(f"database {redact(url)}: {exc}") from None
    return conn
