"""Dates in sentences: explicit ("on July 23", "16 May 2025", "in March 2022") or relative to the report's
publication date ("on Thursday", "yesterday", "last week"); and the date window of an undated report.

Extraction runs before the publication date is attached to the Doc, so :func:`find_date` returns a
*partial* date (`DateExpr`) and :func:`resolve` completes it once the report's date is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store's readers use find_date too, without loading spaCy
    from spacy.tokens import Doc

    from parley.models import Extraction

MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                           "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_M = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS = [
    # 16 May 2025 / May 16, 2025 / May 16 / 16 May
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_M}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I),
    re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I),
    # March 2022 / in February 2022
    re.compile(rf"\b{_M}\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    # ISO
    re.compile(r"\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"),
    # in 2022 / since 2014 (a bare year after a preposition)
    re.compile(r"\b(?:in|since|during|of)\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?:the\s+)?(?P<year>(?:19|20)\d\d)\s+(?:talks|deal|invasion|agreement|round)\b", re.I),
]
_RELATIVE = re.compile(r"\b(?:(?P<lastnext>last|next|this)\s+)?(?P<unit>monday|tuesday|wednesday|thursday|friday|"
                       r"saturday|sunday|yesterday|today|tonight|tomorrow|week|month|year)\b", re.I)


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date as the sentence gives it; fields left None are filled from the publication date."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # relative: the last such weekday on or before publication
    offset_days: int | None = None  # relative: yesterday = -1, tomorrow = +1
    unit: str | None = None  # "week", "month", "year" with `offset_days` as -1/0/+1 units

    def resolve(self, published: date | None) -> str | None:
        if self.weekday is not None:
            if published is None:
                return None
            back = (published.weekday() - self.weekday) % 7
            return (published - timedelta(days=back)).isoformat()
        if self.offset_days is not None and self.unit is None:
            return (published + timedelta(days=self.offset_days)).isoformat() if published else None
        if self.unit is not None:
            if published is None:
                return None
            n = self.offset_days or 0
            if self.unit == "week":
                return (published + timedelta(weeks=n)).strftime("%Y-%m")
            if self.unit == "month":
                m = published.month + n
                y = published.year + (m - 1) // 12
                return f"{y:04d}-{(m - 1) % 12 + 1:02d}"
            return f"{published.year + n:04d}"
        year = self.year or (published.year if published and self.month else None)
        if year is None:
            return None
        if self.month and self.day:
            try:
                return date(year, self.month, self.day).isoformat()
            except ValueError:
                return None
        if self.month:
            return f"{year:04d}-{self.month:02d}"
        return f"{year:04d}"


def find_date(text: str) -> DateExpr | None:
    """The first date expression in `text` (a sentence), explicit dates before relative ones."""
    found = find_date_at(text)
    return found[0] if found else None


def find_date_at(text: str) -> tuple[DateExpr, int] | None:
    """:func:`find_date`'s date and where in `text` its expression starts."""
    for pat in _PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        g = m.groupdict()
        if g.get("iso"):
            y, mo, d = (int(x) for x in g["iso"].split("-"))
            return DateExpr(y, mo, d), m.start()
        month = MONTHS.get(g["month"].lower().rstrip(".")) if g.get("month") else None
        day = int(g["day"]) if g.get("day") else None
        if day is not None and not 1 <= day <= 31:
            continue
        return DateExpr(int(g["year"]) if g.get("year") else None, month, day), m.start()
    m = _RELATIVE.search(text)
    if m:
        unit = m.group("unit").lower()
        which = (m.group("lastnext") or "").lower()
        if unit in WEEKDAYS:
            return DateExpr(weekday=WEEKDAYS[unit]), m.start()
        if unit in ("yesterday", "today", "tonight", "tomorrow"):
            return DateExpr(offset_days={"yesterday": -1, "tomorrow": 1}.get(unit, 0)), m.start()
        if which:
            return DateExpr(offset_days={"last": -1, "next": 1, "this": 0}[which], unit=unit), m.start()
    return None


def resolve_event_dates(ext: Extraction, doc: Doc) -> None:
    """Complete the events' partial dates with the report's date; estimate a window for undated reports."""
    published = ext.report.published
    exprs: list[DateExpr | None] = list(doc._.parley_event_dates or []) if doc.has_extension(
        "parley_event_dates") else []
    for event, expr in zip(ext.events, exprs, strict=False):
        if expr is not None:
            event.date = expr.resolve(published)
        elif published is not None and event.date == "@published":
            event.date = published.isoformat()
        if event.date == "@published":
            event.date = None
    if published is None:
        ext.date_window = estimate_window(doc.text)


def estimate_window(text: str) -> tuple[str, str] | None:
    """(earliest, latest) plausible publication date of an undated report: on or after the latest full date
    it mentions, and within the 30 days that follow it (news reports dated events of the past weeks).
    """
    latest: date | None = None
    for pat in _PATTERNS[:2]:
        for m in pat.finditer(text):
            g = m.groupdict()
            if not g.get("year") or not g.get("month"):
                continue
            try:
                d = date(int(g["year"]), MONTHS[g["month"].lower().rstrip(".")], int(g["day"]))
            except (ValueError, KeyError):
                continue
            latest = d if latest is None or d > latest else latest
    for m in _PATTERNS[3].finditer(text):
        try:
            d = date.fromisoformat(m.group("iso"))
        except ValueError:
            continue
        latest = d if latest is None or d > latest else latest
    if latest is None:
        # Bare years ("since 2022", "the failed 2022 talks") are background, not the report's date: a window
        # of 2022-01-01 to 2023-12-31 dated a May 2025 report's quotes 2023-12-31. The store estimates such
        # reports from the known events they tell of (parley.store.happenings.estimate_undated).
        return None
    return latest.isoformat(), (latest + timedelta(days=30)).isoformat()
