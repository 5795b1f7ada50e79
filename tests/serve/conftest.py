"""A small knowledge base written for the web tests: four reports with hand-made facts, one of them hostile.

The facts do not come from the extractor (which is not under test here): each report is an `Extraction`
built by hand and stored through the real resolver and store (`Ingestor.store_extraction`), so every
count the tests assert is known. No spaCy model is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
import pytest
from pgserver import db_target

from parley.api import Ingestor
from parley.models import Event, Extraction, LocalActor, Mention, Position, Quote, Report, Role, Span
from parley.store.db import Store

# Markup that must never reach a page as markup. Each one would set window.__pwned if it ran.
HOSTILE_BITS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">',
                "<script>window.__pwned=3</script>", '<a href="javascript:window.__pwned=6">']


@dataclass
class Written:
    """A report written for the tests: sentences and the facts each states."""

    doc: str
    published: str | None
    sentences: list[str]
    actors: list[tuple[str, str, str | None, list[str]]]  # name, kind, registry id, forms to mark
    roles: list[tuple[str, str, str | None, bool, int]] = field(default_factory=list)  # actor, title, of, former, sent
    quotes: list[tuple[str, str, int]] = field(default_factory=list)  # speaker, quotation, sentence
    events: list[tuple[str, list[str], list[str], str | None, str | None, str, int]] = field(default_factory=list)
    positions: list[tuple[str, str, str, int]] = field(default_factory=list)  # holder, issue, stance, sentence
    title: str | None = None
    url: str | None = None
    sources: list[str] = field(default_factory=list)


REPORTS = [
    Written(
        doc="geneva-round.txt", published="2025-03-10", title="Geneva round opens", url="https://example.org/geneva",
        sources=["Example Wire"],
        sentences=[
            "GENEVA, March 10 - Foreign Minister Ada Vernon of Ukraine and envoy Boris Kalm of Russia met in Geneva.",
            'Vernon said: "We want a full ceasefire before anything else."',
            "Kalm rejected the ceasefire plan and demanded talks on root causes.",
        ],
        actors=[("Ada Vernon", "person", None, ["Ada Vernon", "Vernon"]),
                ("Boris Kalm", "person", None, ["Boris Kalm", "Kalm"]),
                ("Ukraine", "country", "ukraine", ["Ukraine"]), ("Russia", "country", "russia", ["Russia"])],
        roles=[("Ada Vernon", "Foreign Minister", "Ukraine", False, 0), ("Boris Kalm", "envoy", "Russia", False, 0)],
        events=[("consult", ["Ada Vernon", "Boris Kalm"], [], "2025-03-10", "Geneva", "met", 0),
                ("reject", ["Boris Kalm"], ["Ada Vernon"], "2025-03-10", None, "rejected", 2)],
        quotes=[("Ada Vernon", "We want a full ceasefire before anything else.", 1)],
        positions=[("Ada Vernon", "ceasefire", "support", 1), ("Boris Kalm", "ceasefire", "oppose", 2),
                   ("Boris Kalm", "root_causes", "support", 2)],
    ),
    Written(
        doc="ankara-talks.txt", published="2025-04-02",
        sentences=[
            "ANKARA, April 2 - Boris Kalm held talks with Clara Dunmore of Turkey in Ankara.",
            "Dunmore, the former defence minister, accused Kalm of stalling the prisoner exchange.",
            '"An exchange of all for all is possible this month," Dunmore said.',
        ],
        actors=[("Boris Kalm", "person", None, ["Boris Kalm", "Kalm"]),
                ("Clara Dunmore", "person", None, ["Clara Dunmore", "Dunmore"]),
                ("Turkey", "country", "turkey", ["Turkey"])],
        roles=[("Clara Dunmore", "defence minister", None, True, 1)],
        events=[("consult", ["Boris Kalm"], ["Clara Dunmore"], "2025-04-02", "Ankara", "held talks", 0),
                ("accuse", ["Clara Dunmore"], ["Boris Kalm"], "2025-04-02", None, "accused", 1)],
        quotes=[("Clara Dunmore", "An exchange of all for all is possible this month,", 2)],
        positions=[("Clara Dunmore", "prisoner_exchange", "support", 2)],
    ),
    Written(
        doc="undated-note.txt", published=None,
        sentences=["Ada Vernon, now Prime Minister, told Ukraine's parliament that the talks would go on."],
        actors=[("Ada Vernon", "person", None, ["Ada Vernon"]), ("Ukraine", "country", "ukraine", ["Ukraine"])],
        roles=[("Ada Vernon", "Prime Minister", None, False, 0)],
        events=[("request", ["Ada Vernon"], [], None, None, "told", 0)],
    ),
    Written(
        doc="hostile.txt", published="2025-05-01", title="<script>window.__pwned=5</script> Lviv meeting",
        url="javascript:window.__pwned=4",
        sentences=[
            f"{HOSTILE_BITS[0]} Ada Vernon met Eve Mallory in Lviv.",
            f'{HOSTILE_BITS[1]} Mallory said: "{HOSTILE_BITS[2]} is my answer."',
            f"{HOSTILE_BITS[3]}read more</a> Mallory rejected a ceasefire.",
        ],
        actors=[("Ada Vernon", "person", None, ["Ada Vernon"]),
                ("Eve Mallory", "person", None, ["Eve Mallory", "Mallory"])],
        events=[("consult", ["Ada Vernon", "Eve Mallory"], [], "2025-05-01", "Lviv", "met", 0),
                ("reject", ["Eve Mallory"], [], "2025-05-01", None, "rejected", 2)],
        quotes=[("Eve Mallory", f"{HOSTILE_BITS[2]} is my answer.", 1)],
        positions=[("Eve Mallory", "ceasefire", "oppose", 2)],
    ),
]


def _extraction(w: Written) -> Extraction:
    text = " ".join(w.sentences)
    bounds, pos = [], 0
    for s in w.sentences:
        bounds.append((pos, pos + len(s)))
        pos += len(s) + 1

    def span(needle: str, sent: int) -> Span:
        s0, s1 = bounds[sent]
        start = text.index(needle, s0, s1)
        return Span(start, start + len(needle), s0, s1)

    actors: dict[str, LocalActor] = {}
    taken: set[int] = set()
    for ref, (name, kind, registry_id, forms) in enumerate(w.actors):
        a = LocalActor(ref=ref, kind=kind, name=name, registry_id=registry_id, country=None)
        for form in sorted(forms, key=len, reverse=True):
            start = text.find(form)
            while start >= 0:
                if not taken & set(range(start, start + len(form))):
                    taken.update(range(start, start + len(form)))
                    sent = next(i for i, (s0, s1) in enumerate(bounds) if s0 <= start < s1)
                    a.mentions.append(Mention(form, Span(start, start + len(form), *bounds[sent])))
                start = text.find(form, start + 1)
        a.mentions.sort(key=lambda m: m.span.start)
        actors[name] = a
    ref = {name: a.ref for name, a in actors.items()}
    report = Report(doc=w.doc, text=text, published=date.fromisoformat(w.published) if w.published else None,
                    title=w.title, url=w.url, sources=list(w.sources), origin="tests")
    return Extraction(
        report=report, actors=list(actors.values()),
        roles=[Role(ref[a], title, ref[of] if of else None, former, span(title, s)) for a, title, of, former, s in w.roles],
        quotes=[Quote(ref[who], quote, span(quote, s)) for who, quote, s in w.quotes],
        events=[Event(t, [ref[x] for x in acts], [ref[x] for x in tgts], d, place, cue, span(cue, s))
                for t, acts, tgts, d, place, cue, s in w.events],
        positions=[Position(ref[h], issue, stance, Span(*bounds[s], *bounds[s])) for h, issue, stance, s in w.positions],
    )


def build_knowledge_base(path: Path, reports: list[Written] = REPORTS) -> Path:
    """Store `reports` with their hand-made facts in a new database at `path`."""
    with Store(path) as store:
        ingestor = Ingestor(store)
        for w in reports:
            assert ingestor.store_extraction(_extraction(w)) is not None
    return path


@pytest.fixture(scope="session", name="build_knowledge_base")
def build_knowledge_base_fixture():
    """`build_knowledge_base(path)`: a fresh copy of the test knowledge base, for tests that write."""
    return build_knowledge_base


@pytest.fixture(scope="session")
def kb_path(request, tmp_path_factory):
    """The test knowledge base: a SQLite file, or a PostgreSQL URL (PARLEY_TEST_BACKEND=postgresql)."""
    return build_knowledge_base(db_target(request, tmp_path_factory.mktemp("serve") / "kb.db"))


@pytest.fixture(scope="session")
def report_ids(kb_path) -> dict[str, int]:
    with Store(kb_path, readonly=True) as store:
        return {r["doc"]: r["id"] for r in store.conn.execute("SELECT id, doc FROM reports")}


@pytest.fixture(scope="session")
def app(kb_path):
    from parley.serve.app import create_app

    return create_app(str(kb_path), token=None)


@pytest.fixture
def anyio_backend():
    """Async tests run on asyncio through anyio's pytest plugin (`pytest.mark.anyio`)."""
    return "asyncio"


@pytest.fixture
async def client(app):
    """The app in-process: httpx over ASGI, no server."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as c:
        yield c
