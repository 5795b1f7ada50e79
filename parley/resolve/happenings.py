"""Happenings: the real-world events behind the per-sentence events, merged across sentences and reports.

The same talks told by five reports, or by the headline and three sentences of one, are one happening: a
type, the sides taking part, a date, a place, and every report and sentence as evidence, with a count of
independent sources. Events a sentence gives as proposed, planned, refused or hypothetical ("a request for
a meeting between Zelensky and Putin", "until Trump and Putin meet") are kept apart as `proposed`; they
never make a happening. A sentence's day is an event's only when the sentence tells it as that day's act: an
event named after "after", one of "several stages", a participle after a noun ("the exchange agreed in
Istanbul") or a date that follows another verb ("the repatriation it agreed to at talks on June 2") is dated
only as closely as the sentence allows and joins the one happening it can be. Cues are data:
`parley/data/happenings.toml`.

Pure functions over :class:`EventRow`; the store reads the rows (:mod:`parley.store.happenings`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from parley.lexicon import _read


@dataclass(frozen=True, slots=True)
class EventRow:
    """One sentence's event as stored, with what the happening needs of its report."""

    id: int
    report_id: int
    doc: str
    headline: str
    report_date: str | None
    report_window: tuple[str, str] | None  # an undated report's estimated window
    sources: tuple[str, ...]  # the outlets the report credits (empty: the report is its own source)
    type: str
    date: str | None
    place: str | None
    cue: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    sentence: str
    cue_start: int  # the cue's offset in `sentence`, -1 when unknown
    sent_start: int = 0  # the sentence's offset in its report (for links to it)
    not_before: str | None = None  # a vaguely dated event: the earliest day it can be (it joins happenings
    # from then to its report's date)
    joins: bool = True  # False: one of several events told together, which joins no single happening


@dataclass(slots=True)
class Happening:
    id: str
    type: str
    actors: list[str]
    targets: list[str]
    sides: list[str]  # the countries (or unaffiliated actors) taking part
    date: str | None
    date_precision: str | None  # "day", "month", "year", "estimated" or None
    place: str | None
    status: str  # "held" or "proposed"
    background: bool  # dated only to a year before its reports' own: told as background
    reports: int
    sources: int  # independent sources: distinct credited outlets (an uncredited report counts as one)
    evidence: list[EventRow] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # every place the evidence gives
    dates: list[str] = field(default_factory=list)  # every date the evidence gives

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "type": self.type, "actors": self.actors, "targets": self.targets,
                "sides": self.sides, "date": self.date, "date_precision": self.date_precision, "place": self.place,
                "status": self.status, "background": self.background, "reports": self.reports,
                "sources": self.sources, "places": self.places, "dates": self.dates,
                "evidence": [{"event_id": e.id, "report_id": e.report_id, "doc": e.doc, "headline": e.headline,
                              "report_date": e.report_date, "date": e.date, "place": e.place, "cue": e.cue,
                              "sentence": e.sentence, "sent_start": e.sent_start} for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class HappeningCues:
    window: int
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    types: frozenset[str]
    meeting: frozenset[str]
    after_cue: dict[str, tuple[re.Pattern[str], ...]]
    two_sided: frozenset[str] = frozenset()


@cache
def load_cues() -> HappeningCues:
    data = _read("happenings.toml")
    nh = data["not_held"]
    return HappeningCues(nh.get("window", 70), tuple(re.compile(p, re.I) for p in nh.get("before", [])),
                         tuple(re.compile(p, re.I) for p in nh.get("after", [])),
                         frozenset(data["types"]["happening"]), frozenset(data["types"]["meeting"]),
                         {cue.lower(): tuple(re.compile(p, re.I) for p in pats)
                          for cue, pats in nh.get("after_cue", {}).items()},
                         frozenset(data["types"].get("two_sided", [])))


@dataclass(frozen=True, slots=True)
class RelativeCues:
    numbers: dict[str, int]
    ago: re.Pattern[str]
    after: re.Pattern[str]
    vague: re.Pattern[str]
    month: re.Pattern[str]
    vague_days: int = 7
    after_event: re.Pattern[str] = re.compile(r"(?!x)x")
    after_event_days: int = 2
    detached: re.Pattern[str] = re.compile(r"(?!x)x")
    series: re.Pattern[str] = re.compile(r"(?!x)x")
    participle: re.Pattern[str] = re.compile(r"(?!x)x")
    participle_not: frozenset[str] = frozenset()
    speech: re.Pattern[str] = re.compile(r"(?!x)x")


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]


