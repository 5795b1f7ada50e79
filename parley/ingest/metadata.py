"""What a report's own text says about it: its publication date and the outlets it credits.

Three readings, each usable on its own:

- :func:`split_date_header` and :func:`find_published` give the publication date: a ``date YYYY-MM-DD``
  header, else a dateline at the start of the body (``ISTANBUL, May 16 (Reuters) -``).
- :func:`find_sources` gives the outlets and agencies the text credits for its news, by their usual name.
- :func:`related_link_spans` gives the lines that link to other stories (``Read more: ...``), whose
  headlines are not the report's content.

Everything here is pure text work: no network, no model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from parley.ingest.outlets import Outlets, default_outlets

# --- Dates -----------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# Years a report may plausibly mention as its own. The upper bound keeps "2150 troops" out; the lower one
# keeps "1991 borders" (a common phrase in this domain) out of the guess for a dateline without a year.
YEAR_RANGE = (2000, 2099)

# A dateline is looked for at the start of the first few lines, not only the first: plain-text reports
# often open with their headline on a line of its own, and the dateline starts the line after it.
DATELINE_LINES = 3

_DATE_HEADER = re.compile(
    r"\A[\s\ufeff]*date(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>\d{4}-\d{1,2}-\d{1,2})(?![\w-])[ \t]*", re.IGNORECASE)
# The same header on a line of its own under the headline ("Headline\ndate 2025-08-14\n\nBody"): looked for on
# the lines before the body starts, as a dateline is.
_DATE_HEADER_LINE = re.compile(
    r"^[ \t]*date(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>\d{4}-\d{1,2}-\d{1,2})[ \t]*(?:\n|\Z)", re.IGNORECASE | re.MULTILINE)

_MONTH = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thu|fri|sat|sun)\.?"
_YEAR = r"(?:19|20)\d\d"
_PLACE_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*"
_PLACE = rf"{_PLACE_WORD}(?:[ ](?:{_PLACE_WORD}|[a-z]{{1,3}})){{0,3}}"  # "KYIV", "Rio de Janeiro"
_DATELINE = re.compile(
    rf"""
    [ \t]*
    (?:(?i:published|posted)(?:[ ]on)?:?[ ]+)?                                      # Published:
    (?:(?P<place>{_PLACE}(?:,[ ]{_PLACE}){{0,2}})(?:[,.][ ]*|[ ]+(?=[(/])))?  # ISTANBUL, | MOSCOW.
    (?:(?:{_WEEKDAY},?[ ]+)?
      (?:(?P<m1>{_MONTH})[ ]+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ ]+(?P<y1>{_YEAR}))?   # May 16, 2025
        |(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[ ]+(?:of[ ]+)?(?P<m2>{_MONTH})(?:,?[ ]+(?P<y2>{_YEAR}))?  # 16 May 2025
        |(?P<y3>{_YEAR})-(?P<m3>\d\d)-(?P<d3>\d\d)                                  # 2025-05-16
        |(?P<d4>\d{{1,2}})\.(?P<m4>\d{{1,2}})\.(?P<y4>{_YEAR})                      # 16.05.2025
      )
      (?:,?[ ]+\d{{1,2}}:\d\d(?:[ ]?[AaPp]\.?[Mm]\.?)?(?:[ ][A-Z]{{2,4}})?)?           # , 14:35
    )?
    \.?(?:[ ]*(?:\((?P<agency>[^()\n]{{1,40}})\)|/(?P<agency2>[^/\n]{{1,40}})/))?      # (Reuters) | /TASS/
    [ \t]*(?:[-–—:|.]|$)
    """,
    re.VERBOSE | re.MULTILINE,
)
_YEAR_IN_TEXT = re.compile(r"(?<![\w.,/$€£-])(20\d\d)(?![\w]|[.,]\d)")
_YEAR_IN_URL = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline that opens a report; any part may be missing (``WASHINGTON (AP) —`` has no date)."""

    start: int
    end: int
    place: str | None
    month: int | None
    day: int | None
    year: int | None
    agency: str | None


