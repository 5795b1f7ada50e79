"""Answers that aggregate over every fact of an actor or the whole base, kept until the data changes.

A role timeline, a holder's positions, co-actors or the issue board summarise every row that states them.
Since migrations 0005 and 0015 the store answers each from its indexes even at 50,000 reports (uncached
actor pages p95 28 ms on SQLite, 50 ms on PostgreSQL, in `bench/api_latency.py`); the cache saves that
work on repeat visits and keeps warm p95 near 10 ms. Facts are only ever added with a report, so such
answers stay right until the database changes; each is stored under the database's `fingerprint` (on
SQLite the newest row ids and the report count, on PostgreSQL the current snapshot; either read in about a
millisecond or less) and dropped once that moves on.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from parley.store import Store
from parley.store.pages import fingerprint

T = TypeVar("T")

# Enough for every actor page of a large base plus the board pages; entries are small summaries.
MAX_ENTRIES = 1024


class AnswerCache:
    """A small LRU of computed answers keyed by (what, database fingerprint); safe across threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._version: tuple[int | str, ...] | None = None

    def get(self, db: Store, key: Hashable, compute: Callable[[], T]) -> T:
        version = db.run(fingerprint)
        with self._lock:
            if version != self._version:
                # A newer (or, for a reader that opened before a write, older) state: start over. Keying
                # by version instead would keep answers nobody can ask for any more.
                self._data.clear()
                self._version = version
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()  # outside the lock: two threads may compute the same answer once each
        with self._lock:
            if version == self._version:
                self._data[key] = value
                while len(self._data) > self.max_entries:
                    self._data.popitem(last=False)
        return value
