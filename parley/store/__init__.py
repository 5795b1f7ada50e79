"""The knowledge base: schema, migrations, writes and queries.

Every read and write of the database goes through this package: the CLI, the Python API, the ingest
watcher and the web app call its functions and `Store` methods and never run SQL themselves
(`tests/test_store_boundary.py` holds them to it).
"""

from parley.store.db import Store, StoreError, connect, reading
from parley.store.sql import Connection, DatabaseError, PostgresError

__all__ = ["Connection", "DatabaseError", "PostgresError", "Store", "StoreError", "connect", "reading"]
