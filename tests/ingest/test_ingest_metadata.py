"""Publication dates, credited sources and related-link lines read from report texts."""

from __future__ import annotations

from datetime import date

import pytest

from parley.ingest.metadata import (
    find_dateline,
    find_published,
    find_sources,
    most_frequent_year,
    related_link_spans,
    split_date_header,
    year_in_url,
)
from parley.ingest.outlets import OutletsFileError, default_outlets, parse_outlets

# --- date header -------------------------------------------------------------------------------------


def test_date_header_on_its_own_line_is_removed():
    published, body = split_date_header("date 2024-11-05\n\nThe envoys landed in Doha at dawn.")
    assert published == date(2024, 11, 5)
    assert body == "The envoys landed in Doha at dawn."


def test_date_header_followed_by_body_on_the_same_line():
    published, body = split_date_header("\ufeff date 2024-11-05 The envoys landed in Doha at dawn.\nMore.")
    assert published == date(2024, 11, 5)
    assert body == "The envoys landed in Doha at dawn.\nMore."


def test_date_header_under_the_headline_is_removed():
    published, body = split_date_header("Envoys land in Doha\ndate 2024-11-05\n\nThe envoys landed at dawn.")
    assert published == date(2024, 11, 5)
    assert body == "Envoys land in Doha\n\nThe envoys landed at dawn."


@pytest.mark.parametrize("text", [
    "Envoys land in Doha\nThe date 2024-11-05 was floated for the next round.",  # a sentence, not a header
    "Envoys land\nin Doha\nat dawn\ndate 2024-11-05\nBody.",  # past the lines a header may stand on
])
def test_a_date_line_that_is_no_header_stays_in_the_text(text):
    assert split_date_header(text) == (None, text)


def test_text_without_header_is_returned_unchanged():
    text = "The date of the next round is not set; 2024-11-05 was floated."
    assert split_date_header(text) == (None, text)


def test_header_with_impossible_date_is_refused():
    with pytest.raises(ValueError, match="2024-02-30"):
        split_date_header("date 2024-02-30\nBody.")


# --- datelines and published ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("VIENNA, March 3, 2023 (Reuters) - Mediators met again.", date(2023, 3, 3)),
    ("Vienna, 3 March 2023 — Mediators met again.", date(2023, 3, 3)),
    ("GENEVA, Switzerland, Sept. 14 2022 (AP) — Talks resumed.", date(2022, 9, 14)),
    ("MOSCOW, Oct 2. /TASS/. A spokesman said the talks were over.", None),  # no year anywhere
    ("14.09.2022, 10:15\nTalks resumed in the morning.", date(2022, 9, 14)),
    ("Talks resumed\nOSLO, June 9, 2021 (AFP) - The sides met.", date(2021, 6, 9)),  # dateline after a headline
])
def test_dateline_gives_published(text, expected):
    assert find_published(text) == expected


def test_dateline_without_year_takes_year_from_hint():
    text = "ANKARA, July 4 (Reuters) - Both delegations arrived. Earlier rounds were held in 2019."
    assert find_published(text, year_hint=2021) == date(2021, 7, 4)


def test_dateline_without_year_takes_most_frequent_year_in_text():
    text = ("ANKARA, July 4 (AP) — The 2020 accord was cited twice in 2021; by 2021 it had lapsed, "
            "and in 2020 nobody expected it.")
    # 2020 and 2021 both appear twice: the tie goes to the later year.
    assert find_published(text) == date(2021, 7, 4)


def test_dateline_without_any_year_leaves_published_unknown():
    assert find_published("ANKARA, July 4 (AP) — Both delegations arrived on time.") is None


def test_sentence_starting_with_a_date_is_not_a_dateline():
    assert find_published("Geneva, May 16 was the day the talks broke down, in 2022.") is None
    assert find_dateline("July 4 marked a turning point for the talks.") is None


def test_organization_with_its_abbreviation_is_not_a_dateline():
    # Looks like "PLACE (AGENCY) -" but a wire writes the place in capitals.
    assert find_dateline("Border Guard Service (BGS) - the agency said the crossing was closed.") is None
    assert find_sources("Border Guard Service (BGS) - the agency said the crossing was closed.") == []


def test_impossible_dateline_date_is_ignored():
    assert find_published("VIENNA, February 30, 2023 (Reuters) - Mediators met.") is None


def test_year_helpers():
    assert year_in_url("https://news.example.org/2023/03/03/talks") == 2023
    assert year_in_url("https://news.example.org/story-4521") is None
    assert year_in_url(None) is None
    assert most_frequent_year("No years here, only 1,500 troops and 2150 drones.") is None
    assert most_frequent_year("Signed in 2015, broken in 2022 and again in 2022.") == 2022


# --- sources -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("The mediators left the capital on Tuesday, Ukrinform reports.", ["Ukrinform"]),
    ("The mediators left the capital on Tuesday, reports Ukrinform.", ["Ukrinform"]),
    ("The mediators left the capital, writes UNN.", ["UNN"]),
    ("UNN writes that the mediators left.", ["UNN"]),
    ("According to Interfax, the mediators left.", ["Interfax"]),
    ("According to a report by the Financial Times, the plan was shelved.", ["Financial Times"]),
    ("OSLO, June 9 (Reuters) - The sides met in 2021.", ["Reuters"]),
    ("WARSAW (AP) — Envoys arrived.", ["AP"]),
    ("Envoys arrived, as reported by TASS.", ["TASS"]),
    ("Kommersant reported on Friday that envoys arrived.", ["Kommersant"]),
    ("The minister told the BBC that nothing was agreed.", ["BBC"]),
    ("Axios and Politico reported the draft first.", ["Axios", "Politico"]),
    ("The draft was seen by the Wall Street Journal.", ["The Wall Street Journal"]),
    ("The envoys met, Censor.Net reports.", ["Censor.NET"]),  # the usual spelling from outlets.toml
])
def test_known_outlets_in_crediting_phrases(text, expected):
    assert find_sources(text) == expected


