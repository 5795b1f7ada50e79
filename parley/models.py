"""Typed records that cross parley's stage boundaries.

ingest produces :class:`Report`; extract turns a report into an :class:`Extraction` whose actors are
*local* (numbered within the report); resolve maps local actors to global ids; the store keeps it all and
builds the SCHEMA.md record from what it stored (:meth:`parley.store.db.Store.record`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ActorKind = Literal["person", "organization", "country"]
Stance = Literal["support", "oppose"]


def normalize_text(text: str) -> str:
    """Canonical form of a report's text for hashing: NFC, unified newlines, trimmed lines and blank runs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """Stable key of a report: the SHA-256 of its normalized text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Report:
    """One news report as ingested: text plus what its source said about it."""

    doc: str  # file name or the id given by the source
    text: str  # the body to extract from (header lines such as `date ...` removed)
    published: date | None = None
    url: str | None = None
    title: str | None = None
    sources: list[str] = field(default_factory=list)
    origin: str | None = None  # where it was read from: path, path:line
    outlet: str | None = None  # the site that published it, where known (its name, a feed's title)

    @property
    def key(self) -> str:
        return content_hash(self.text)



@dataclass(slots=True)
class Span:
    """Character offsets into a report's text; `sent_*` are the enclosing sentence's offsets."""

    start: int
    end: int
    sent_start: int
    sent_end: int


@dataclass(slots=True)
class Mention:
    text: str
    span: Span


@dataclass(slots=True)
class LocalActor:
    """An actor as one report names it. `ref` is local to the report; `id` is filled by resolve."""

    ref: int
    kind: ActorKind
    name: str  # the fullest form the report uses (a person's full name, an organization's long form)
    mentions: list[Mention] = field(default_factory=list)
    registry_id: str | None = None  # set when a registry entry matched this actor in the text
    country: str | None = None  # a country id the report ties this actor to, where known
    id: str | None = None

    @property
    def forms(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
        return list(seen)


@dataclass(slots=True)
class Role:
    actor: int  # LocalActor.ref
    title: str
    of: int | None  # LocalActor.ref of the country or organization
    former: bool
    span: Span


@dataclass(slots=True)
class Quote:
    speaker: int
    text: str
    span: Span  # the quotation itself; sent_* cover the attribution sentence


@dataclass(slots=True)
class Event:
    type: str
    actors: list[int]
    targets: list[int]
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY
    place: str | None
    cue: str
    span: Span


@dataclass(slots=True)
class Position:
    holder: int
    issue: str
    stance: Stance
    span: Span


@dataclass(slots=True)
class Extraction:
    """Everything parley reads from one report."""

    report: Report
    actors: list[LocalActor] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    date_window: tuple[str, str] | None = None  # estimated (earliest, latest) for undated reports
    instruments: list[LocalInstrument] = field(default_factory=list)


@dataclass(slots=True)
class InstrumentStep:
    """One dated step in an instrument's life: proposed, handed over, agreed, signed, carried out..."""

    type: str  # propose, hand_over, discuss, amend, agree, accept, reject, sign, implement, suspend
    actors: list[int]  # LocalActor.ref
    targets: list[int]
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY (filled from the report's date after extraction)
    cue: str
    span: Span
    detail: str | None = None  # figures of a stage: "first stage: 390"


@dataclass(slots=True)
class Provision:
    """What a report says an instrument contains, with the issue it bears on."""

    text: str
    issue: str | None
    span: Span


@dataclass(slots=True)
class LocalInstrument:
    """An agreement, memorandum, plan, proposal, declaration, list or programme as one report names it.

    Identity across reports (filled by resolve into `id`) comes from `name` (a proper name), from `owner` +
    `kind` ("Russia's memorandum"), from `topic` ("a list of deported children" -> children) or from an
    exchange's subject and `figure` ("1,000 for 1,000 prisoners" -> prisoners, 1000).
    """

    ref: int
    kind: str
    label: str  # the fullest form the report uses
    mentions: list[Mention] = field(default_factory=list)
    proper: str | None = None  # a proper name: "Build with Ukraine", "DOT-Chain"
    owner: int | None = None  # LocalActor.ref of whose it is
    topic: str | None = None  # what it is about: "children", "prisoners", "bodies", "28-point"
    figure: str | None = None  # an exchange's figure: "1000", "all-for-all"
    steps: list[InstrumentStep] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    id: str | None = None


# Serialisation of an Extraction as JSON (the Spark batch writes extractions to Parquet on the executors and
# `parley load` reads them back on one machine). Every field is kept, so that an extraction read back is
# equal to the one written: `extraction_from_json(extraction_to_json(e)) == e`.

def extraction_to_json(ext: Extraction) -> str:
    import json
    from dataclasses import asdict

    data = asdict(ext)
    published = ext.report.published
    data["report"]["published"] = published.isoformat() if published else None
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _span(d: dict) -> Span:
    return Span(**d)


def _mentions(items: list[dict]) -> list[Mention]:
    return [Mention(m["text"], _span(m["span"])) for m in items]


def extraction_from_json(text: str) -> Extraction:
    """The Extraction `extraction_to_json` wrote; ValueError/KeyError/TypeError on anything else."""
    import json

    d = json.loads(text)
    r = d["report"]
    report = Report(doc=r["doc"], text=r["text"],
                    published=date.fromisoformat(r["published"]) if r["published"] else None,
                    url=r["url"], title=r["title"], sources=list(r["sources"]), origin=r["origin"],
                    outlet=r["outlet"])
    actors = [LocalActor(ref=a["ref"], kind=a["kind"], name=a["name"], mentions=_mentions(a["mentions"]),
                         registry_id=a["registry_id"], country=a["country"], id=a["id"]) for a in d["actors"]]
    roles = [Role(actor=x["actor"], title=x["title"], of=x["of"], former=x["former"], span=_span(x["span"]))
             for x in d["roles"]]
    quotes = [Quote(speaker=x["speaker"], text=x["text"], span=_span(x["span"])) for x in d["quotes"]]
    events = [Event(type=x["type"], actors=list(x["actors"]), targets=list(x["targets"]), date=x["date"],
                    place=x["place"], cue=x["cue"], span=_span(x["span"])) for x in d["events"]]
    positions = [Position(holder=x["holder"], issue=x["issue"], stance=x["stance"], span=_span(x["span"]))
                 for x in d["positions"]]
    instruments = [
        LocalInstrument(
            ref=x["ref"], kind=x["kind"], label=x["label"], mentions=_mentions(x["mentions"]), proper=x["proper"],
            owner=x["owner"], topic=x["topic"], figure=x["figure"],
            steps=[InstrumentStep(type=s["type"], actors=list(s["actors"]), targets=list(s["targets"]),
                                  date=s["date"], cue=s["cue"], span=_span(s["span"]), detail=s["detail"])
                   for s in x["steps"]],
            provisions=[Provision(text=p["text"], issue=p["issue"], span=_span(p["span"])) for p in x["provisions"]],
            id=x["id"])
        for x in d["instruments"]]
    window = d["date_window"]
    return Extraction(report=report, actors=actors, roles=roles, quotes=quotes, events=events, positions=positions,
                      date_window=(window[0], window[1]) if window else None, instruments=instruments)
