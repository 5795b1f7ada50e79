"""The outlet lexicon: the world's main outlets, and the lines that credit them."""

from __future__ import annotations

import pytest

from parley.ingest.metadata import find_sources
from parley.ingest.outlets import default_outlets


@pytest.mark.parametrize(("text", "expected"), [
    ("Source: Reuters, citing Bessent, as reported by European Pravda", ["Reuters", "European Pravda"]),
    ("Source: Kremlin-aligned Russian news outlets TASS and RBC, citing Putin", ["TASS", "RBC"]),
    ("Talks ended.\n© 2025 Thomson/Reuters. All rights reserved.", ["Reuters"]),
    ("Copyright AFP. All rights reserved.", ["AFP"]),
    ("Reuters: Ukraine minerals deal is a signal to Russia, says US treasury secretary", ["Reuters"]),
    ("The sides will meet again next week.\n\nMNA", ["MNA"]),
    ("The sides will meet again next week.\n(IANS)", ["IANS"]),
])
def test_credit_lines(text, expected):
    assert find_sources(text) == expected


@pytest.mark.parametrize("text", [
    "Photo: Reuters",  # a photo credit is not a source
    "Source: the ministry's press service",  # no outlet named
    "The deal: Reuters was not told.",  # a colon inside a sentence is no headline credit
])
def test_lines_that_credit_no_outlet(text):
    assert find_sources(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The minister told CGTN that talks would resume.", ["CGTN"]),
    ("CGTN reported that talks would resume.", ["CGTN"]),
    ("The envoy spoke to IANS on Sunday.", ["IANS"]),
    ("According to Mehr News Agency, the round ended.", ["MNA"]),
    ("WASHINGTON, October 14. /TASS/. The summit opened.", ["TASS"]),
    ("Dar told Geo News that there will be a response.", ["Geo News"]),
    ("The talks were productive, Bernama reported.", ["Bernama"]),
    ("The army denied it, the Sudan Tribune reported.", ["Sudan Tribune"]),
    ("Haaretz reported that the team was recalled.", ["Haaretz"]),
    ("The Times of Israel reported that the team was recalled.", ["Times of Israel"]),
])
def test_outlets_of_every_region_are_known(text, expected):
    assert find_sources(text) == expected


def test_the_list_covers_every_kind_of_outlet():
    outlets = default_outlets()
    # wire agencies of major countries, global broadcasters, major papers, regional outlets
    for name in ["Reuters", "AP", "AFP", "Xinhua", "TASS", "Anadolu", "PTI", "IRNA", "WAM", "Yonhap", "Kyodo",
                 "BBC", "CNN", "Al Jazeera", "CGTN", "NHK", "DW", "France 24", "The New York Times", "Le Monde",
                 "Dawn", "The Hindu", "Haaretz", "Asharq Al-Awsat", "News24", "Bangkok Post", "Khmer Times"]:
        assert outlets.usual_name(name) == name, name
    assert outlets.usual_name("Associated Press of Pakistan") == "APP"
    assert outlets.usual_name("Arutz Sheva") == "Israel National News"
    assert outlets.is_platform("Telegram") and outlets.usual_name("Telegram") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks resumed.\n(With inputs from PTI)", ["PTI"]),
    ("The talks resumed.\nAdditional reporting by Reuters and AFP.", ["Reuters", "AFP"]),
    ("The talks resumed.\nThe Associated Press contributed to this report.", ["AP"]),
    ("The talks resumed.\n— With AFP", ["AFP"]),
])
def test_wire_trailers(text, expected):
    assert find_sources(text) == expected


def test_a_sentence_opening_with_with_is_no_trailer():
    assert find_sources("With Reuters and AFP barred from the briefing, reporters waited outside the hall.") == []
