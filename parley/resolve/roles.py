"""Role timelines: each post a person held, from its first evidence until a report says it ended.

A post ends when a report calls it former ("former defence minister"), when someone else takes the same
post of the same body (a new Defence Minister of Ukraine), or when the holder takes a post that cannot be
held with it (the Secretary of the Security Council is no longer Defence Minister). "Former X" is evidence
that X ended at or before that report, never that it is current. Wordings of one post ("head of the
delegation", "head of the team", "chief negotiator") are one post: `parley/data/posts.toml`.

The functions here are pure: the store reads the statements (:mod:`parley.store.timelines`) and hands them
over as :class:`RoleStatement` rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from parley.lexicon import _read


@dataclass(frozen=True, slots=True)
class RoleStatement:
    """One report giving one person one title."""

    role_id: int
    report_id: int
    doc: str
    headline: str | None
    date: str | None  # the report's date (YYYY-MM-DD) where known
    actor: str
    title: str
    title_key: str
    of: str | None
    former: bool
    sentence: str
    sent_start: int = 0  # the sentence's offsets in its report (for links to it)
    sent_end: int = 0


@dataclass(frozen=True, slots=True)
class Holder:
    """Another person stated in a post: the body they hold it for and the first date it is stated current."""

    actor: str
    body: str | None
    first: str


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    label: str
    match: tuple[frozenset[str], ...]
    exclude: frozenset[str]


@dataclass(frozen=True, slots=True)
class PostCatalog:
    posts: tuple[Post, ...]
    exclusive: frozenset[str]
    single_holder: frozenset[str]
    # title key -> post_of's answer. A busy actor has tens of thousands of statements in a few wordings;
    # matching each against every post took ~0.4 s of a 50,000-report head of state's timeline.
    _known: dict[str, tuple[str, str | None]] = field(default_factory=dict, compare=False, repr=False)

    def post_of(self, title_key: str) -> tuple[str, str | None]:
        """(post id, its label) of a title key; a title no post matches is its own post (no label)."""
        known = self._known.get(title_key)
        if known is None:
            known = self._known[title_key] = self._match(title_key)
        return known

    def _match(self, title_key: str) -> tuple[str, str | None]:
        words = set(title_key.split())
        for post in self.posts:
            if words & post.exclude:
                continue
            if any(m <= words for m in post.match):
                return post.id, post.label
        return title_key, None


@cache
def load_posts() -> PostCatalog:
    data = _read("posts.toml")
    posts = tuple(Post(p["id"], p["label"], tuple(frozenset(m) for m in p["match"]),
                       frozenset(p.get("exclude", []))) for p in data.get("post", []))
    return PostCatalog(posts, frozenset(data.get("exclusive", {}).get("posts", [])),
                       frozenset(data.get("single_holder", {}).get("posts", [])))


@dataclass(slots=True)
class RoleSpan:
    """One post of one person over time. `until` is None while the post is current or when it ended at an
    unknown date; `ended_by` says which evidence ended it ("former", "successor", "incompatible")."""

    actor: str
    post: str  # the post's name: its catalogue label, else its longest wording
    post_id: str
    of: str | None
    since: str | None  # the first report date stating it
    until: str | None
    current: bool
    ended_by: str | None = None
    ended_note: str | None = None  # who took the post over, or which post replaced it
    last_seen: str | None = None
    wordings: list[str] = field(default_factory=list)
    reports: int = 0
    evidence: list[RoleStatement] = field(default_factory=list)

    @property
    def id(self) -> int | None:
        """The id of its first statement: what `parley evidence roles ID` takes."""
        return min((s.role_id for s in self.evidence), default=None)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "actor": self.actor, "post": self.post, "post_id": self.post_id, "of": self.of,
                "since": self.since, "until": self.until, "current": self.current, "ended_by": self.ended_by,
                "ended_note": self.ended_note, "last_seen": self.last_seen, "wordings": self.wordings,
                "reports": self.reports,
                "evidence": [{"role_id": s.role_id, "report_id": s.report_id, "doc": s.doc, "headline": s.headline,
                              "date": s.date, "title": s.title, "former": s.former, "sentence": s.sentence,
                              "sent_start": s.sent_start, "sent_end": s.sent_end}
                             for s in self.evidence]}


def post_groups(statements: list[RoleStatement], catalog: PostCatalog) -> dict[str, list[RoleStatement]]:
    """One person's statements by post id."""
    out: dict[str, list[RoleStatement]] = {}
    for s in statements:
        out.setdefault(catalog.post_of(s.title_key)[0], []).append(s)
    return out


