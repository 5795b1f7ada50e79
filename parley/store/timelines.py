"""Merged knowledge-base reads that return typed rows: role timelines (and, in sibling modules, happenings
and stances). Exports and views build on these; the CLI and the web print them.
"""

from __future__ import annotations

from collections import Counter

from parley.resolve.roles import (
    Holder,
    PostFacts,
    RoleSpan,
    RoleStatement,
    evidence_of,
    load_posts,
    most_stated,
    post_spans,
)
from parley.store.sql import Connection

# A headline is the report's title, else its first line cut at this many characters (a wire lede's first
# line can run to 400 characters; 120 keeps a table row readable).
HEADLINE_CHARS = 120


def headline(title: str | None, text: str) -> str:
    """The report's title, else its first line (shortened with "…")."""
    if title and title.strip():
        return " ".join(title.split())
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= HEADLINE_CHARS else first[:HEADLINE_CHARS - 1].rstrip() + "…"


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def date_label(value: str | None, precision: str | None = None) -> str:
    """A date as precise as it is known: 2025-05-16, May 2025, 2025; an estimate as "~June 2025", never a day."""
    if not value:
        return "undated"
    month = f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}" if len(value) >= 7 else value[:4]
    if precision == "estimated":
        return "~" + month
    return value if len(value) == 10 else month


# A timeline is summed up post by post in SQL (`_post_facts`), then dated in Python (`post_spans`); only
# the statements kept as evidence are read whole. Each figure below walks one index of migration 0015.
# Statements kept as evidence per post: the first and latest halves, and the first half calling it former.
EVIDENCE = 20

_STATEMENT = ("SELECT ro.id, ro.report_id, r.doc, ro.published, ro.actor_id, ro.title, ro.title_key, ro.of_id, "
              "ro.former, ro.sent_start, ro.sent_end, substr(r.text, ro.sent_start + 1, ro.sent_end - ro.sent_start), "
              "r.title, substr(r.text, 1, 400) FROM roles ro JOIN reports r ON r.id = ro.report_id ")


def _statement(r: tuple) -> RoleStatement:
    return RoleStatement(role_id=r[0], report_id=r[1], doc=r[2], headline=headline(r[12], r[13] or ""), date=r[3],
                         actor=r[4], title=r[5], title_key=r[6], of=r[7], former=bool(r[8]),
                         sentence=" ".join((r[11] or "").split()), sent_start=r[9], sent_end=r[10])


def statements_by_id(conn: Connection, ids: list[int]) -> list[RoleStatement]:
    """Role statements by id, whole (their report's name and headline, their sentence), in id order."""
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out += [_statement(r) for r in conn.execute(
            _STATEMENT + f"WHERE ro.id IN ({','.join('?' * len(chunk))})", chunk)]
    return sorted(out, key=lambda s: s.role_id)


class _Post:
    """The SQL that reads one post's figures: the statements of `actor` under `keys`, before a report."""

    def __init__(self, conn: Connection, actor: str, keys: list[str], before: int | None):
        self.conn = conn
        self.where = (f"actor_id = ? AND title_key IN ({','.join('?' * len(keys))})"
                      + (" AND report_id < ?" if before is not None else ""))
        self.args: list[str | int] = [actor, *keys, *([before] if before is not None else [])]

    def rows(self, select: str, tail: str = "", extra: tuple = ()) -> list[tuple]:
        return self.conn.execute(f"SELECT {select} FROM roles WHERE {self.where}{tail}",
                                 [*self.args, *extra]).fetchall()


def _loose_scan(column: str, where: str = "") -> str:
    """A CTE `v(x)` of the distinct values of `column` of roles (under `where`), one index seek each: its
    cost follows the number of values, not of rows. Its arguments are `where`'s, twice."""
    cond = f"{where} AND " if where else ""
    return (f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM roles WHERE {where or '1 = 1'} UNION ALL "
            f"SELECT (SELECT min({column}) FROM roles WHERE {cond}{column} > v.x) FROM v WHERE v.x IS NOT NULL) ")


def _distinct(conn: Connection, column: str, where: str = "", args: tuple = ()) -> list[str]:
    """The distinct values of `column` of roles under `where` (`_loose_scan`)."""
    return [v for (v,) in conn.execute(_loose_scan(column, where) + "SELECT x FROM v WHERE x IS NOT NULL",
                                       [*args, *args])]


