"""Global instruments: one id for one agreement, memorandum, plan or list however each report calls it.

A report's instrument is the known one with the same proper name ("DOT-Chain Defence" / "the DOT-Chain
system"), the same owner and kind ("Russia's memorandum" / "the Russian document"), the same kind and topic
("a list of deported children" / "a list of Ukrainian children"), or for an exchange the same subject and
figure ("1,000 for 1,000"); an exchange the report gives no figure for ("the first stage of the prisoner
exchange agreed in Istanbul") is the latest one of its subject agreed by the report's date. Anything else is
new, with a readable id built from its name: `russia-memorandum`, `prisoner-exchange-1000-for-1000`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from parley.lexicon import instrument_name_match
from parley.models import Extraction, LocalInstrument
from parley.names import slugify

MAX_ALIAS_CHARS = 90
# An exchange named without its figure in a report dated before any known exchange of its subject is the
# one first seen within this many days after it (the prisoner exchange agreed on 16 May, told of undated,
# first dated by its first stage on 23 May).
EXCHANGE_SLACK_DAYS = 14


@dataclass(slots=True)
class GlobalInstrument:
    id: str
    name: str
    kind: str
    owner: str | None = None  # actor id
    proper: str | None = None
    topic: str | None = None
    figure: str | None = None
    first_date: str | None = None  # the earliest date stated, for exchanges named without their figure
    aliases: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)  # the sides of the talks its reports tell of (country ids)


def report_sides(ext: Extraction) -> set[str]:
    """The two countries a report names most: the sides of the talks it tells of."""
    countries = sorted((a for a in ext.actors if a.kind == "country" and a.id), key=lambda a: -len(a.mentions))
    return {a.id for a in countries[:2] if a.id}


def same_kind(a: str, b: str) -> bool:
    return a == b


def figure_label(figure: str) -> str:
    if figure == "all-for-all":
        return "all for all"
    n = f"{int(figure):,}" if figure.isdigit() else figure
    return f"{n} for {n}"


class InstrumentResolver:
    """Holds the known instruments; resolves one extraction at a time (single writer)."""

    def __init__(self, known: Iterable[GlobalInstrument] = ()):
        self.known: dict[str, GlobalInstrument] = {g.id: g for g in known}

    def resolve(self, ext: Extraction) -> list[GlobalInstrument]:
        """Give every instrument of `ext` its global id; returns the global records touched."""
        actor_id = {a.ref: a.id for a in ext.actors}
        actor_name = {a.ref: a.name for a in ext.actors}
        published = ext.report.published.isoformat() if ext.report.published else None
        sides = report_sides(ext)
        side_names = sorted(a.name for a in ext.actors if a.id in sides and a.kind == "country")
        touched: dict[str, GlobalInstrument] = {}
        for inst in ext.instruments:
            owner = actor_id.get(inst.owner) if inst.owner is not None else None
            g = self.match(inst, owner, published, sides)
            if g is None:
                g = self.create(inst, owner, actor_name.get(inst.owner) if inst.owner is not None else None,
                                side_names)
            if inst.figure and not g.figure:
                g.figure = inst.figure
                g.name = self.name_of(inst, None)
            for m in inst.mentions:
                alias = " ".join(m.text.split())
                if len(alias) <= MAX_ALIAS_CHARS:
                    g.aliases.add(alias)
            dates = [s.date for s in inst.steps if s.date] + ([published] if published else [])
            if dates:
                g.first_date = min([*dates, *([g.first_date] if g.first_date else [])])
            inst.id = g.id
            g.parties |= sides
            touched[g.id] = g
        return list(touched.values())

    def match(self, inst: LocalInstrument, owner: str | None, published: str | None,
              sides: set[str] | None = None) -> GlobalInstrument | None:
        sides = sides or set()
        # Instruments known by what they are about, not by name or owner, belong to one negotiation: "a
        # peace agreement" between two other sides is another one.
        known = [g for g in self.known.values() if g.proper or g.owner or not (g.parties and sides)
                 or g.parties & sides]
        if inst.proper:
            return next((g for g in known if g.proper and instrument_name_match(g.proper, inst.proper)), None)
        if inst.figure is not None:
            exchanges = [g for g in known if g.figure is not None and g.topic == inst.topic]
            if inst.figure:
                hit = next((g for g in exchanges if g.figure == inst.figure), None)
                if hit is not None:
                    return hit
                return next((g for g in exchanges if not g.figure), None)
            # No figure: the latest exchange of the subject agreed by the report's date; failing that the
            # first one seen within a fortnight after it (an undated report told of it first).
            if published is None:
                return exchanges[-1] if exchanges else None
            earlier = sorted((g for g in exchanges if (g.first_date or "") <= published), key=lambda g: g.first_date or "")
            if earlier:
                return earlier[-1]
            soon = (date.fromisoformat(published) + timedelta(days=EXCHANGE_SLACK_DAYS)).isoformat()
            later = sorted((g for g in exchanges if (g.first_date or "") <= soon), key=lambda g: g.first_date or "")
            return later[0] if later else None
        if owner is not None:
            hit = next((g for g in known if g.owner == owner and same_kind(g.kind, inst.kind)
                        and g.topic == inst.topic and not g.proper and g.figure is None), None)
            if hit is not None or inst.topic is None:
                return hit
        if inst.topic is not None:
            # "a list of deported children" is the list of children, whoever a report says handed it over.
            return next((g for g in known if g.kind == inst.kind and g.topic == inst.topic and not g.proper
                         and g.figure is None and (g.owner is None or owner is None or g.owner == owner)), None)
        return None

    def create(self, inst: LocalInstrument, owner: str | None, owner_name: str | None,
               side_names: list[str] | None = None) -> GlobalInstrument:
        name = self.name_of(inst, owner_name)
        if name == inst.kind and side_names and len(side_names) == 2:
            # Nothing names it but the talks it belongs to: "Agreement between Russia and United States".
            name = f"{inst.kind.capitalize()} between {side_names[0]} and {side_names[1]}"
        base = slugify(name.replace("'s ", " ").replace("' ", " ").replace(",", "")) or inst.kind
        gid, n = base, 2
        while gid in self.known:
            gid, n = f"{base}-{n}", n + 1
        g = GlobalInstrument(gid, name, inst.kind, owner, inst.proper, inst.topic, inst.figure)
        self.known[gid] = g
        return g

    @staticmethod
    def name_of(inst: LocalInstrument, owner_name: str | None) -> str:
        if inst.proper:
            name = inst.proper
        elif inst.figure is not None:
            subject = {"prisoners": "Prisoner", "bodies": "Body"}.get(inst.topic or "", (inst.topic or "").title())
            name = f"{subject} exchange" + (f" {figure_label(inst.figure)}" if inst.figure else "")
        elif owner_name:
            whose = f"{owner_name}'" if owner_name.endswith("s") else f"{owner_name}'s"
            if inst.kind == "list" and inst.topic:
                name = f"{whose} list of {inst.topic}"
            else:
                name = f"{whose} {inst.topic + ' ' if inst.topic else ''}{inst.kind}"
        elif inst.kind == "list":
            name = f"List of {inst.topic}"
        else:
            name = f"{(inst.topic or '').capitalize()} {inst.kind}".strip()
        return name
