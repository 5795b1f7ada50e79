"""Contradictions between sources: where reports disagree on a happening (its date, its place, a number such
as the prisoners exchanged) or give opposite stances for one holder on one date. Both statements are kept;
the contradiction points at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parley.resolve.happenings import EventRow, Happening
from parley.resolve.stances import StanceHistory

# Reports that place the same meeting or agreement a few days apart disagree on its date; further apart,
# they are more likely two meetings (rounds of talks came two to seven weeks apart in 2025).
DATE_DISAGREEMENT_DAYS = 7

_NUMBER = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)(?:\s+|-for-\d[\d,]*\s+)(?:[a-z-]+\s+){0,2}?"
                     r"(prisoners|bodies|people|soldiers|drones|missiles|children|captives|civilians|POWs)\b", re.I)


@dataclass(slots=True)
class Claim:
    report_id: int
    doc: str
    headline: str
    sentence: str
    value: str
    sent_start: int = 0


@dataclass(slots=True)
class Contradiction:
    kind: str  # date, place, number, stance
    subject: str  # what the reports disagree about, in words
    ref: str  # the happening id, or holder/issue
    a: Claim
    b: Claim

    def as_dict(self) -> dict[str, object]:
        def claim(c: Claim) -> dict[str, object]:
            return {"report_id": c.report_id, "doc": c.doc, "headline": c.headline, "sentence": c.sentence,
                    "value": c.value, "sent_start": c.sent_start}
        return {"kind": self.kind, "subject": self.subject, "ref": self.ref, "a": claim(self.a), "b": claim(self.b)}


def _claim(e: EventRow, value: str) -> Claim:
    return Claim(e.report_id, e.doc, e.headline, " ".join(e.sentence.split()), value, e.sent_start)


def _label(h: Happening) -> str:
    return f"{h.type} of {' and '.join(h.sides)}"


def numbers_in(sentence: str) -> dict[str, int]:
    """The counts a sentence gives, by what they count: "1,000 prisoners of war" -> {"prisoners": 1000}."""
    out: dict[str, int] = {}
    for m in _NUMBER.finditer(sentence):
        out.setdefault(m.group(2).lower(), int(m.group(1).replace(",", "")))
    return out


def happening_contradictions(happenings: list[Happening], meeting_types: frozenset[str]) -> list[Contradiction]:
    out: list[Contradiction] = []
    for h in happenings:
        if h.status != "held":
            continue
        # Place: two reports of one happening name different places.
        by_place: dict[str, EventRow] = {}
        for e in h.evidence:
            if e.place:
                by_place.setdefault(e.place.lower(), e)
        if len(by_place) > 1:
            first, *rest = by_place.values()
            out += [Contradiction("place", f"where the {_label(h)} took place", h.id, _claim(first, first.place or ""),
                                  _claim(e, e.place or "")) for e in rest if e.report_id != first.report_id]
        # Numbers: two reports of one happening count the same thing differently.
        seen: dict[str, tuple[int, EventRow]] = {}
        for e in h.evidence:
            for noun, n in numbers_in(e.sentence).items():
                if noun in seen and seen[noun][0] != n and seen[noun][1].report_id != e.report_id:
                    other = seen[noun][1]
                    out.append(Contradiction("number", f"how many {noun} ({_label(h)}, {h.date or 'undated'})",
                                             h.id, _claim(other, f"{seen[noun][0]:,}"), _claim(e, f"{n:,}")))
                seen.setdefault(noun, (n, e))
    # Dates: the same meeting or agreement (type, sides, place) placed a few days apart by different reports.
    dated = [h for h in happenings if h.status == "held" and h.type in meeting_types and h.date_precision == "day"
             and h.place and len(h.sides) >= 2]
    for i, h in enumerate(dated):
        for g in dated[i + 1:]:
            if (g.type, g.sides, (g.place or "").lower()) != (h.type, h.sides, (h.place or "").lower()):
                continue
            days = abs((date.fromisoformat(g.date or "") - date.fromisoformat(h.date or "")).days)
            if 0 < days <= DATE_DISAGREEMENT_DAYS and not {e.report_id for e in h.evidence} & {
                    e.report_id for e in g.evidence}:
                out.append(Contradiction("date", f"when the {_label(h)} in {h.place} took place", h.id,
                                         _claim(h.evidence[0], h.date or ""), _claim(g.evidence[0], g.date or "")))
    return out


def stance_contradictions(histories: list[StanceHistory]) -> list[Contradiction]:
    """Opposite stances for one holder on one issue on one date, from different reports."""
    out = []
    for h in histories:
        if h.follows:
            continue  # a country's stance taken from its officials: their disagreement is shown there
        for p in h.points:
            sup = [e for e in p.evidence if e.stance == "support"]
            opp = [e for e in p.evidence if e.stance == "oppose"]
            pair = next(((s, o) for s in sup for o in opp if s.report_id != o.report_id), None)
            if pair:
                s, o = pair
                out.append(Contradiction("stance", f"{h.holder} on {h.issue} ({p.date})", f"{h.holder}/{h.issue}",
                                         Claim(s.report_id, s.doc, s.headline, s.sentence, "support", s.sent_start),
                                         Claim(o.report_id, o.doc, o.headline, o.sentence, "oppose", o.sent_start)))
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a report, for the agreed-or-not check."""

    report_id: int
    doc: str
    headline: str
    date: str | None
    start: int
    text: str


def agreement_contradictions(happenings: list[Happening], sentences: list[Sentence],
                             issues: dict[str, list[re.Pattern[str]]],
                             not_agreed: list[re.Pattern[str]]) -> list[Contradiction]:
    """A report saying the sides agreed on an issue, another report of that day saying they did not."""
    def issues_of(text: str) -> set[str]:
        return {i for i, pats in issues.items() if any(p.search(text) for p in pats)}

    denials = [(s, issues_of(s.text)) for s in sentences if any(p.search(s.text) for p in not_agreed)]
    out = []
    for h in happenings:
        if h.type != "agree" or h.status != "held" or not h.date:
            continue
        for e in h.evidence:
            agreed = issues_of(e.sentence)
            for s, denied in denials:
                common = agreed & denied
                if common and s.report_id != e.report_id and s.date == h.date:
                    out.append(Contradiction(
                        "agreed", f"whether {' and '.join(h.sides)} agreed on {', '.join(sorted(common))} ({h.date})",
                        h.id, _claim(e, "agreed"),
                        Claim(s.report_id, s.doc, s.headline, " ".join(s.text.split()), "not agreed", s.start)))
    return out