def split_date_header(text: str) -> tuple[date | None, str]:
    """Split a ``date YYYY-MM-DD`` header off a report: ``(date, body)``.

    The header opens the text (on its own line, or followed on the same line by the body), or stands on a
    line of its own among the first DATELINE_LINES lines, under a headline; the body comes back without it.
    Without a header the text comes back unchanged. Raises ValueError when the header holds no calendar date
    (``date 2025-02-30``).
    """
    m = _DATE_HEADER.match(text)
    if m is not None:
        return _header_date(m["value"]), text[m.end():].lstrip()
    head_end = _nth_line_end(text.lstrip(), DATELINE_LINES) + len(text) - len(text.lstrip())
    m = _DATE_HEADER_LINE.search(text, 0, head_end)
    if m is None:
        return None, text
    return _header_date(m["value"]), (text[:m.start()] + text[m.end():]).strip()


def _header_date(value: str) -> date:
    y, mo, d = (int(part) for part in value.split("-"))
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"bad date header {value!r} (not a calendar date; write it as YYYY-MM-DD)") from None


def _nth_line_end(text: str, n: int) -> int:
    """Where the first `n` non-blank lines of `text` end."""
    seen = 0
    for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n|\Z)", text):
        seen += 1
        if seen == n:
            return m.end()
    return len(text)


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of one of the first lines of `text`, or None."""
    pos = 0
    for _ in range(DATELINE_LINES):
        while pos < len(text) and text[pos] in " \t\r\n\ufeff":
            pos += 1
        m = _DATELINE.match(text, pos)
        agency = m and (m["agency"] or m["agency2"])
        if m and (m["m1"] or m["d2"] or m["y3"] or m["d4"] or (agency and _agency_only(m["place"]))):
            return _dateline(m)
        nl = text.find("\n", pos)
        if nl < 0:
            return None
        pos = nl + 1
    return None


def _agency_only(place: str | None) -> bool:
    """Whether a dateline without a date stands: ``WASHINGTON (AP) —`` does, a name that introduces its
    abbreviation (``Security Service of Ukraine (SBU) - ...``) does not. Wires write the place in capitals.
    """
    return place is None or (place.split(",")[0].isupper() and len(place) > 1)


def _dateline(m: re.Match[str]) -> Dateline:
    month = day = year = None
    if m["m1"]:
        month, day, year = MONTHS[m["m1"].rstrip(".").lower()], int(m["d1"]), m["y1"]
    elif m["m2"]:
        month, day, year = MONTHS[m["m2"].rstrip(".").lower()], int(m["d2"]), m["y2"]
    elif m["y3"]:
        month, day, year = int(m["m3"]), int(m["d3"]), m["y3"]
    elif m["y4"]:
        month, day, year = int(m["m4"]), int(m["d4"]), m["y4"]
    agency = (m["agency"] or m["agency2"] or "").strip() or None
    return Dateline(m.start(), m.end(), m["place"], month, day, int(year) if year else None, agency)


def year_in_url(url: str | None) -> int | None:
    """A year in a URL's path (``/2025/05/16/...``), the usual way sites file their stories, or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]*", "", url)
    for m in _YEAR_IN_URL.finditer(path):
        if YEAR_RANGE[0] <= int(m[1]) <= YEAR_RANGE[1]:
            return int(m[1])
    return None


def most_frequent_year(text: str) -> int | None:
    """The year the text names most often (ties go to the latest), within :data:`YEAR_RANGE`, or None."""
    years = Counter(int(m[1]) for m in _YEAR_IN_TEXT.finditer(text)
                    if YEAR_RANGE[0] <= int(m[1]) <= YEAR_RANGE[1])
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def find_published(text: str, *, year_hint: int | None = None) -> date | None:
    """The publication date a report's dateline gives, or None.

    A dateline without a year (``KYIV, June 2 (AP) —``) takes `year_hint` (a year from the report's
    metadata, such as its URL), else the year the text names most often; with no year at all the date
    stays unknown rather than guessed.
    """
    dl = find_dateline(text)
    if dl is None or dl.month is None or dl.day is None:
        return byline_date(text)
    year = dl.year or year_hint or most_frequent_year(text)
    if year is None:
        return None
    try:
        return date(year, dl.month, dl.day)
    except ValueError:  # "February 30": a typo, not a date
        return None