# One title key's figures, each a seek in roles_post_former (the key and `former` fixed): the first and
# last dates stated current, then called former; whether an undated report calls it former; whether any
# report states it current.
_KEY_FIGURES = ", ".join([
    *(f"(SELECT {agg}(published) FROM roles WHERE {{where}} AND former = {former})"
      for former in (0, 1) for agg in ("min", "max")),
    "EXISTS (SELECT 1 FROM roles WHERE {where} AND former = 1 AND published IS NULL)",
    "EXISTS (SELECT 1 FROM roles WHERE {where} AND former = 0)"])


def _post_facts(conn: Connection, actor: str, post_id: str, keys: list[str], before: int | None) -> PostFacts:
    """`PostFacts` of one post, summed up in SQL (the figures `parley.resolve.roles.post_facts` gives)."""
    current: list[str] = []
    former: list[str] = []
    former_undated = any_current = False
    for key in keys:
        one = _Post(conn, actor, [key], before)
        row = conn.execute(f"SELECT {_KEY_FIGURES.format(where=one.where)}", one.args * 6).fetchone()
        current += [d for d in row[0:2] if d]
        former += [d for d in row[2:4] if d]
        former_undated, any_current = former_undated or bool(row[4]), any_current or bool(row[5])
    post = _Post(conn, actor, keys, before)
    first_current = min(current, default=None)
    first_former = min(former, default=None)
    if first_former and first_current and first_former < first_current:
        # Reports calling it former before it is first stated current end nothing: the first on or after.
        first_former = post.rows("min(published)", " AND former = 1 AND published >= ?", (first_current,))[0][0]
    # Wordings (first stated first) and body (`most_stated`) in one walk of roles_post_title.
    first_said: dict[str, int] = {}
    bodies: Counter[str | None] = Counter()
    for title, of, n, first in post.rows("title, of_id, count(*), min(id)", " GROUP BY title, of_id"):
        first_said[title] = min(first, first_said.get(title, first))
        bodies[of] += n
    wordings = sorted(first_said, key=first_said.__getitem__)
    return PostFacts(post_id=post_id, keys=tuple(keys), wordings=tuple(wordings), body=most_stated(bodies),
                     first_current=first_current, last_current=max(current, default=None),
                     last_seen=max(current + former, default=None), first_former=first_former,
                     former_undated=former_undated, only_former=not any_current,
                     reports=conn.execute(f"SELECT count(*) FROM (SELECT DISTINCT report_id FROM roles WHERE "
                                          f"{post.where}) AS d", post.args).fetchone()[0])


# The statements that may be kept as evidence, one title key at a time (each part a walk of
# roles_post_published or roles_post_former): the first and the latest dated and undated, and the first
# calling it former. `evidence_of` then picks the same ones it would from every statement.
_EVIDENCE_PARTS = (
    ("published IS NOT NULL", "published NULLS FIRST, report_id, id"),
    ("published IS NULL", "report_id, id"),
    ("published IS NOT NULL", "published DESC NULLS LAST, report_id DESC, id DESC"),
    ("published IS NULL", "report_id DESC, id DESC"),
    ("former = 1 AND published IS NOT NULL", "published NULLS FIRST, report_id, id"),
    ("former = 1 AND published IS NULL", "report_id, id"),
)


def _evidence_candidates(conn: Connection, actor: str, key: str, before: int | None, keep: int) -> set[int]:
    post = _Post(conn, actor, [key], before)
    union = " UNION ALL ".join(
        f"SELECT * FROM (SELECT id FROM roles WHERE {post.where} AND {cond} ORDER BY {order} LIMIT ?) AS p{i}"
        for i, (cond, order) in enumerate(_EVIDENCE_PARTS))
    return {r[0] for r in conn.execute(union, [*post.args, keep] * len(_EVIDENCE_PARTS))}