def _first_current(stmts: list[RoleStatement]) -> str | None:
    dates = [s.date for s in stmts if s.date and not s.former]
    return min(dates) if dates else None


def most_stated(counts: Mapping[str | None, int]) -> str | None:
    """The body a post is held for, from how many statements name each: the most stated (None, no body
    stated, never counts), ties to the first id. One rule for a person's own posts and for other holders."""
    named = [(-n, of) for of, n in counts.items() if of]
    return min(named)[1] if named else None


def _body(stmts: list[RoleStatement]) -> str | None:
    return most_stated(Counter(s.of for s in stmts))


@dataclass(frozen=True, slots=True)
class PostFacts:
    """One person's statements of one post, summed up: all that dates the post, without the statements.

    The store computes these in SQL (:mod:`parley.store.timelines`), so a timeline costs a few index reads
    per post however many reports state it; :func:`post_facts` computes them from statements in memory.
    """

    post_id: str
    keys: tuple[str, ...]  # the title keys stated, the first stated first
    wordings: tuple[str, ...]  # the titles as written, the first stated first
    body: str | None  # the organization stated most often (`most_stated`)
    first_current: str | None  # the first and last report dates stating it as current
    last_current: str | None
    last_seen: str | None  # the last report date stating it at all
    first_former: str | None  # the first date calling it former, on or after first_current
    former_undated: bool  # an undated report calls it former
    only_former: bool  # every statement calls it former
    reports: int  # distinct reports stating it


def post_facts(post_id: str, stmts: list[RoleStatement]) -> PostFacts:
    """The facts of one post from its statements, in the order they were stored."""
    since = _first_current(stmts)
    current = [s.date for s in stmts if s.date and not s.former]
    dated = [s.date for s in stmts if s.date]
    formers = [s.date for s in stmts if s.former and s.date and (since is None or s.date >= since)]
    return PostFacts(post_id=post_id, keys=tuple(dict.fromkeys(s.title_key for s in stmts)),
                     wordings=tuple(dict.fromkeys(s.title for s in stmts)), body=_body(stmts),
                     first_current=since, last_current=max(current) if current else None,
                     last_seen=max(dated) if dated else None, first_former=min(formers) if formers else None,
                     former_undated=any(s.former and not s.date for s in stmts),
                     only_former=all(s.former for s in stmts), reports=len({s.report_id for s in stmts}))


def holders_of(statements: list[RoleStatement], catalog: PostCatalog | None = None) -> dict[str, list[Holder]]:
    """Other people's statements summed up per post and person (for `role_timeline`'s `others`): the first
    date each is stated current, and the body of their current dated statements (`most_stated`)."""
    catalog = catalog or load_posts()
    out: dict[str, list[Holder]] = {}
    for pid, stmts in post_groups(statements, catalog).items():
        for actor, mine in _by_actor(stmts, "").items():
            first = _first_current(mine)
            if first:
                counts = Counter(s.of for s in mine if s.date and not s.former)
                out.setdefault(pid, []).append(Holder(actor, most_stated(counts), first))
    return out


