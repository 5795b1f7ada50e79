"""Sentence boundaries at paragraph and line breaks, which the statistical splitter ignores.

News copy puts headlines, bullet items and live-blog entries on lines of their own without a full stop;
`senter` runs them into the next paragraph. A blank line always ends a sentence; a single line break does
when the line before ends in punctuation or is not a hard-wrapped line (wrapped plain text runs 60-80
characters per line, so a line outside that band is a unit of its own).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

WRAPPED_LINE = range(60, 81)
ENDS_UNIT = tuple('.!?:;"”’)»')


@Language.component("parley_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    text = doc.text
    for tok in doc[:-1]:
        if "\n" not in tok.text and "\n" not in tok.whitespace_:
            continue
        nxt = doc[tok.i + 1]
        if nxt.is_space:
            continue
        if "\n\n" in tok.text + tok.whitespace_ or tok.text.count("\n") >= 2:
            nxt.is_sent_start = True
            continue
        line_start = text.rfind("\n", 0, max(0, tok.idx - 1)) + 1
        line = text[line_start:tok.idx + len(tok.text)].strip()
        if line.endswith(ENDS_UNIT) or len(line) not in WRAPPED_LINE:
            nxt.is_sent_start = True
    return doc
