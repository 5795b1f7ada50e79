"""Filter values from users: actor ids from any spelling, near misses of fixed values, date bounds, and
how many undated items a date filter leaves out.

The web's actor list finds actors by any name the reports use (`queries.list_actors(name=...)`); the
CLI's "did you mean" and the web's "no actor with id" page ask the same question here, so both answer it
the same way.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

from parley.names import name_key, slugify
from parley.store import queries
from parley.store.sql import Connection, dialect_of

MAX_SUGGESTIONS = 3


def close_values(value: str, choices: Iterable[str], *, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The choices closest to `value` (a typo, another case, a prefix), best first."""
    choices = list(choices)
    folded = value.strip().lower().replace("-", "_").replace(" ", "_")
    exact = [c for c in choices if c.lower() == folded or c.lower().startswith(folded)] if folded else []
    near = difflib.get_close_matches(folded, choices, n=limit, cutoff=0.6)
    return list(dict.fromkeys(exact + near))[:limit]


def actor_exists(conn: Connection, actor_id: str) -> bool:
    return conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is not None


def suggest_actors(conn: Connection, text: str, *, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Ids of the actors `text` most likely means: by any spelling the reports use, then by a near id.

    "umerov", "Umierov" and "rustem umerov" all find `rustem-umerov`: the name filter of the web's actor
    list (a substring of any name or alias), the transliteration-folded name key (`parley.names`), and
    for typos in an id ("rustem-umerv") the closest ids.
    """
    text = text.strip()
    if not text:
        return []
    found: list[str] = [r["id"] for r in queries.list_actors(conn, name=text, limit=limit)]
    spaced = text.replace("-", " ").replace("_", " ")
    if spaced != text:
        found += [r["id"] for r in queries.list_actors(conn, name=spaced, limit=limit)]
    key = name_key(spaced)
    if key:
        found += [r[0] for r in conn.execute(
            "SELECT DISTINCT a.actor_id FROM aliases a WHERE a.alias_key = ? OR a.alias_key LIKE ? "
            "OR a.alias_key LIKE ? LIMIT ?", (key, f"% {key}", f"{key} %", limit))]
    if len(set(found)) < limit:
        ids = [r[0] for r in conn.execute("SELECT DISTINCT actor_id FROM report_actors")]
        found += difflib.get_close_matches(slugify(text), ids, n=limit, cutoff=0.6)
    return list(dict.fromkeys(found))[:limit]


def unknown_actor_message(conn: Connection, actor_id: str) -> str:
    """One line for an actor id that names nobody, with the likeliest ids."""
    hints = suggest_actors(conn, actor_id)
    tail = f"did you mean {', '.join(hints)}?" if hints else "`parley actors` lists them"
    return f"no actor with id {actor_id!r}; {tail}"


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_filter(value: str) -> str:
    """A `since`/`until` bound as given (YYYY, YYYY-MM or YYYY-MM-DD); ValueError when it is no date."""
    value = value.strip()
    m = _DATE.match(value)
    try:
        if m is None:
            raise ValueError
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)") from None
    return value


def undated_events(conn: Connection, *, type: str | None = None, actor: str | None = None,
                   place: str | None = None, negotiation: str | None = None) -> int:
    """How many events the other filters keep that have no date (a date filter leaves them out)."""
    where, args = queries.event_filters(type=type, actor=actor, place=place, negotiation=negotiation)
    where.append("e.date IS NULL")
    return conn.execute(f"SELECT count(*) FROM events e WHERE {' AND '.join(where)}", args).fetchone()[0]


def undated_quotes(conn: Connection, *, speaker: str | None = None, q: str | None = None,
                   negotiation: str | None = None) -> int:
    """How many quotations the other filters keep whose report has no date."""
    from parley.store.negotiations import in_negotiation

    where, args = [f"{queries.REPORT_DATE} IS NULL"], []
    if negotiation:
        where.append(in_negotiation("q.report_id"))
        args.append(negotiation)
    if speaker:
        where.append("q.speaker_id = ?")
        args.append(speaker)
    if q and dialect_of(conn).search_query(q):
        where.append(dialect_of(conn).quote_matches("q.id"))
        args.append(dialect_of(conn).search_query(q))
    sql = f"SELECT count(*) FROM quotes q JOIN reports r ON r.id = q.report_id WHERE {' AND '.join(where)}"
    return conn.execute(sql, args).fetchone()[0]
