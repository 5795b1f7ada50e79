"""parley's Python API: the one place that runs ingest -> extract -> resolve -> store.

The CLI and the HTTP API are skins over these functions.

    from parley.api import ingest_paths
    summary = ingest_paths(["examples/"], db="parley.db")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parley.ingest import IngestError, iter_reports
from parley.lexicon import load_lexicon
from parley.models import Extraction, Report
from parley.resolve.actors import ActorResolver
from parley.resolve.instruments import InstrumentResolver
from parley.store.db import Store
from parley.store.instruments import known_instruments

DEFAULT_DB = "parley.db"


def default_db() -> str:
    return os.environ.get("PARLEY_DB", DEFAULT_DB)


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    skipped: int = 0  # already stored (same normalized text)
    failed: list[IngestError] = field(default_factory=list)
    actors: int = 0  # actors in the knowledge base after the run
    new_docs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def default_processes() -> int:
    return max(1, min(2, os.cpu_count() or 1))


class Ingestor:
    """Extracts, resolves and stores reports into one Store. Holds the resolver's index between calls."""

    def __init__(self, store: Store):
        self.store = store
        self.resolver = ActorResolver(load_lexicon(), store.known_actors())
        self.instruments = InstrumentResolver(known_instruments(store.conn))

    def store_extraction(self, ext: Extraction) -> int | None:
        touched = self.resolver.resolve(ext)
        return self.store.add(ext, touched, self.instruments.resolve(ext))

    def ingest(self, items: Iterable[Report | IngestError], *, processes: int = 1,
               on_progress: Callable[[int], None] | None = None) -> IngestSummary:
        from parley.extract.pipeline import extract_stream

        summary = IngestSummary()
        seen: set[str] = set()

        def fresh() -> Iterator[Report]:
            for item in items:
                if isinstance(item, IngestError):
                    summary.failed.append(item)
                    if on_progress:
                        on_progress(1)
                    continue
                key = item.key
                if key in seen or self.store.has_report(key):
                    summary.skipped += 1
                    if on_progress:
                        on_progress(1)
                    continue
                seen.add(key)
                yield item

        for ext in extract_stream(fresh(), processes=processes):
            rid = self.store_extraction(ext)
            if rid is None:
                summary.skipped += 1
            else:
                summary.new += 1
                summary.new_docs.append(ext.report.doc)
            if on_progress:
                on_progress(1)
        summary.actors = self.store.conn.execute("SELECT count(*) FROM actors WHERE id IN "
                                                 "(SELECT actor_id FROM report_actors)").fetchone()[0]
        return summary


def ingest_paths(paths: Iterable[str | Path], db: str | Path | None = None, *, processes: int | None = None,
                 on_progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Read every report under `paths` into the database `db` (created and migrated as needed)."""
    with Store(db or default_db()) as store:
        return Ingestor(store).ingest(iter_reports([Path(p) for p in paths]),
                                      processes=processes or default_processes(), on_progress=on_progress)


def export_records(db: str | Path | None = None) -> Iterator[dict]:
    """One SCHEMA.md record per stored report."""
    with Store(db or default_db()) as store:
        yield from store.records()