# A full date on one of the first lines when that line is a byline or header, not a sentence:
# "By Jane Doe | Kyiv Independent | 23 July 2025", "Published: May 16, 2025 14:05".
_HEADER_LINES = 3
_HEADER_MAX = 120
_FULL_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]{2,8})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b")


def header_line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the first lines that are bylines or headers, not sentences."""
    spans = []
    for m in list(re.finditer(r"[^\n]+", text))[:_HEADER_LINES]:
        line = m[0].strip()
        if line and len(line) <= _HEADER_MAX and (line.lower().startswith(("by ", "published", "updated", "posted"))
                                                  or "|" in line or "·" in line or _FULL_DATE.fullmatch(line)):
            spans.append((m.start(), m.end()))
    return spans


def byline_date(text: str) -> date | None:
    """The date a header or byline line states, if one of the first lines is such a line."""
    for start, end in header_line_spans(text):
        line = text[start:end]
        m = _FULL_DATE.search(line)
        if m is None:
            continue
        try:
            if m.group("iso"):
                return date.fromisoformat(m.group("iso"))
            day, month, year = ((m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1")
                                else (m.group("d2"), m.group("m2"), m.group("y2")))
            number = _MONTH_NUMBERS.get(month.lower()[:3])
            return date(int(year), number, int(day)) if number else None
        except ValueError:
            return None
    return None


_MONTH_NUMBERS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                              "nov", "dec"], start=1)}


# --- Related links -----------------------------------------------------------------------------------

# Labels of lines that link to other stories. Ukrainian and wire sites use all of these; a colon or dash
# must follow, so that a sentence starting "Related talks ..." is not taken for one.
RELATED_LINK_LABELS = ("read more", "read also", "also read", "see also", "related", "related news",
                       "related stories", "related articles", "more on this topic", "more on the topic")

_RELATED_LINE = re.compile(
    r"^[ \t]*(?P<line>(?:" + "|".join(re.escape(label).replace(r"\ ", r"\s+")
                                      for label in sorted(RELATED_LINK_LABELS, key=len, reverse=True))
    + r")[ \t]*[:\-–—][^\n]*?)[ \t\r]*$",
    re.IGNORECASE | re.MULTILINE,
)


def related_link_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line that links to another story (``Read more: <headline> - Reuters``).

    The span runs from the label to the last non-blank character of the line.
    """
    return [(m.start("line"), m.end("line")) for m in _RELATED_LINE.finditer(text)]


# Lines that credit the people who made the report, not people in it: a byline ("By Jane Doe"), a wire
# trailer ("Reporting by A in Kyiv; Editing by B"), a photo credit ("Photo: C/Reuters").
_CREDIT_LINE = re.compile(
    r"(?im)^[ \t(\[]*(?P<line>(?:by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and)\s*[A-Z][\w.'’-]+"
    r"(?:\s+[A-Z][\w.'’-]+){0,3})*\s*$"
    r"|(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by\b[^\n]*"
    r"|(?:photo|picture|image|video)(?:\s+by|\s*:)[^\n]*))")


