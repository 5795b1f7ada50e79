"""The knowledge base: schema, migrations, writes and queries."""

from parley.store.db import Store, connect

__all__ = ["Store", "connect"]
