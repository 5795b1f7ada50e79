"""Merged knowledge-base reads that return typed rows: role timelines (and, in sibling modules, happenings
and stances). Exports and views build on these; the CLI and the web print them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from parley.resolve.roles import Holder, RoleSpan, RoleStatement, load_posts, role_timeline
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


# Statements without their sentences: a busy actor has tens of thousands; sentences are read for the
# evidence kept (EVIDENCE per post) only.
_STATEMENTS = (
    "SELECT ro.id, ro.report_id, r.doc, r.title, ro.published, ro.actor_id, "
    "ro.title AS role_title, ro.title_key, ro.of_id, ro.former, ro.sent_start, ro.sent_end "
    "FROM roles ro JOIN reports r ON r.id = ro.report_id ")
# Statements kept as evidence per post: the first and latest halves, and every one calling it former.
EVIDENCE = 20


def _statement(row: sqlite3.Row) -> RoleStatement:
    return RoleStatement(role_id=row["id"], report_id=row["report_id"], doc=row["doc"], headline=row["title"],
                         date=row["published"], actor=row["actor_id"], title=row["role_title"],
                         title_key=row["title_key"], of=row["of_id"], former=bool(row["former"]), sentence="",
                         sent_start=row["sent_start"], sent_end=row["sent_end"])


def role_statements(conn: Connection, actor_id: str) -> list[RoleStatement]:
    return [_statement(r) for r in conn.execute(_STATEMENTS + "WHERE ro.actor_id = ? ORDER BY ro.id", (actor_id,))]


def _with_sentences(conn: Connection, stmts: list[RoleStatement]) -> list[RoleStatement]:
    """The statements with their sentences and headlines filled in (one query)."""
    if not stmts:
        return stmts
    rows = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        f"SELECT ro.id, substr(r.text, ro.sent_start + 1, ro.sent_end - ro.sent_start), r.title, "
        f"substr(r.text, 1, 400) FROM roles ro JOIN reports r ON r.id = ro.report_id "
        f"WHERE ro.id IN ({','.join('?' * len(stmts))})", [s.role_id for s in stmts])}
    out = []
    for s in stmts:
        sentence, title, head = rows[s.role_id]
        out.append(replace(s, sentence=" ".join((sentence or "").split()), headline=headline(title, head or "")))
    return out


def role_timeline_rows(conn: Connection, actor_id: str, *, before: int | None = None) -> list[RoleSpan]:
    """The role timeline of one actor: post, of, since, until (or current), evidence. With `before` (a report
    id), the timeline as the reports stored before that one told it."""
    catalog = load_posts()
    mine = [s for s in role_statements(conn, actor_id) if before is None or s.report_id < before]
    wanted = {catalog.post_of(s.title_key)[0] for s in mine} & catalog.single_holder
    others: dict[str, list[Holder]] = {}
    if wanted:
        # Other holders of the same posts, summed up in SQL: per person and body, the first current date.
        keys = [k for (k,) in conn.execute("SELECT DISTINCT title_key FROM roles")
                if catalog.post_of(k)[0] in wanted]
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            best: dict[tuple[str, str], tuple[int, str | None, str]] = {}
            for key, actor, of, n, first in conn.execute(
                    f"SELECT title_key, actor_id, of_id, count(*), min(published) FROM roles "
                    f"WHERE title_key IN ({','.join('?' * len(chunk))}) AND actor_id != ? AND former = 0 "
                    f"AND published IS NOT NULL AND report_id < ? GROUP BY title_key, actor_id, of_id",
                    (*chunk, actor_id, before if before is not None else 2**63 - 1)):
                pid = catalog.post_of(key)[0]
                seen = best.get((pid, actor))
                body = of if seen is None or n > seen[0] else seen[1]
                start = first if seen is None or first < seen[2] else seen[2]
                best[(pid, actor)] = (max(n, seen[0] if seen else 0), body, start)
            for (pid, actor), (_n, body, start) in best.items():
                others.setdefault(pid, []).append(Holder(actor, body, start))
    bodies = {s.of for s in mine if s.of} | {h.body for hs in others.values() for h in hs if h.body}
    body_country = {}
    if bodies:
        marks = ",".join("?" * len(bodies))
        body_country = {r[0]: r[1] or r[0] for r in conn.execute(
            f"SELECT id, CASE WHEN kind = 'country' THEN id ELSE country END FROM actors WHERE id IN ({marks})",
            sorted(bodies))}
    spans = role_timeline(actor_id, mine, others=others, body_country=body_country, catalog=catalog,
                          evidence=EVIDENCE)
    filled = {s.role_id: s for s in _with_sentences(conn, [e for sp in spans for e in sp.evidence])}
    for sp in spans:
        sp.evidence = [filled[e.role_id] for e in sp.evidence]
    return spans


def all_role_timelines(conn: Connection) -> list[RoleSpan]:
    """Every actor's role timeline, actor by actor (for exports: one row per post held)."""
    actors = [a for (a,) in conn.execute("SELECT DISTINCT actor_id FROM roles ORDER BY actor_id")]
    return [span for a in actors for span in role_timeline_rows(conn, a)]