@cache
def load_relative() -> RelativeCues:
    rel = _read("happenings.toml").get("relative", {})
    never = r"(?!x)x"
    speech = sorted(w for w in _read("cues.toml").get("quotes", {}).get("speech", []) if " " not in w)
    return RelativeCues(dict(rel.get("numbers", {})), re.compile(rel.get("ago", never), re.I),
                        re.compile(rel.get("after", never), re.I), re.compile(rel.get("vague", never), re.I),
                        re.compile(rel.get("month", never), re.I), int(rel.get("vague_days", 7)),
                        re.compile(rel.get("after_event", never), re.I), int(rel.get("after_event_days", 2)),
                        re.compile(rel.get("detached", never), re.I), re.compile(rel.get("series", never), re.I),
                        re.compile(rel.get("participle", never)), frozenset(rel.get("participle_not", [])),
                        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in speech) + r")\b", re.I)
                        if speech else re.compile(never))


def _days(m: re.Match[str], cues: RelativeCues) -> int:
    if m.group(0).lower() == "last week":
        return 7
    n = m.group("n").lower()
    count = int(n) if n.isdigit() else cues.numbers.get(n, 1)
    return count * (7 if m.group("unit").lower().startswith("week") else 1)


def _vague(row: EventRow, days: int) -> EventRow:
    """`row` dated only to its month, and to no earlier than `days` before the day it was read with."""
    day = date.fromisoformat(row.date or "")
    return replace(row, date=(row.date or "")[:7], not_before=(day - timedelta(days=days)).isoformat())


def detach(row: EventRow, cues: RelativeCues | None = None) -> EventRow:
    """The event without the date and place its sentence gives another act told after it: in "completing the
    repatriation it agreed to at talks in Istanbul on June 2", June 2 and Istanbul are the talks'. Meetings
    and agreements keep them (an agreement is reached at the talks the sentence places)."""
    if row.cue_start < 0 or row.type in load_cues().meeting:
        return row
    cues = cues or load_relative()
    end = row.cue_start + len(row.cue)
    verb = cues.detached.search(row.sentence, end)
    if verb is None:
        return row
    from parley.extract.dates import find_date_at

    found = find_date_at(row.sentence)
    day = row.report_date if found and found[1] >= verb.end() and row.date and row.date != row.report_date \
        else row.date
    place = None if row.place and row.place in row.sentence[verb.end():] \
        and row.place not in row.sentence[:verb.start()] else row.place
    return row if (day, place) == (row.date, row.place) else replace(row, date=day, place=place)


def told_as_participle(row: EventRow, cues: RelativeCues) -> bool:
    """Whether the cue is a participle after a noun in a clause whose verb came before it ("have carried out
    several stages of the exchange of prisoners agreed in Istanbul"): an earlier act, not the clause's own."""
    if not row.cue.lower().endswith("ed"):
        return False
    # A relative clause has a verb of its own: "the agreement that their ministers initialled".
    clause = re.split(r"[,;:—]|\b(?:that|which|who|whom|whose)\b", row.sentence[:row.cue_start])[-1]
    clause = cues.speech.split(clause)[-1]
    words = clause.split()
    return bool(words) and words[-1] not in cues.participle_not and bool(cues.participle.search(clause))


