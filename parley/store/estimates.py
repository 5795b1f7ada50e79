"""Dates for undated reports from the known events they tell of.

A report without a date that tells of "the second round of talks" was written after that round; the dated
reports give the round's date. Its window then starts there and runs for ESTIMATE_DAYS, marked as an
estimate (reports.date_precision = 'estimated'), and is shown as one ("~June 2025"), never as a day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from parley.lexicon import _read
from parley.store.sql import Connection, dialect_of

# News reports tell of events of the past weeks: the same 30 days parley.extract.dates.estimate_window uses.
ESTIMATE_DAYS = 30


@cache
def ordinal_rounds() -> dict[int, tuple[re.Pattern[str], ...]]:
    data = _read("happenings.toml").get("ordinal_rounds", {})
    return {int(n): tuple(re.compile(r"\b" + re.escape(p).replace(r"\ ", r"\s+").replace("\\-", "[-–\\s]")
                                     + r"\b", re.I) for p in phrases)
            for n, phrases in data.items()}


def rounds_named(text: str) -> set[int]:
    return {n for n, pats in ordinal_rounds().items() if any(p.search(text) for p in pats)}


def round_dates(conn: Connection) -> dict[int, str]:
    """The date of each numbered round: the earliest dated report that names it (a full-text seek per
    phrase, so the cost does not grow with the reports' text)."""
    out: dict[int, str] = {}
    for n, phrases in _read("happenings.toml").get("ordinal_rounds", {}).items():
        for phrase in phrases:
            words = re.findall(r"\w+", phrase)
            dialect = dialect_of(conn)
            (first,) = conn.execute(
                f"SELECT min(r.published) FROM {dialect.reports_matching()} AND r.published IS NOT NULL",
                (dialect.phrase_query(words),)).fetchone()
            if first and (int(n) not in out or first < out[int(n)]):
                out[int(n)] = first
    return out


def estimate_undated(conn: Connection, report_ids: list[int] | None = None) -> int:
    """Give undated reports without an estimate a window from the numbered rounds they tell of; how many."""
    where = "published IS NULL AND est_end IS NULL"
    rows = conn.execute(f"SELECT id, text FROM reports WHERE {where}").fetchall()
    if report_ids is not None:
        wanted = set(report_ids)
        rows = [r for r in rows if r[0] in wanted]
    if not rows:
        return 0
    known = round_dates(conn)
    n = 0
    for rid, text in rows:
        dates = [known[k] for k in rounds_named(text) if k in known]
        if not dates:
            continue
        start = max(dates)
        end = (date.fromisoformat(start) + timedelta(days=ESTIMATE_DAYS)).isoformat()
        conn.execute("UPDATE reports SET est_start = ?, est_end = ? WHERE id = ?", (start, end, rid))
        n += 1
    conn.commit()
    return n