def role_timeline_rows(conn: Connection, actor_id: str, *, before: int | None = None) -> list[RoleSpan]:
    """The role timeline of one actor: post, of, since, until (or current), evidence. With `before` (a report
    id), the timeline as the reports stored before that one told it."""
    catalog = load_posts()
    cutoff = (" AND report_id < ?", (before,)) if before is not None else ("", ())
    groups: dict[str, list[str]] = {}
    for key in _distinct(conn, "title_key", "actor_id = ?" + cutoff[0], (actor_id, *cutoff[1])):
        groups.setdefault(catalog.post_of(key)[0], []).append(key)
    facts = [_post_facts(conn, actor_id, pid, keys, before) for pid, keys in groups.items()]
    others = other_holders(conn, actor_id, {f.post_id: f.first_current for f in facts}, before=before)
    spans = post_spans(actor_id, facts, others=others, catalog=catalog,
                       body_country=body_countries(conn, [f.body for f in facts], others))
    for span in spans:
        ids = set().union(*(_evidence_candidates(conn, actor_id, k, before, EVIDENCE // 2)
                            for k in groups[span.post_id]))
        span.evidence = evidence_of(statements_by_id(conn, sorted(ids)), EVIDENCE)
    return spans


def other_holders(conn: Connection, actor_id: str, since: dict[str, str | None], *,
                  before: int | None = None) -> dict[str, list[Holder]]:
    """The people other than `actor_id` stated in those posts of `since` that one person holds at a time who
    may have succeeded the actor there: per person, the first date stated current (after `since[post]`, the
    actor's own first date; a post with none has no successor) and the body stated most often (`most_stated`).

    Each person's first date is an index seek (roles_post_holders); only the possible successors' bodies are
    counted. With `before`, the statements of the reports stored before it, summed up in one scan."""
    catalog = load_posts()
    wanted = {p for p, first in since.items() if first} & catalog.single_holder
    if not wanted:
        return {}
    keys: dict[str, list[str]] = {}
    for key in title_keys(conn):
        if (pid := catalog.post_of(key)[0]) in wanted:
            keys.setdefault(pid, []).append(key)
    counts: dict[tuple[str, str], dict[str | None, int]] = {}
    firsts: dict[tuple[str, str], str] = {}
    if before is not None:
        for pid, ks in keys.items():
            for actor, of, n, first in conn.execute(
                    f"SELECT actor_id, of_id, count(*), min(published) FROM roles WHERE title_key IN "
                    f"({','.join('?' * len(ks))}) AND actor_id != ? AND former = 0 AND published IS NOT NULL "
                    f"AND report_id < ? GROUP BY actor_id, of_id", (*ks, actor_id, before)):
                firsts[(pid, actor)] = min(first, firsts.get((pid, actor), first))
                tally = counts.setdefault((pid, actor), {})
                tally[of] = tally.get(of, 0) + n
    else:
        stated = "title_key = ? AND former = 0 AND published IS NOT NULL"
        for pid, ks in keys.items():
            for key in ks:
                for actor, first in conn.execute(
                        f"{_loose_scan('actor_id', stated)}SELECT x, (SELECT min(published) FROM roles WHERE "
                        f"{stated} AND actor_id = v.x) FROM v WHERE x IS NOT NULL", (key, key, key)):
                    if actor != actor_id:
                        firsts[(pid, actor)] = min(first, firsts.get((pid, actor), first))
        for pid, actor in [k for k, first in firsts.items() if first > (since[k[0]] or "")]:
            ks = keys[pid]
            counts[(pid, actor)] = dict(conn.execute(
                f"SELECT of_id, count(*) FROM roles WHERE title_key IN ({','.join('?' * len(ks))}) AND former = 0 "
                f"AND actor_id = ? AND published IS NOT NULL GROUP BY of_id", (*ks, actor)).fetchall())
    others: dict[str, list[Holder]] = {}
    for (pid, actor), first in sorted(firsts.items()):
        if first > (since[pid] or ""):
            others.setdefault(pid, []).append(Holder(actor, most_stated(counts.get((pid, actor), {})), first))
    return others


def title_keys(conn: Connection) -> list[str]:
    """Every distinct title key stated, by a loose index scan."""
    return _distinct(conn, "title_key")


def body_countries(conn: Connection, bodies: list[str | None], others: dict[str, list[Holder]]) -> dict[str, str]:
    """The country of each body named (a country is its own; an organization its country, else itself)."""
    named = {b for b in bodies if b} | {h.body for hs in others.values() for h in hs if h.body}
    if not named:
        return {}
    return {r[0]: r[1] or r[0] for r in conn.execute(
        f"SELECT id, CASE WHEN kind = 'country' THEN id ELSE country END FROM actors WHERE id IN "
        f"({','.join('?' * len(named))})", sorted(named))}


def all_role_timelines(conn: Connection) -> list[RoleSpan]:
    """Every actor's role timeline, actor by actor (for exports: one row per post held)."""
    actors = [a for (a,) in conn.execute("SELECT DISTINCT actor_id FROM roles ORDER BY actor_id")]
    return [span for a in actors for span in role_timeline_rows(conn, a)]