def role_timeline(actor: str, statements: list[RoleStatement], *, others: dict[str, list[Holder]] | None = None,
                  body_country: dict[str, str] | None = None,
                  catalog: PostCatalog | None = None, evidence: int | None = None) -> list[RoleSpan]:
    """The role timeline of `actor` from its statements.

    `others` holds the other holders of the posts that one person holds at a time (by post id), so a
    successor ends a term; `body_country` maps an organization to its country, so "Defence Minister of
    Ukraine" and "Defence Minister" of the Ministry of Defence of Ukraine are one body. `evidence` keeps
    that many statements per post (the first and the latest halves, and the first half calling it former);
    None all.
    """
    catalog = catalog or load_posts()
    groups = post_groups(statements, catalog)
    spans = post_spans(actor, [post_facts(pid, stmts) for pid, stmts in groups.items()], others=others,
                       body_country=body_country, catalog=catalog)
    for span in spans:
        span.evidence = evidence_of(groups[span.post_id], evidence)
    return spans


def post_spans(actor: str, facts: list[PostFacts], *, others: dict[str, list[Holder]] | None = None,
               body_country: dict[str, str] | None = None, catalog: PostCatalog | None = None) -> list[RoleSpan]:
    """The role timeline of `actor` from its posts' facts (see `role_timeline`), without evidence, ordered
    by start."""
    catalog = catalog or load_posts()
    countries = body_country or {}
    spans = []
    for f in facts:
        label = catalog.post_of(f.keys[0])[1]
        since, last_current = f.first_current, f.last_current
        ends: list[tuple[str, str, str | None]] = []
        # "former X": ended at or before that report.
        if f.first_former:
            ends.append((f.first_former, "former", None))
        # A post that cannot be held with this one, taken later: this one ended when that one began, unless a
        # report states this one as current after that.
        if f.post_id in catalog.exclusive:
            for other in facts:
                first = other.first_current
                if (other.post_id != f.post_id and other.post_id in catalog.exclusive and first and since
                        and first > since and (last_current is None or last_current <= first)):
                    ends.append((first, "incompatible", catalog.post_of(other.keys[0])[1] or other.wordings[0]))
        # Someone else in the same post of the same body, later.
        if f.post_id in catalog.single_holder and others and since:
            mine = countries.get(f.body or "", f.body)
            for holder in others.get(f.post_id, []):
                start = holder.first
                if (holder.actor != actor and start > since and mine
                        and countries.get(holder.body or "", holder.body) == mine
                        and (last_current is None or last_current <= start)):
                    ends.append((start, "successor", holder.actor))
        ended_undated = f.former_undated and last_current is None
        until, ended_by, note = min(ends) if ends else (None, None, None)
        spans.append(RoleSpan(
            # A post only ever called former has no known start: `since` stays None.
            actor=actor, post=label or max(f.wordings, key=len), post_id=f.post_id, of=f.body, since=since,
            until=until, current=until is None and not ended_undated and not f.only_former,
            ended_by=ended_by or ("former" if ended_undated or f.only_former else None),
            ended_note=note, last_seen=f.last_seen, wordings=list(f.wordings), reports=f.reports))
    return sorted(spans, key=lambda sp: (sp.since or "9999", sp.post))


def evidence_order(s: RoleStatement) -> tuple[str, int, int]:
    """Evidence runs by report date (undated last), then report, then statement."""
    return (s.date or "9999", s.report_id, s.role_id)


def evidence_of(stmts: list[RoleStatement], keep: int | None) -> list[RoleStatement]:
    """The statements of a post kept as its evidence, in evidence order: all, or (`keep`) the first and the
    latest halves and the first half calling it former (what dates its end)."""
    ordered = sorted(stmts, key=evidence_order)
    if keep is None or len(ordered) <= keep:
        return ordered
    half = max(1, keep // 2)
    chosen = {id(s) for s in ordered[:half] + ordered[-half:] + [s for s in ordered if s.former][:half]}
    return [s for s in ordered if id(s) in chosen]


def _by_actor(stmts: list[RoleStatement], exclude: str) -> dict[str, list[RoleStatement]]:
    out: dict[str, list[RoleStatement]] = {}
    for s in stmts:
        if s.actor != exclude:
            out.setdefault(s.actor, []).append(s)
    return out
