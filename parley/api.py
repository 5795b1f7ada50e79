"""parley's Python API: the one place that runs ingest -> extract -> resolve -> store.

The CLI and the HTTP API are skins over these functions.

    from parley.api import ingest_paths
    summary = ingest_paths(["examples/"], db="parley.db")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from parley.defaults import default_db
from parley.extract.pipeline import default_processes
from parley.ingest import DEFAULT_MAX_BYTES, IngestError
from parley.lexicon import load_lexicon
from parley.models import Extraction, Report
from parley.resolve.actors import ActorResolver
from parley.resolve.instruments import InstrumentResolver
from parley.store.copies import CopyLedger
from parley.store.db import Store, StoreError, fatal_error
from parley.store.instruments import known_instruments

_T = TypeVar("_T")


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    skipped: int = 0  # already stored (same normalized text)
    failed: list[IngestError] = field(default_factory=list)
    actors: int = 0  # actors in the knowledge base after the run
    new_docs: list[str] = field(default_factory=list)
    copies: int = 0  # near-copies of stored reports, folded into them instead of extracted

    @property
    def ok(self) -> bool:
        return not self.failed



class Ingestor:
    """Extracts, resolves and stores reports into one Store. Holds the resolver's index between calls.

    Other processes may write into the same database at the same time: each report is resolved inside its
    write transaction, after the resolver has learnt the actors the others stored (see `store_extraction`).
    """

    def __init__(self, store: Store, *, fold_copies: bool = True):
        self.store = store
        self.fold_copies = fold_copies  # False: a near-copy is extracted and stored like any report
        self.actor_mark = store.actor_mark()  # read before the actors, so none added meanwhile is missed
        self.resolver = ActorResolver(load_lexicon(), store.known_actors())
        self.copies = store.run(CopyLedger, store.path)
        self.instruments = InstrumentResolver(store.run(known_instruments))
        self.store.written_elsewhere()  # from here on, the resolver holds what the database holds
        self.instruments_stale = False  # a failed report's transaction undid what the resolver still holds

    def store_extraction(self, ext: Extraction) -> int | None:
        # Resolution inside the write transaction, against what the database holds now: a person another
        # process stored a moment ago is found, not created a second time under another spelling.
        try:
            with self.store.transaction():
                if self.store.has_report(ext.report.key):
                    return None
                news, self.actor_mark = self.store.actors_since(self.actor_mark)
                self.resolver.learn(news)
                # Instruments too, as the database holds them now: another writer may have met one first, or
                # dated or numbered one this process knows. Re-read (under the lock) when another connection
                # has written since, or a failed report left the resolver ahead of the database; not for a
                # report that names none, which the resolver then has nothing to do for.
                if ext.instruments and (self.store.written_elsewhere() or self.instruments_stale):
                    self.instruments = InstrumentResolver(self.store.run(known_instruments))
                    self.instruments_stale = False
                touched = self.resolver.resolve(ext)
                rid = self.store.add(ext, touched, self.instruments.resolve(ext))
        except BaseException:
            self.instruments_stale = self.instruments_stale or bool(ext.instruments)
            raise
        # The copy ledger keeps the report's signature (and the copies waiting for it) in its own write. Not
        # folding, there is nothing to keep: a later run that folds signs the reports it finds unsigned.
        if self.fold_copies:
            self.copies.stored(ext.report, rid)
        return rid

    def _dated_last(self, items: Iterable[Report | IngestError],
                    yearless: list[Report]) -> Iterator[Report | IngestError]:
        from parley.ingest.metadata import dateline_without_year

        dated = []
        for item in items:
            if isinstance(item, Report) and item.published is None and dateline_without_year(item.text):
                yearless.append(item)
                continue
            if isinstance(item, Report) and item.published is not None:
                dated.append(item.published)
            yield item
        complete_dateline_years(yearless, dated, self.store)
        yield from yearless

    def ingest(self, items: Iterable[Report | IngestError], *, processes: int = 1,
               on_progress: Callable[[int], None] | None = None,
               on_error: Callable[[IngestError], None] | None = None) -> IngestSummary:
        """Extract, resolve and store `items`; every error goes to `on_error` the moment it is found (and
        into the summary), and no input, however bad, ends the run."""
        from parley.extract.pipeline import ExtractionFailure, extract_batches, size_problem

        summary = IngestSummary()
        seen: set[str] = set()

        # Reports whose dateline gives a month and day but no year wait for the batch's dated reports,
        # which give the year (see `complete_dateline_years`).
        yearless: list[Report] = []

        def failed(err: IngestError) -> None:
            summary.failed.append(err)
            if on_error:
                on_error(err)
            if on_progress:
                on_progress(1)

        def failed_extraction(failure: ExtractionFailure) -> None:
            failed(IngestError(failure.report.origin or failure.report.doc, failure.reason))

        def fresh() -> Iterator[Report]:
            for item in self._dated_last(_guarded_items(items, failed), yearless):
                if isinstance(item, IngestError):
                    failed(item)
                    continue
                problem = size_problem(item)  # before hashing it or sending it to a worker
                if problem:
                    failed(IngestError(item.origin or item.doc, problem))
                    continue
                if self._admit(item, seen, summary, on_progress):
                    yield item

        # One write transaction per chunk the workers send back, each report in a savepoint of its own (one
        # that cannot be stored is undone alone): a commit per report cost about 1 ms of CPU a report, and
        # the transaction is open only while a chunk that has arrived is stored, never while waiting.
        for batch in extract_batches(fresh(), processes=processes, on_error=failed_extraction):
            with self.store.transaction():
                for ext in batch:
                    self._store(ext, summary, failed, on_progress)
        return self._finish(summary)

    def store_extracted(self, extractions: Iterable[Extraction | IngestError], *,
                        on_progress: Callable[[int], None] | None = None,
                        on_error: Callable[[IngestError], None] | None = None) -> IngestSummary:
        """Resolve and store extractions made elsewhere (the Spark batch, see `parley.batch`), in the order
        given, exactly as `ingest` stores the ones it makes: a report already stored or seen earlier in
        `extractions` is skipped, a near-copy is folded into the report it copies (unless `fold_copies` is
        off), and ids are given in this order. Given the reports in the order `ingest` reads them (dateline
        years already completed), the knowledge base is the one `ingest` builds."""
        summary = IngestSummary()
        seen: set[str] = set()

        def failed(err: IngestError) -> None:
            summary.failed.append(err)
            if on_error:
                on_error(err)
            if on_progress:
                on_progress(1)

        for item in _guarded_items(extractions, failed):
            if isinstance(item, IngestError):
                failed(item)
            elif self._admit(item.report, seen, summary, on_progress):
                self._store(item, summary, failed, on_progress)
        return self._finish(summary)

    def _admit(self, report: Report, seen: set[str], summary: IngestSummary,
               on_progress: Callable[[int], None] | None) -> bool:
        """Whether `report` is to be extracted and stored: not when it is stored already, seen earlier in this
        run, or a near-copy folded into the report it copies (a hash, not an extraction)."""
        key = report.key
        if key in seen or self.store.has_report(key):
            summary.skipped += 1
            if on_progress:
                on_progress(1)
            return False
        folded = self.copies.fold(report) if self.fold_copies else None
        if folded:
            summary.copies += folded == "copy"
            summary.skipped += folded == "known"
            if on_progress:
                on_progress(1)
            return False
        seen.add(key)
        return True

    def _store(self, ext: Extraction, summary: IngestSummary, failed: Callable[[IngestError], None],
               on_progress: Callable[[int], None] | None) -> None:
        try:
            rid = self.store_extraction(ext)
        except Exception as exc:  # noqa: BLE001 - one report that cannot be stored must not end the run
            if isinstance(exc, StoreError):
                raise
            if fatal_error(exc):
                raise StoreError(f"cannot write to database {self.store.path}: {exc}") from exc
            failed(IngestError(ext.report.origin or ext.report.doc,
                               f"could not be stored ({type(exc).__name__}: {str(exc)[:200]}); "
                               "the rest of the batch goes on"))
            return
        if rid is None:
            summary.skipped += 1
        else:
            summary.new += 1
            summary.new_docs.append(ext.report.doc)
        if on_progress:
            on_progress(1)

    def _finish(self, summary: IngestSummary) -> IngestSummary:
        if summary.new:
            self.store.estimate_undated()
        summary.actors = self.store.reported_actor_count()
        return summary


def complete_dateline_years(reports: list[Report], dated: list, store: Store) -> None:
    """Give each report whose dateline lacks a year the year of its neighbours: the batch's dated reports,
    else the stored ones (the latest 1,000)."""
    from datetime import date

    from parley.ingest.metadata import dateline_without_year, year_from_neighbours

    if not reports:
        return
    if not dated:
        dated = [date.fromisoformat(d) for d in store.latest_dates(1000)]
    for rep in reports:
        md = dateline_without_year(rep.text)
        if md:
            rep.published = year_from_neighbours(md[0], md[1], dated)


def _guarded_items(items: Iterable[_T], failed: Callable[[IngestError], None]) -> Iterator[_T]:
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


def ingest_paths(paths: Iterable[str | Path], db: str | Path | None = None, *, processes: int | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False,
                 fold_copies: bool = True, on_error: Callable[[IngestError], None] | None = None) -> IngestSummary:
    """Read every report under `paths` into the database `db` (created and migrated as needed).

    A path that is a URL is fetched (see `parley.ingest.fetch`: private addresses only with `allow_private`).
    Each bad input is passed to `on_error` when it is found (as well as listed in the summary). A run that
    stores nothing into a database that did not exist leaves no database behind, so a typo in a path does
    not leave an empty file that `parley serve` would then show as an empty knowledge base.
    """
    from parley.extract.pipeline import workers_warming
    from parley.ingest.fetch import FetchOptions
    from parley.ingest.web import iter_sources
    from parley.store.db import is_url

    processes = processes or default_processes()
    target = str(db or default_db())
    path = Path(target)
    created = target != ":memory:" and not is_url(target) and not path.exists()
    summary = None
    reports = iter_sources([p if isinstance(p, str) else Path(p) for p in paths], FetchOptions(allow_private),
                           max_bytes=max_bytes)
    try:
        with workers_warming(processes), Store(target) as store:
            summary = Ingestor(store, fold_copies=fold_copies).ingest(
                reports, processes=processes, on_progress=on_progress, on_error=on_error)
    finally:
        if created and (summary is None or summary.new == 0):
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
    return summary


def export_records(db: str | Path | None = None, negotiation: str | None = None) -> Iterator[dict]:
    """One SCHEMA.md record per stored report (per report attached to `negotiation`, an id of negotiations.toml)."""
    with Store(db or default_db()) as store:
        yield from store.records(negotiation)


def watch_feeds(feeds: Iterable[str], db: str | Path | None = None, *, every_s: float = 900.0, once: bool = False,
                allow_private: bool = False, log: Callable[[str], None] | None = None) -> None:
    """Poll RSS/Atom feeds (URLs, feed files, or files listing them) into `db` until SIGTERM/Ctrl-C.

    Each new item is ingested once, even across restarts (see `parley.ingest.watch`). ValueError names a
    feed argument that is neither a URL, a feed file nor a list of them.
    """
    from parley.ingest.fetch import FetchOptions
    from parley.ingest.watch import Watcher, feed_sources

    sources = feed_sources(feeds)
    with Store(db or default_db()) as store:
        Watcher(Ingestor(store), sources, FetchOptions(allow_private), log=log).run(every_s, once=once)
