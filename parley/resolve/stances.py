"""Where each side stands, over time: for each (holder, issue) the stance at each date, the latest one,
its conditions, and the evidence.

A country's stance follows its officials where the reports give the country none of its own; where its
officials (or the country and an official) end on different stances, the disagreement is kept and shown.
Pure functions over :class:`StanceStatement`; the store reads them (:mod:`parley.store.stances`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from parley.lexicon import _read


@dataclass(frozen=True, slots=True)
class StanceStatement:
    position_id: int
    report_id: int
    doc: str
    headline: str
    date: str | None  # the report's date
    estimated: str | None  # an undated report's estimated date (the start of its window: written on or after)
    holder: str
    holder_kind: str
    holder_country: str | None
    issue: str
    stance: str  # support / oppose
    sentence: str
    sent_start: int = 0  # the sentence's offset in its report (for links to it)


@dataclass(slots=True)
class StancePoint:
    date: str | None
    stance: str  # support, oppose, conditional (support with a condition) or mixed
    conditions: list[str]
    evidence: list[StanceStatement]
    estimated: bool = False  # the date is an undated report's estimate: shown as "~June 2025"
    limited: bool = False  # conditional only through limits: support for less than the issue


@dataclass(slots=True)
class StanceHistory:
    holder: str
    issue: str
    latest: str | None
    latest_date: str | None
    conditions: list[str]
    points: list[StancePoint] = field(default_factory=list)  # dated, oldest first
    undated: StancePoint | None = None
    follows: list[str] = field(default_factory=list)  # the officials a country's stance is taken from
    disagreement: dict[str, str] = field(default_factory=dict)  # official -> latest stance, where they differ
    latest_estimated: bool = False  # `latest_date` is an undated report's estimate

    @property
    def stance(self) -> str | None:
        return self.latest

    def as_dict(self) -> dict[str, object]:
        def point(p: StancePoint) -> dict[str, object]:
            return {"date": p.date, "estimated": p.estimated, "stance": p.stance, "conditions": p.conditions,
                    "evidence": [{"position_id": e.position_id, "report_id": e.report_id, "doc": e.doc,
                                  "headline": e.headline, "date": e.date, "estimated": e.estimated,
                                  "holder": e.holder, "stance": e.stance, "sentence": e.sentence,
                                  "sent_start": e.sent_start}
                                 for e in p.evidence]}
        return {"holder": self.holder, "issue": self.issue, "latest": self.latest, "latest_date": self.latest_date,
                "latest_estimated": self.latest_estimated,
                "conditions": self.conditions, "history": [point(p) for p in self.points],
                "undated": point(self.undated) if self.undated else None, "follows": self.follows,
                "disagreement": self.disagreement}


@cache
def condition_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in _read("stances.toml")["conditions"]["patterns"])


@cache
def limit_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in _read("stances.toml").get("limits", {}).get("patterns", []))


def conditions_of(sentence: str) -> list[str]:
    """The conditions and limits a sentence puts on its support, shortest wording of each."""
    return _shortest(condition_patterns() + limit_patterns(), sentence)


def limited_only(sentence: str) -> bool:
    """Whether the sentence limits its support (a short or local truce) and sets no condition."""
    return bool(_shortest(limit_patterns(), sentence)) and not _shortest(condition_patterns(), sentence)


def _shortest(patterns: tuple[re.Pattern[str], ...], sentence: str) -> list[str]:
    found = sorted({" ".join(m.group(0).split()) for p in patterns for m in [p.search(sentence)] if m}, key=len)
    # Two patterns can match one condition: keep the shortest wording of each.
    out: list[str] = []
    for c in found:
        if not any(o in c for o in out):
            out.append(c)
    return out


def _point(date: str | None, stmts: list[StanceStatement], estimated: bool = False) -> StancePoint:
    conds: list[str] = []
    kinds = set()
    limited = True
    for s in stmts:
        c = conditions_of(s.sentence) if s.stance == "support" else []
        conds += [x for x in c if x not in conds]
        kinds.add("conditional" if c else s.stance)
        limited = limited and bool(c) and limited_only(s.sentence)
    if kinds == {"support", "conditional"}:
        stance = "support"
    elif len(kinds) == 1:
        stance = kinds.pop()
    elif "oppose" in kinds and "support" not in kinds:
        stance = "oppose"  # opposed, and supports only with conditions: the conditions are shown
    else:
        stance = "mixed"
    return StancePoint(date, stance, conds, stmts, estimated, limited=stance == "conditional" and limited)


def history(holder: str, issue: str, stmts: list[StanceStatement]) -> StanceHistory:
    by_date: dict[tuple[str, bool], list[StanceStatement]] = {}
    undated = []
    for s in stmts:
        if s.date or s.estimated:
            by_date.setdefault((s.date or s.estimated or "", not s.date), []).append(s)
        else:
            undated.append(s)
    # A report's own date outranks an estimate of the same day.
    points = [_point(d, by_date[(d, est)], est) for d, est in sorted(by_date, key=lambda k: (k[0], not k[1]))]
    loose = _point(None, undated) if undated else None
    last = points[-1] if points else loose
    latest = last.stance if last else None
    if last is not None and last.limited:
        # Offers of a limited version (a local truce) since opposing the issue itself: still opposed.
        before = next((p.stance for p in reversed(points[:-1]) if not p.limited), None)
        if before == "oppose":
            latest = "oppose"
    return StanceHistory(holder, issue, latest, last.date if last else None,
                         last.conditions if last else [], points, loose,
                         latest_estimated=bool(last and last.estimated))


def stance_histories(stmts: list[StanceStatement]) -> list[StanceHistory]:
    """Every (holder, issue) history, countries following their officials where they say nothing."""
    groups: dict[tuple[str, str], list[StanceStatement]] = {}
    for s in stmts:
        groups.setdefault((s.holder, s.issue), []).append(s)
    out = {key: history(*key, g) for key, g in groups.items()}
    officials: dict[tuple[str, str], list[StanceHistory]] = {}
    for (holder, issue), g in groups.items():
        s0 = g[0]
        if s0.holder_kind != "country" and s0.holder_country:
            officials.setdefault((s0.holder_country, issue), []).append(out[(holder, issue)])
    for (country, issue), hs in officials.items():
        mine = out.get((country, issue))
        if mine is None:
            merged = [s for h in hs for p in [*h.points, *([h.undated] if h.undated else [])] for s in p.evidence]
            mine = history(country, issue, merged)
            mine.follows = sorted(h.holder for h in hs)
            out[(country, issue)] = mine
        latest = {h.holder: h.latest for h in hs if h.latest}
        if mine.latest:
            stances = {*latest.values(), mine.latest} - {"mixed"}
            if len({"support" if x == "conditional" else x for x in stances}) > 1:
                mine.disagreement = {k: v for k, v in sorted(latest.items())}
    return sorted(out.values(), key=lambda h: (h.holder, h.issue))
