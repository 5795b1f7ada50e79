"""Paragraph and line breaks bound sentences (no model needed)."""

import spacy

from parley.extract.segment import is_hard_wrapped, paragraph_boundaries


def starts(text):
    doc = paragraph_boundaries(spacy.blank("en")(text))
    return [t.text for t in doc if t.is_sent_start and not t.is_space and t.i > 0]


def test_headline_and_bullets_are_their_own_sentences():
    text = "Talks end without a deal\nKYIV - The talks ended.\n\n- more air defence\n- a ceasefire"
    assert starts(text) == ["KYIV", "-", "-"]


def test_hard_wrapped_text_breaks_only_after_punctuation():
    line = "word " * 13
    text = f"{line}\n{line}end.\n{line}\n{line}"
    assert is_hard_wrapped(text)
    assert len(starts(text)) == 1
