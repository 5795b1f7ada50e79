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


def test_a_full_stop_before_a_capital_ends_a_sentence_but_an_abbreviation_does_not():
    text = "They cited Article 5. Von der Leyen spoke. U.S. President Trump met J. Smith at 5 p.m. Sunday."
    assert starts(text) == ["Von", "U.S."]
