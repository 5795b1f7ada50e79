"""A report's headline: what lists and pages call it instead of its file name.

The headline is the report's own title (HTML <title>/<h1>, a feed entry's or JSON line's `title`), or else
the first line of its text when that line reads as a headline: short, with no sentence of the body in it
and not a `date ...` header. Otherwise the report keeps its file name or id (`doc`).
"""

from __future__ import annotations

import re

# The longest first line taken for a headline. The example headlines run 50-95 characters; body sentences
# that sit alone on the first line run longer (the wire's "ISTANBUL, May 16 (Reuters) - ..." ledes: 180+).
MAX_HEADLINE = 120
# How much of a report's text a query needs to find its headline (SQL: substr(text, 1, HEAD_CHARS)).
HEAD_CHARS = MAX_HEADLINE + 80

_DATE_HEADER = re.compile(r"^date\b", re.IGNORECASE)
# A dateline opens the body, never a headline: "KYIV, July 15 (Reuters) -", "SUMY (AP) —".
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]+(?:,[^\n]{0,30}?)?(?:\([^)]{1,30}\))?\s*[-–—]\s")
# A sentence ends in the line: a full stop after a lower-case word, then more text or the line's end.
_SENTENCE_END = re.compile(r"[a-z0-9\)”\"]\.(?:\s|$)")


def first_line_headline(text: str) -> str | None:
    """The first non-blank line of `text` when it reads as a headline, else None."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if _DATE_HEADER.match(line):
            continue
        if len(line) > MAX_HEADLINE or _DATELINE.match(line) or _SENTENCE_END.search(line):
            return None
        return line
    return None


def headline(title: str | None, text: str | None, doc: str) -> str:
    """The report's title, else its first line if that reads as a headline, else `doc`."""
    if title and title.strip():
        return " ".join(title.split())
    return first_line_headline(text or "") or doc
