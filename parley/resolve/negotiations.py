"""Attach a report to the negotiations it is about, from its resolved actors and its words.

A report attaches to a negotiation (`parley/data/negotiations.toml`) when it names two of its parties, or
one party and one of the negotiation's aliases or own issues, and its date (where known) falls in the
negotiation's `since`..`until`. A party is named when the report has the party itself among its actors, or
an actor whose country is the party (Zelenskyy names Ukraine). A negotiation's own issues are those no
other negotiation lists: "ceasefire" says nothing about which talks a report is on, "root_causes" does.
Mediators never attach a report: the United States mediates in several of them.

Parties alone are weak evidence when the report has stronger evidence for another negotiation: a report on
the route through Armenia that names "the border with Iran" and "a U.S.-led consortium" is not about the
United States–Iran talks. So an attachment on parties alone gives way to one that scores as high with an
alias or an own issue among its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from parley.grammar import any_of
from parley.lexicon import Lexicon, Negotiation


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What attachment reads of one stored report."""

    actors: frozenset[str]  # resolved actor ids
    countries: frozenset[str]  # the country ids of those actors, where known
    text: str  # title and body
    date: str | None  # YYYY-MM-DD the report states; an estimated window is too loose to exclude a report


@dataclass(frozen=True, slots=True)
class Attachment:
    negotiation: str
    score: int  # distinct pieces of evidence: parties, aliases and own issues named
    reason: str
    named: bool = False  # whether an alias or an own issue of the negotiation is named, not only parties


@dataclass(frozen=True, slots=True)
class _Matcher:
    negotiation: Negotiation
    aliases: tuple[tuple[str, re.Pattern[str]], ...]
    own_issues: tuple[tuple[str, re.Pattern[str]], ...]
    any_alias: re.Pattern[str]  # matches where any of `aliases` does: one pass for a report that names none
    any_issue: re.Pattern[str]  # the same for `own_issues`


def _word(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.I)


@cache
def _matchers(negotiations: tuple[Negotiation, ...], issue_cues: tuple[tuple[str, tuple[str, ...]], ...]
              ) -> tuple[_Matcher, ...]:
    cues = dict(issue_cues)
    listed: dict[str, int] = {}
    for n in negotiations:
        for issue in n.issues:
            listed[issue] = listed.get(issue, 0) + 1
    out = []
    for n in negotiations:
        own_cues = {i: [*cues.get(i, ()), *(p for p in dict(n.cues).get(i, ()) if p not in cues.get(i, ()))]
                    for i in n.issues if listed[i] == 1}
        own = tuple((i, any_of(pats)) for i, pats in own_cues.items() if pats)
        aliases = tuple((a, _word(a)) for a in n.aliases)
        out.append(_Matcher(n, aliases, own, any_of(pat.pattern for _, pat in aliases),
                            any_of(pat.pattern for _, pat in own)))
    return tuple(out)


def matchers(lexicon: Lexicon, negotiations: Iterable[Negotiation]) -> tuple[_Matcher, ...]:
    issues = lexicon.cues.get("positions", {}).get("issues", {})
    return _matchers(tuple(negotiations), tuple((k, tuple(v)) for k, v in sorted(issues.items())))


def attach(facts: ReportFacts, lexicon: Lexicon, negotiations: Iterable[Negotiation]) -> list[Attachment]:
    """The negotiations `facts` attaches to, best evidence first."""
    out = []
    for m in matchers(lexicon, negotiations):
        n = m.negotiation
        if facts.date and ((n.since and facts.date < n.since) or (n.until and facts.date > n.until)):
            continue
        parties = [p for p in n.parties if p in facts.actors or p in facts.countries]
        if not parties:
            continue
        aliases = [a for a, pat in m.aliases if pat.search(facts.text)] if m.any_alias.search(facts.text) else []
        issues = [i for i, pat in m.own_issues if pat.search(facts.text)] if m.any_issue.search(facts.text) else []
        if len(parties) < 2 and not aliases and not issues:
            continue
        reason = "; ".join(part for part in (
            f"{'parties' if len(parties) > 1 else 'party'} {', '.join(parties)}",
            f"alias{'es' if len(aliases) > 1 else ''} {', '.join(aliases)}" if aliases else "",
            f"issue{'s' if len(issues) > 1 else ''} {', '.join(issues)}" if issues else "") if part)
        out.append(Attachment(n.id, len(parties) + len(aliases) + len(issues), reason, bool(aliases or issues)))
    named = [a.score for a in out if a.named]
    return sorted((a for a in out if a.named or not any(score >= a.score for score in named)),
                  key=lambda a: (-a.score, a.negotiation))