def shift_relative(row: EventRow, cues: RelativeCues | None = None) -> EventRow:
    """The event dated by the offset its sentence gives it ("a week ago", "a day after"), if any."""
    cues = cues or load_relative()
    row = detach(row, cues)
    if _precision(row.date) != "day" or row.cue_start < 0:
        return row
    at = row.cue_start
    if cues.series.search(row.sentence[max(0, at - 80):at]):
        return replace(row, date=(row.date or "")[:7], joins=False)
    # The cue's clause: from the last comma/semicolon before it to the next one after it.
    left = max(row.sentence.rfind(c, 0, at) for c in ",;—") + 1
    right = min((i for i in (row.sentence.find(c, at) for c in ",;—") if i >= 0), default=len(row.sentence))
    clause = row.sentence[left:right]
    shift = 0
    m = cues.ago.search(clause)
    # "the exchange of prisoners agreed at the talks a week ago": the offset dates the verb just before it
    # ("agreed"), not an event told earlier in the clause.
    between = clause[at - left + len(row.cue):m.start()] if m and m.start() >= at - left else ""
    if m and not re.search(r"\b[a-z]+ed\b", between):
        shift = -_days(m, cues)
    else:
        before_cue = row.sentence[:at]
        found = list(cues.after.finditer(before_cue))
        if found:
            last = found[-1]
            shift = -_days(last, cues) if last.group("dir").lower() == "after" else _days(last, cues)
        elif cues.vague.search(clause) or cues.vague.search(row.sentence[at:at + 60]):
            return _vague(row, cues.vague_days)
        elif cues.after_event.search(row.sentence[max(0, at - 60):at]):
            return _vague(row, cues.after_event_days)
        elif row.date == row.report_date and told_as_participle(row, cues):
            return replace(row, date=(row.date or "")[:7])
        elif row.date == row.report_date and (named := cues.month.search(row.sentence)):
            month = _MONTHS.index(named.group("month").lower()) + 1
            year, current = int((row.date or "")[:4]), int((row.date or "")[5:7])
            if month != current:
                return replace(row, date=f"{year if month < current else year - 1:04d}-{month:02d}")
    if not shift:
        return row
    return replace(row, date=(date.fromisoformat(row.date or "") + timedelta(days=shift)).isoformat())


@dataclass(frozen=True, slots=True)
class PlaceCues:
    where: re.Pattern[str] | None
    attack_venue: re.Pattern[str] | None


@cache
def load_places() -> PlaceCues:
    data = _read("happenings.toml").get("places", {})
    venues = "|".join(re.escape(v) for v in data.get("attack_venue", []))
    return PlaceCues(re.compile(data["where"]) if data.get("where") else None,
                     re.compile(rf"\b(?:{venues}) (?P<name>(?:[A-Z][\w'’.-]*\s?){{1,3}})") if venues else None)


def clause_place(row: EventRow) -> EventRow:
    """The place a "where" clause gives the event ("travelled on to Istanbul, where he met ..."), over the
    first place its sentence names."""
    where = load_places().where
    m = where.search(row.sentence[:row.cue_start]) if where is not None and row.cue_start > 0 else None
    return replace(row, place=m.group("place")) if m and m.group("place") != row.place else row


def attack_target(row: EventRow, side_of: dict[str, str]) -> EventRow:
    """An attack that names no target struck the country it struck in ("a drone struck a bus near Bilopillia
    in Ukraine's Sumy region"), unless that is the attacker's own."""
    venue = load_places().attack_venue
    if row.type != "assault" or row.targets or not row.actors or venue is None or row.cue_start < 0:
        return row
    from parley.lexicon import load_lexicon

    lex = load_lexicon()
    mine = {side_of.get(a, a) for a in row.actors}
    tail = row.sentence[row.cue_start:].split(";")[0]
    for m in venue.finditer(tail):
        words = m.group("name").split()
        found = next((c for k in range(len(words), 0, -1) if (c := lex.country_of_form(" ".join(words[:k])))), None)
        if found is not None:
            return row if found in mine else replace(row, targets=(found,))
    return row


