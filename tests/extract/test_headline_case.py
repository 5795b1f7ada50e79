"""Lines in capitals are read in title case by the model, keeping known abbreviations and every offset."""

from __future__ import annotations

from parley.extract.headline_case import caps_line, title_case


def test_a_line_in_capitals_is_title_cased_keeping_known_abbreviations():
    text = "CHINA WON’T ACCEPT NATO SHIPS IN THE STRAIT, WANG SAYS\n\nWang Yi spoke in Beijing. The UN said so."
    cased, ranges = title_case(text, frozenset({"NATO", "UN"}))
    assert cased.splitlines()[0] == "China Won’t Accept NATO Ships In The Strait, Wang Says"
    assert cased.splitlines()[2] == "Wang Yi spoke in Beijing. The UN said so."
    assert len(cased) == len(text)
    assert ranges == [(0, text.index("\n") + 1)]


def test_short_or_mixed_lines_are_left_alone():
    assert not caps_line("NATO SUMMIT")
    assert not caps_line("Ukraine and the EU agree on a loan")
    text = "IAEA chief visits Tehran as talks resume"
    assert title_case(text, frozenset()) == (text, [])


def test_a_line_whose_length_would_change_is_left_alone():
    text = "STRAẞE TALKS END IN BERLIN TODAY"  # capital sharp s lowers to one character, but guard anyway
    cased, _ = title_case(text, frozenset())
    assert len(cased) == len(text)
