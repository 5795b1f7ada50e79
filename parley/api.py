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
from parley.store.db import Store, StoreError

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
    """Extracts, resolves and stores reports into one Store. Holds the resolver's index between calls.

    Other processes may write into the same database at the same time: each report is resolved inside its
    write transaction, after the resolver has learnt the actors the others stored (see `store_extraction`).
    """

    def __init__(self, store: Store):
        self.store = store
        self.actor_mark = store.actor_mark()  # read before the actors, so none added meanwhile is missed
        self.resolver = ActorResolver(load_lexicon(), store.known_actors())

    def store_extraction(self, ext: Extraction) -> int | None:
        # Resolution inside the write transaction, against what the database holds now: a person another
        # process stored a moment ago is found, not created a second time under another spelling.
        with self.store.transaction():
            if self.store.has_report(ext.report.key):
                return None
            news, self.actor_mark = self.store.actors_since(self.actor_mark)
            self.resolver.learn(news)
            touched = self.resolver.resolve(ext)
            return self.store.add(ext, touched)

    def ingest(self, items: Iterable[Report | IngestError], *, processes: int = 1,
               on_progress: Callable[[int], None] | None = None,
               on_error: Callable[[IngestError], None] | None = None) -> IngestSummary:
        """Extract, resolve and store `items`; every error goes to `on_error` the moment it is found (and
        into the summary), and no input, however bad, ends the run."""
        from parley.extract.pipeline import ExtractionFailure, extract_stream, size_problem

        summary = IngestSummary()
        seen: set[str] = set()

        def failed(err: IngestError) -> None:
            summary.failed.append(err)
            if on_error:
                on_error(err)
            if on_progress:
                on_progress(1)

        def failed_extraction(failure: ExtractionFailure) -> None:
            failed(IngestError(failure.report.origin or failure.report.doc, failure.reason))

        def fresh() -> Iterator[Report]:
            for item in _guarded_items(items, failed):
                if isinstance(item, IngestError):
                    failed(item)
                    continue
                problem = size_problem(item)  # before hashing it or sending it to a worker
                if problem:
                    failed(IngestError(item.origin or item.doc, problem))
                    continue
                key = item.key
                if key in seen or self.store.has_report(key):
                    summary.skipped += 1
                    if on_progress:
                        on_progress(1)
                    continue
                seen.add(key)
                yield item

        for ext in extract_stream(fresh(), processes=processes, on_error=failed_extraction):
            try:
                rid = self.store_extraction(ext)
            except Exception as exc:  # noqa: BLE001 - one report that cannot be stored must not end the run
                if isinstance(exc, StoreError):
                    raise
                if _fatal_store_error(exc):
                    raise StoreError(f"cannot write to database {self.store.path}: {exc}") from exc
                failed(IngestError(ext.report.origin or ext.report.doc,
                                   f"could not be stored ({type(exc).__name__}: {str(exc)[:200]}); "
                                   "the rest of the batch goes on"))
                continue
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


def _guarded_items(items: Iterable[Report | IngestError],
                   failed: Callable[[IngestError], None]) -> Iterator[Report | IngestError]:
    """`items`, with a failure of the source itself named instead of raised (it ends the source, not the run)."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001
            failed(IngestError("input", f"reading the inputs stopped: unexpected {type(exc).__name__}: "
                                        f"{str(exc)[:200]}"))
            return
        yield item


def _fatal_store_error(exc: Exception) -> bool:
    """Errors of the database itself (disk full, file gone, locked past the timeout): every later report
    would fail the same way, so the run stops with them rather than naming each report."""
    import sqlite3

    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc) for word in ("disk", "locked", "readonly", "unable to open", "I/O"))


def ingest_paths(paths: Iterable[str | Path], db: str | Path | None = None, *, processes: int | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 on_error: Callable[[IngestError], None] | None = None) -> IngestSummary:
    """Read every report under `paths` into the database `db` (created and migrated as needed).

    Each bad input is passed to `on_error` when it is found (as well as listed in the summary)."""
    with Store(db or default_db()) as store:
        return Ingestor(store).ingest(iter_reports([Path(p) for p in paths]),
                                      processes=processes or default_processes(), on_progress=on_progress,
                                      on_error=on_error)


def export_records(db: str | Path | None = None) -> Iterator[dict]:
    """One SCHEMA.md record per stored report."""
    with Store(db or default_db()) as store:
        yield from store.records()