@pytest.mark.parametrize("text", [
    "According to Petrenko, the list was handed over.",  # a person after "according to"
    "The envoy announced it on Facebook, and later on Telegram.",  # platforms
    "The envoy wrote on X that the talks were over.",
    '"We are not leaving the table." - Kovalenko wrote.',  # a quote's attribution, not a credit line
    '"We are not leaving the table," writes Kovalenko.',
    '"We are not leaving the table," Kovalenko reported.',
    '"We are not leaving the table", Kovalenko reported.',
    '"We are not leaving the table", writes Kovalenko.',
    "The talks stalled, Ukrainian media reports.",  # no name
    "Reuters was banned from the press pool.",  # an outlet named without a credit
    "Reporting by Ivan Petrenko; Editing by Olha Marchuk",
])
def test_non_sources(text):
    assert find_sources(text) == []


def test_unknown_names_accepted_only_in_unambiguous_patterns():
    text = ("The envoys left Vienna, Zorya Daily reports.\n"
            "Both sides want a pause, writes Kyiv Herald.\n"
            "Read more: Envoys agree on next round - MFA\n"
            "Source: Dnipro Wire")
    assert find_sources(text) == ["Zorya Daily", "Kyiv Herald", "MFA", "Dnipro Wire"]


def test_unknown_name_after_dash_counts_only_in_related_link_lines():
    assert find_sources("Ukraine wants peace - Kovalenko") == []
    assert find_sources("Read more: Ukraine wants peace - Kovalenko") == ["Kovalenko"]
    assert find_sources("Read more: Ukraine wants peace - media") == []


def test_sources_in_order_of_first_mention_and_deduplicated():
    text = ("Both envoys arrived, Ukrinform reports.\n"
            "Read more: A second headline about talks - Reuters\n"
            "The minister later told Reuters more. According to Ukrinform, talks lasted an hour.\n"
            "Read more: A third headline - Bloomberg")
    assert find_sources(text) == ["Ukrinform", "Reuters", "Bloomberg"]


def test_credits_inside_a_related_headline_are_not_the_reports():
    # "Interfax reported" belongs to another story's headline; only its closing "- UNN" is credited.
    assert find_sources("Read more: Interfax reported a new round of talks - UNN") == ["UNN"]


# --- related links -------------------------------------------------------------------------------------


def test_related_link_spans_cover_whole_lines():
    text = ("First paragraph.\n"
            "Read more: Envoys meet in Vienna - Reuters\n"
            "Second paragraph.\n"
            "  See also: Another story\n"
            "Related talks were held in Oslo.\n"
            "READ ALSO: Third story")
    spans = related_link_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Read more: Envoys meet in Vienna - Reuters", "See also: Another story", "READ ALSO: Third story"]


def test_no_related_links():
    assert related_link_spans("Read the statement in full. See the map below.") == []


# --- outlets.toml --------------------------------------------------------------------------------------


def test_bundled_outlets_file_loads_with_platforms_apart():
    outlets = default_outlets()
    assert outlets.usual_name("the associated press") == "AP"
    assert outlets.usual_name("Interfax-Ukraine") == "Interfax-Ukraine"
    assert outlets.usual_name("Facebook") is None
    assert outlets.is_platform("Twitter")


def test_outlets_file_with_duplicate_alias_is_refused():
    data = {"outlet": [{"name": "Alpha", "aliases": ["AW"]}, {"name": "Beta", "aliases": ["AW"]}]}
    with pytest.raises(OutletsFileError, match="'AW'"):
        parse_outlets(data)


def test_outlets_file_entry_without_name_is_refused():
    with pytest.raises(OutletsFileError, match="entry 1"):
        parse_outlets({"platform": [{"aliases": []}]})


def test_custom_outlets_are_used():
    outlets = parse_outlets({"outlet": [{"name": "Zorya", "aliases": ["Zorya News"]}]})
    assert find_sources("Zorya News reported the talks.", outlets=outlets) == ["Zorya"]
    assert find_sources("Reuters reported the talks.", outlets=outlets) == []


def test_credit_lines_are_spans_to_skip():
    from parley.ingest.metadata import credit_line_spans

    text = "By Jane Doe\nThe minister spoke by phone.\nPhoto: Ivan Petrenko/AP"
    assert [text[s:e] for s, e in credit_line_spans(text)] == ["By Jane Doe", "Photo: Ivan Petrenko/AP"]


def test_byline_header_gives_date_and_outlet():
    from parley.ingest.metadata import find_published, find_sources

    text = "By Anna Koval | Kyiv Independent | 23 July 2025\nThe delegations met again in the palace."
    assert find_published(text).isoformat() == "2025-07-23"
    assert find_sources(text) == ["Kyiv Independent"]
    sentence = "The talks began on 16 May 2025 in Istanbul, officials said, and lasted two hours in the old palace."
    assert find_published(sentence) is None  # a date in a sentence is not the publication date
