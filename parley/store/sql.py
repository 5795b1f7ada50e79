"""One write transaction on a raw SQLite connection, safe to nest.

The store's connections run in autocommit mode (`isolation_level = None`: every statement exactly as
written, see `parley.store.db.connect`), so a group of writes that must land together asks for a
transaction explicitly. Inside one already open it joins it: the outer one commits or rolls back.
(`with conn:` would not do: it commits whatever transaction is open, an outer one included.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

# What callers outside the store hold: an open handle they pass back to the store's functions, never
# a thing to run SQL on (tests/test_store_boundary.py). One backend today, SQLite; a second one would
# make this a union of the backends' handles, each function dispatching on the dialect.
Connection = sqlite3.Connection
# The errors a database operation can raise past the store's own `StoreError` (a locked or corrupt file
# met after opening): what the CLI turns into its one-line message.
DatabaseError = sqlite3.Error


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
