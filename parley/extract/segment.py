"""Sentence boundaries at paragraph and line breaks, which the statistical splitter ignores.

News copy puts headlines, bullet items and live-blog entries on lines of their own without a full stop;
`senter` runs them into the next paragraph. A blank line always ends a sentence. A single line break
does too, unless the text is hard-wrapped (most of its lines 55-80 characters long, as in plain-text
mail and wire archives), where it ends one only after sentence punctuation.

A full stop that the tokenizer split off as a token of its own (so not an abbreviation's: "U.S.", "Mr."
and "St." stay whole) and that a capitalized word follows ends a sentence too: `senter` sometimes runs on
after a number ("... NATO's Article 5. Von der Leyen raises ...").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from parley.extract.context import doc_text

WRAPPED_LINE = range(55, 81)
WRAPPED_SHARE = 0.6  # share of lines in that band that marks a hard-wrapped text
ENDS_UNIT = tuple('.!?:;"”’)»')
FULL_STOP = re.compile(r"\.[ \t]+(?=[A-Z])")


def is_hard_wrapped(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    return sum(len(ln) in WRAPPED_LINE for ln in lines) / len(lines) >= WRAPPED_SHARE


@Language.component("parley_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    text = doc_text(doc)
    starts = doc.to_array("IDX").tolist()  # token start offsets, without building Token objects
    for m in FULL_STOP.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if 0 < i < len(doc) - 1 and starts[i] == m.start() and len(doc[i]) == 1 \
                and not (len(doc[i - 1]) == 1 and doc[i - 1].is_upper):  # an initial: "J. Smith"
            doc[i + 1].is_sent_start = True
    if "\n" not in text:
        return doc
    wrapped = is_hard_wrapped(text)
    for m in re.finditer(r"\n+", text):
        i = bisect_right(starts, m.start()) - 1  # the token holding (or followed by) the break
        nxt = i + 1
        while nxt < len(doc) and doc[nxt].is_space:
            nxt += 1
        if i < 0 or nxt >= len(doc):
            continue
        if not wrapped or len(m.group()) >= 2:
            doc[nxt].is_sent_start = True
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start:m.start()].strip().endswith(ENDS_UNIT):
            doc[nxt].is_sent_start = True
    return doc