def credit_line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of bylines, wire credit trailers and photo credits (their names are not actors)."""
    return [(m.start("line"), m.end("line")) for m in _CREDIT_LINE.finditer(text)]


def non_content_spans(text: str) -> list[tuple[int, int]]:
    """Everything extraction should skip: related-story links and credit lines."""
    return sorted(related_link_spans(text) + credit_line_spans(text))


# --- Sources -----------------------------------------------------------------------------------------

# Verbs with the outlet as subject: "Interfax reported", "UNN writes", "Reuters has learned".
_CREDIT_AFTER = (r"reports|reported|report|writes|wrote|informs|informed|says|said|notes|noted|learned|learnt|"
                 r"cites|cited|quotes|quoted|claims|claimed|states|stated|publishes|published|adds|added|"
                 r"found|finds|reveals|revealed|confirms|confirmed|understands|obtained|saw|reviewed|"
                 r"clarifies|clarified|specifies|specified|calculated|estimated|announced|"
                 r"broke\s+the\s+news|points\s+out|pointed\s+out")
# Nouns after the outlet: "Reuters' sources", "the BBC's correspondent", "a Ukrinform correspondent".
_CREDIT_NOUNS = (r"reports?|sources?|correspondents?|reporters?|journalists?|article|investigation|"
                 r"interview|story|analysis|calculations|data|information")
# Words before the outlet: "writes UNN", "told Reuters", "as reported by TASS", "in an interview with Axios".
_CREDIT_BEFORE = (r"reports|reported|writes|wrote|informs|informed|told|said\s+to|spoke\s+to|speaking\s+to|"
                  r"talking\s+to|via|(?:as\s+)?(?:reported|cited|quoted|published|seen|obtained|reviewed|"
                  r"broadcast|aired|confirmed|learned)\s+by|interview\s+(?:with|to|for)|comments?\s+(?:to|for)|"
                  r"statement\s+to")
# "according to" and "citing" may be a few lower-case words from the outlet ("according to a report by
# Reuters", "citing sources cited by Axios"); a capitalised word between ("according to Yermak") breaks it.
_CREDIT_LOOSE = r"(?i:according\s+to|citing)(?:\s+[a-z]+){0,4}?"
# What an outlet may be called next to its name: "the Turkish news agency Anadolu", "Kommersant newspaper".
_KIND = (r"(?:news\s+)?(?:agency|newspaper|paper|outlet|publication|portal|website|site|channel|"
         r"broadcaster|magazine|daily|weekly|service|wire)")
_BEFORE_NAME = rf"(?:(?:the|a|an)\s+)?(?:(?:[A-Za-z\-]+\s+){{0,2}}{_KIND}\s+)?"
# Adverbs between an outlet and its verb: "Reuters has also reported", "Axios first reported".
_ADVERBS = r"(?:\s+(?:has|have|had|also|earlier|previously|first|reportedly|exclusively|later)){0,3}"
# What may follow an open-pattern name in the same sentence: "..., reports UNN with reference to the SBU."
_NAME_FOLLOWERS = r"(?=\s*(?:[.;!?]|,?\s*(?:citing|with\s+reference\s+to|referring\s+to)\b|$))"

# A name that an open pattern may take as an unlisted outlet: capitalised words, dots only inside a word
# ("Censor.NET"), at most four words with connectors ("Radio Free Europe", "Corriere della Sera").
_TOKEN = r"[A-ZÀ-ÖØ-Þ0-9][\w&'’\-/]*(?:\.\w[\w&'’\-/]*)*"
_NAME = rf"{_TOKEN}(?:[ ](?:(?:of|de|del|della|di|la|le|el|al|the|and|&)[ ])?{_TOKEN}){{0,3}}"
MAX_NAME_WORDS = 4
# Outlets credited together in one phrase ("Reuters, AFP and dpa reported"); more is a list, not a credit.
MAX_LISTED_OUTLETS = 6
# Words that open a clause ("..., He reports") or stand for someone unnamed ("Read more: ... - Minister"):
# never a source's name.
_NOT_NAMES = frozenset({"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there",
                        "here", "who", "which", "what", "one", "some", "many", "media", "sources", "source",
                        "officials", "official", "reports", "the", "a", "an", "minister", "president",
                        "spokesman", "spokeswoman", "spokesperson", "expert", "experts", "analyst", "analysts"})
_CONNECTORS = frozenset({"of", "de", "del", "della", "di", "la", "le", "el", "al", "the", "and", "&"})
_QUOTES = "”\"»“'’"


class SourceFinder:
    """Finds credited outlets in texts, with the patterns compiled once for one :class:`Outlets`."""

    def __init__(self, outlets: Outlets) -> None:
        self.outlets = outlets
        o = outlets.pattern()
        self._outlet = re.compile(o)
        # "Reuters and AFP reported": a short list, bounded so that a long run of names is not re-read from
        # every one of its names (quadratic time on a text that lists thousands).
        ol = rf"{o}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:[Tt]he\s+)?{o}){{0,{MAX_LISTED_OUTLETS - 1}}}"
        known = [
            rf"(?P<list>{ol})(?:\s+{_KIND})?{_ADVERBS}\s+(?:{_CREDIT_AFTER})\b",
            rf"(?P<list>{ol})(?:'s|’s|'|’)\s+(?:\w+\s+)?(?:{_CREDIT_NOUNS})\b",
            rf"(?P<list>{ol})\s+(?:{_CREDIT_NOUNS})\b",
            rf"\b(?i:{_CREDIT_BEFORE})\s+{_BEFORE_NAME}(?P<list>{ol})",
            rf"{_CREDIT_LOOSE}\s+{_BEFORE_NAME}(?P<list>{ol})",
            rf"\(\s*(?P<list>{ol})\s*\)",
        ]
        self._known = [re.compile(p) for p in known]
        # "- Reuters" ending a line: the credit line of wires and of "Read more: <headline> - Bloomberg";
        # also "Kyiv • UNN" and "<headline> | Reuters".
        self._line_end = re.compile(
            rf"(?:^|(?<=[\s.,;:!?{_QUOTES})]))(?:[-–—]+|[•|])\s*(?P<list>{ol})\s*\.?[ \t\r]*$", re.MULTILINE)
        # Open patterns, which also take names not in outlets.toml when they look like one.
        self._open = [
            # "..., Censor.NET reports." closing a sentence; not after a quotation ("...," Umerov reported).
            re.compile(rf"(?<![{_QUOTES}]),\s+(?:the\s+)?(?P<name>{_NAME})\s+(?:reports|reported|writes|informs)"
                       + _NAME_FOLLOWERS, re.MULTILINE),
            # "..., writes UNN." closing a sentence; not after a quotation ("...," writes Zelensky).
            re.compile(rf"(?<=[^\s{_QUOTES}]),\s+(?:writes|reports|reported|informs)\s+(?:the\s+)?(?P<name>{_NAME})"
                       + _NAME_FOLLOWERS, re.MULTILINE),
            # A credit line: "Source: Ukrinform".
            re.compile(rf"^[ \t]*(?i:sources?|via)[ \t]*:[ \t]*(?:the\s+)?(?P<name>{_NAME})[ \t]*\.?[ \t\r]*$",
                       re.MULTILINE),
        ]
        # "Read more: <headline> - OP": whoever ends a related-link line is the headline's source.
        self._related_tail = re.compile(rf"\s[-–—]+\s*(?P<name>{_NAME})\s*\.?$")

    def find(self, text: str) -> list[str]:
        related = related_link_spans(text)
        found: list[tuple[int, str]] = []

        for pattern in self._known:
            for m in pattern.finditer(text):
                # Inside a related link the headline is another story's: its credits are not this report's.
                if not _inside(m.start(), related):
                    found.extend(self._listed(text, m.start("list"), m.end("list")))
        for m in self._line_end.finditer(text):
            found.extend(self._listed(text, m.start("list"), m.end("list")))
        for pattern in self._open:
            for m in pattern.finditer(text):
                if not _inside(m.start(), related):
                    found.extend(self._named(m["name"], m.start("name")))
        for start, end in related:
            tail = self._related_tail.search(text, start, end)
            if tail:
                found.extend(self._named(tail["name"], tail.start("name")))
        dateline = find_dateline(text)
        if dateline and dateline.agency:
            found.extend(self._named(dateline.agency, dateline.start))
        # A listed outlet in a byline or header line: "By Jane Doe | Kyiv Independent | 23 July 2025".
        for start, end in header_line_spans(text):
            found.extend(self._listed(text, start, end))
        # Source, copyright and sign-off lines, and a headline's "Reuters: ..." (parley/ingest/outlets.py).
        found.extend(self.outlets.credit_lines(text))

        seen: set[str] = set()
        sources = []
        for _, name in sorted(found, key=lambda item: item[0]):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                sources.append(name)
        return sources

    def _listed(self, text: str, start: int, end: int) -> list[tuple[int, str]]:
        """Each known outlet named in ``text[start:end]``, with its position."""
        out = []
        for m in self._outlet.finditer(text, start, end):
            usual = self.outlets.usual_name(m[0])
            if usual:
                out.append((m.start(), usual))
        return out

    def _named(self, name: str, pos: int) -> list[tuple[int, str]]:
        """The source a name stands for: its usual name if listed, itself if it looks like an outlet's."""
        name = " ".join(name.split())
        usual = self.outlets.usual_name(name)
        if usual:
            return [(pos, usual)]
        return [(pos, name)] if self.looks_like_name(name) else []

    def looks_like_name(self, name: str) -> bool:
        """Whether an unlisted name may be an outlet's: capitalised, short, no platform, no pronoun.

        Abbreviations count ("OP", "ISW"); single letters do not (they are initials, or X the platform).
        """
        words = name.split()
        if not 1 <= len(words) <= MAX_NAME_WORDS or len(name) < 2:
            return False
        if words[0].casefold() in _NOT_NAMES or words[-1].casefold() in _CONNECTORS:
            return False
        if not all(w[0].isupper() or w[0].isdigit() or w.casefold() in _CONNECTORS for w in words):
            return False
        return not (self.outlets.is_platform(name) or any(self.outlets.is_platform(w) for w in words))


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


