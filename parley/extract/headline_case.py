"""Lines in capitals read in title case by the model.

Wire headlines are often set in capitals ("RUSSIA WON'T ACCEPT NATO TROOPS IN UKRAINE, LAVROV SAYS"). The
statistical model was trained on mixed case: on such a line it finds no country, takes "TROOPS IN UKRAINE" for
an organization and misses the negation. So the tokenizer is wrapped: a line whose letters are (nearly) all
capitals is handed to the model in title case ("Russia Won't Accept NATO Troops In Ukraine, Lavrov Says"),
keeping abbreviations the lexicon knows ("NATO", "US", "UAE") as written. The text keeps its length, so every
character offset still points into the report's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

WORD = re.compile(r"[^\W\d_]+")
APOSTROPHES = ("'", "’")
# A line is in capitals when at least this share of its letters are, over at least MIN_WORDS words.
CAPS_SHARE = 0.9
MIN_WORDS = 3


def caps_line(line: str) -> bool:
    words = WORD.findall(line)
    if len(words) < MIN_WORDS:
        return False
    letters = "".join(words)
    return sum(map(str.isupper, letters)) >= CAPS_SHARE * len(letters)


CAPS_LINES = "parley_caps_lines"  # Doc.user_data key: the (start, end) characters of lines read in title case


def title_case(text: str, keep: frozenset[str]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each line in capitals put in title case, words in `keep` as written (same length), and the
    character ranges of the lines so changed."""
    if not any(caps_line(line) for line in text.splitlines()):
        return text, []
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    at = 0
    for line in text.splitlines(keepends=True):
        start, at = at, at + len(line)
        if not caps_line(line):
            out.append(line)
            continue

        def word(m: re.Match[str], line: str = line) -> str:
            w = m.group(0)
            if w in keep:
                return w
            after_apostrophe = m.start() > 0 and line[m.start() - 1] in APOSTROPHES
            return w.lower() if after_apostrophe else w[:1] + w[1:].lower()

        cased = WORD.sub(word, line)
        if len(cased) == len(line):
            out.append(cased)
            ranges.append((start, at))
        else:
            out.append(line)
    return "".join(out), ranges


def in_caps_line(span: Any) -> bool:
    """Whether a span of a Doc made by HeadlineCaseTokenizer stands in a line that was written in capitals."""
    start = span.start_char
    return any(a <= start < b for a, b in span.doc.user_data.get(CAPS_LINES, ()))


class HeadlineCaseTokenizer:
    """The model's tokenizer, reading lines in capitals in title case (see the module's docstring)."""

    def __init__(self, tokenizer: Any, keep: Iterable[str]):
        self.tokenizer = tokenizer
        self.keep = frozenset(keep)

    def __call__(self, text: str) -> Doc:
        cased, ranges = title_case(text, self.keep)
        doc = self.tokenizer(cased)
        if ranges:
            doc.user_data[CAPS_LINES] = ranges
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def known_abbreviations(lexicon: Any) -> frozenset[str]:
    """Single words in capitals that the lexicon names countries or organizations by ("US", "NATO")."""
    forms = [*lexicon.country_forms]
    forms += [name for org in lexicon.organizations for name in org.all_names]
    forms += [name for actor in lexicon.persons for name in actor.all_names]
    return frozenset(w for form in forms for w in WORD.findall(form) if len(w) >= 2 and w.isupper())
