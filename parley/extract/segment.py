"""Sentence boundaries at paragraph and line breaks, which the statistical splitter ignores.

News copy puts headlines, bullet items and live-blog entries on lines of their own without a full stop;
`senter` runs them into the next paragraph. A blank line always ends a sentence. A single line break
does too, unless the text is hard-wrapped (most of its lines 55-80 characters long, as in plain-text
mail and wire archives), where it ends one only after sentence punctuation.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

WRAPPED_LINE = range(55, 81)
WRAPPED_SHARE = 0.6  # share of lines in that band that marks a hard-wrapped text
ENDS_UNIT = tuple('.!?:;"”’)»')


def is_hard_wrapped(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    return sum(len(ln) in WRAPPED_LINE for ln in lines) / len(lines) >= WRAPPED_SHARE


@Language.component("parley_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    text = doc.text
    wrapped = is_hard_wrapped(text)
    for tok in doc[:-1]:
        if "\n" not in tok.text and "\n" not in tok.whitespace_:
            continue
        nxt = doc[tok.i + 1]
        if nxt.is_space:
            continue
        if not wrapped or (tok.text + tok.whitespace_).count("\n") >= 2:
            nxt.is_sent_start = True
            continue
        line_start = text.rfind("\n", 0, max(0, tok.idx - 1)) + 1
        if text[line_start:tok.idx + len(tok.text)].strip().endswith(ENDS_UNIT):
            nxt.is_sent_start = True
    return doc