@cache
def default_finder() -> SourceFinder:
    """The matcher of the bundled outlet names, compiled once per process (a PySpark daemon compiles it
    before forking its workers: parley.batch.daemon)."""
    return SourceFinder(default_outlets())


def find_sources(text: str, *, outlets: Outlets | None = None) -> list[str]:
    """Outlets and agencies that `text` credits for its news, by usual name, in order of first mention.

    Listed outlets (``parley/data/outlets.toml``) count in any crediting phrase: "Censor.NET reports",
    "writes UNN", "according to Interfax", "(Reuters)", "told the BBC", a line ending "- Bloomberg".
    Unlisted names count only where the phrase leaves no doubt: "..., X reports." closing a sentence,
    "..., writes X.", a dateline's "(X) -", a "Source: X" line, and "- X" ending a ``Read more:`` line.
    Platforms ("on Facebook", "wrote on X") and people ("according to Yermak", "- Umerov wrote") are not
    sources.
    """
    finder = default_finder() if outlets is None else SourceFinder(outlets)
    return finder.find(text)


def dateline_without_year(text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline that gives no year (``SUMY, May 17 (AP) —``), or None."""
    dl = find_dateline(text)
    if dl is None or dl.month is None or dl.day is None or dl.year is not None:
        return None
    return dl.month, dl.day


def year_from_neighbours(month: int, day: int, dated: list[date]) -> date | None:
    """The date of a dateline without a year, its year taken from neighbouring reports' dates.

    Among the years those reports fall in (and the years either side), the one that puts the day nearest
    to most of them: a "May 17" among reports of May to July 2025 is 2025-05-17. With no dated neighbour,
    None: the date stays unknown rather than guessed.
    """
    if not dated:
        return None
    ordered = sorted(dated)
    return year_near(month, day, {d.year for d in dated}, ordered[len(ordered) // 2], (ordered[0], ordered[-1]))


def year_near(month: int, day: int, years_seen: set[int], median: date,
              span: tuple[date, date] | None = None) -> date | None:
    """`year_from_neighbours` given what it needs of the neighbours: the years they fall in, their median
    date and the first and last of them (the Spark batch computes these from counts of dates instead of
    holding every date). A year that puts the day within `span` wins over one outside it ("Jan 19" among
    reports of November 2024 to November 2025 is 2025-01-19, though 2026-01-19 is nearer their median); then
    the day nearest the span, then nearest the median."""
    years = sorted({y + k for y in years_seen for k in (-1, 0, 1)})
    best: tuple[tuple[int, int], date] | None = None
    for y in years:
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        outside = 0
        if span is not None:
            outside = max((span[0] - candidate).days, (candidate - span[1]).days, 0)
        distance = (outside, abs((candidate - median).days))
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else None