def is_proposed(row: EventRow, cues: HappeningCues | None = None) -> bool:
    """Whether the sentence gives the event as proposed, planned, refused or hypothetical."""
    cues = cues or load_cues()
    at = row.cue_start if row.cue_start >= 0 else row.sentence.lower().find(row.cue.lower())
    if at < 0:
        return False
    before = row.sentence[max(0, at - cues.window):at]
    # Only the cue's own clause counts: cut at the last clause boundary.
    before = re.split(r"[.;:—\n]| – |, (?:and|but|while|after|before)\b", before)[-1]
    after = row.sentence[at + len(row.cue):]
    return (any(p.search(before) for p in cues.before) or any(p.search(after) for p in cues.after)
            or any(p.search(after) for p in cues.after_cue.get(row.cue.lower(), ())))


def _precision(d: str | None) -> str | None:
    return None if not d else {4: "year", 7: "month", 10: "day"}.get(len(d))


def _compatible_place(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.lower() == b.lower()


def _subset(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


@dataclass
class _Group:
    type: str
    date: str | None
    sides: frozenset[str]
    rows: list[EventRow]
    proposed: bool

    def place(self) -> str | None:
        places = Counter(r.place for r in self.rows if r.place)
        return places.most_common(1)[0][0] if places else None


def build_happenings(rows: list[EventRow], side_of: dict[str, str]) -> list[Happening]:
    """Merge events into happenings. `side_of` maps an actor to the side it acts for (its country).

    Groups are found through indexes (by type and day; by type and place or side for events without a
    day), so the work grows with the number of events, not with its square.
    """
    cues = load_cues()
    by_day: dict[tuple[str, str | None, bool], list[_Group]] = {}
    undated: list[tuple[EventRow, frozenset[str], bool]] = []
    relative = load_relative()
    shifted = [attack_target(clause_place(shift_relative(r, relative)), side_of) for r in rows if r.type in cues.types]
    one_sided: list[tuple[EventRow, frozenset[str]]] = []
    for row in sorted(shifted, key=lambda r: (r.date or "", r.id)):
        proposed = is_proposed(row, cues)
        sides = frozenset(side_of.get(a, a) for a in (*row.actors, *row.targets))
        if row.type in cues.two_sided and len(sides) < 2:
            # "Kyiv agreed to ...": one side's consent is a stance, not an agreement between sides (unless it
            # was reached at the day's talks, below).
            if not proposed and len(sides) == 1 and _precision(row.date) == "day":
                one_sided.append((row, sides))
            continue
        if _precision(row.date) != "day":
            undated.append((row, sides, proposed))
            continue
        _place(by_day.setdefault((row.type, row.date, proposed), []), row, sides, proposed)
    for row, sides in one_sided:
        # "We have agreed a further exchange of prisoners", told by a report of the day's talks of that side:
        # the agreement was reached at those talks, with the side it met there.
        talks = [g for t in sorted(cues.meeting - cues.two_sided) for g in by_day.get((t, row.date, False), [])
                 if sides < g.sides and any(r.report_id == row.report_id for r in g.rows)]
        if len(talks) != 1:
            continue
        met = Counter(s for r in talks[0].rows
                      for rs in [frozenset(side_of.get(a, a) for a in (*r.actors, *r.targets))] if sides <= rs
                      for s in sorted(rs - sides))
        if not met:
            continue
        other = met.most_common(1)[0][0]
        row = replace(row, targets=(*row.targets, other), place=row.place or talks[0].place())
        _place(by_day.setdefault((row.type, row.date, False), []), row, sides | {other}, False)
    dated = [g for gs in by_day.values() for g in gs]
    places = {id(g): g.place() for g in dated}
    by_place: dict[tuple[str, bool, str], list[_Group]] = {}
    by_side: dict[tuple[str, bool, str], list[_Group]] = {}
    for g in dated:
        if places[id(g)]:
            by_place.setdefault((g.type, g.proposed, (places[id(g)] or "").lower()), []).append(g)
        for side in g.sides:
            by_side.setdefault((g.type, g.proposed, side), []).append(g)
    loose: dict[tuple[str, str | None, bool], list[_Group]] = {}
    for row, sides, proposed in undated:
        # An event without a day joins the one happening it can only be (same type, sides, place, within its
        # report's date or window); otherwise it stays a happening of its own, dated as precisely as it is.
        if row.place:
            pool = by_place.get((row.type, proposed, row.place.lower()), [])
        else:
            pool = min((by_side.get((row.type, proposed, side), []) for side in sides), key=len, default=[])
        fits = [g for g in pool if row.joins and _subset(g.sides, sides)
                and _compatible_place(places[id(g)], row.place) and _within(g.date or "", row)]
        if len(fits) == 1:
            fits[0].rows.append(row)
        else:
            _place(loose.setdefault((row.type, row.date, proposed), []), row, sides, proposed, exact=True)
    return [_happening(g, side_of) for g in [*dated, *(g for gs in loose.values() for g in gs)]]


def _within(day: str, row: EventRow) -> bool:
    if row.not_before:
        if day < row.not_before:
            return False
    elif row.date and not day.startswith(row.date):
        return False
    if row.report_date:
        return day <= row.report_date
    if row.report_window:
        return day <= row.report_window[1]
    # Nothing dates it, not even its report: only a place it shares tells which happening it is.
    return bool(row.date or row.place)


def _place(groups: list[_Group], row: EventRow, sides: frozenset[str], proposed: bool, *, exact: bool = False) -> None:
    """Add `row` to the first group of its bucket it fits (same type, day and status; sides and place
    compatible), else start a group."""
    for g in groups:
        if (g.sides == sides if exact else _subset(g.sides, sides)) and _compatible_place(g.place(), row.place):
            g.rows.append(row)
            g.sides = g.sides | sides
            return
    groups.append(_Group(row.type, row.date, sides, [row], proposed))


def _happening(g: _Group, side_of: dict[str, str]) -> Happening:
    actors: dict[str, None] = {}
    targets: dict[str, None] = {}
    for r in g.rows:
        for a in r.actors:
            actors.setdefault(a, None)
    for r in g.rows:
        for t in r.targets:
            if t not in actors:
                targets.setdefault(t, None)
    sources = {s for r in g.rows for s in (r.sources or (f"report:{r.report_id}",))}
    report_dates = [r.report_date for r in g.rows if r.report_date]
    precision = _precision(g.date)
    background = bool(precision == "year" and g.date and report_dates
                      and all(d[:4] > g.date for d in report_dates))
    key = "\x1f".join([g.type, g.date or "", ",".join(sorted(g.sides)), str(min(r.id for r in g.rows))])
    return Happening(
        id=hashlib.sha1(key.encode()).hexdigest()[:12], type=g.type, actors=list(actors), targets=list(targets),
        sides=sorted(g.sides), date=g.date, date_precision=precision, place=g.place(),
        status="proposed" if g.proposed else "held", background=background,
        reports=len({r.report_id for r in g.rows}), sources=len(sources),
        evidence=sorted(g.rows, key=lambda r: (r.report_date or "9999", r.report_id, r.id)),
        places=sorted({r.place for r in g.rows if r.place}), dates=sorted({r.date for r in g.rows if r.date}))


def pairs(h: Happening, side_of: dict[str, str]) -> list[tuple[str, str]]:
    """The actor pairs a happening links in the network: never an actor with itself or with the country it
    speaks for (Zelenskyy – Ukraine)."""
    people = list(dict.fromkeys([*h.actors, *h.targets]))
    out = []
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            if a == b or side_of.get(a, a) == b or side_of.get(b, b) == a:
                continue
            out.append((a, b) if a < b else (b, a))
    return out
