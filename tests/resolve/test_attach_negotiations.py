"""Attaching a report to negotiations (`parley.resolve.negotiations.attach`) and reading negotiations.toml.

The negotiations here are written in the tests, so what attaches is decided by the rules, not by the bundled
data. No spaCy model is loaded: a report is the facts attachment reads (resolved actor ids, their countries,
the text, the date).
"""

from __future__ import annotations

import pytest

from parley.lexicon import DataFileError, Negotiation, load_lexicon, load_negotiations
from parley.resolve.negotiations import ReportFacts, attach

TALKS = Negotiation(id="north-south", name="North–South talks", aliases=("Lakeside talks",),
                    parties=("northland", "southland"), mediators=("westland",),
                    issues=("ceasefire", "river_border"), cues=(("river_border", (r"\briver border\b",)),),
                    since="2025-01-01", until="2025-12-31")
OTHER = Negotiation(id="east-west", name="East–West talks", aliases=("Hilltop talks",), parties=("eastland", "westland"),
                    mediators=(), issues=("ceasefire",), cues=())


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def facts(text: str, actors=(), countries=(), date: str | None = "2025-06-01") -> ReportFacts:
    return ReportFacts(frozenset(actors), frozenset(countries), text, date)


def ids(found) -> list[str]:
    return [a.negotiation for a in found]


def test_two_parties_attach(lex):
    found = attach(facts("Northland and Southland met.", ["northland", "southland"]), lex, [TALKS, OTHER])
    assert ids(found) == ["north-south"]
    assert found[0].score == 2 and found[0].reason == "parties northland, southland"


def test_a_person_names_the_party_of_their_country(lex):
    found = attach(facts("Ann Lee met Southland's envoy.", ["ann-lee", "southland"], ["northland"]), lex, [TALKS])
    assert ids(found) == ["north-south"]


def test_one_party_needs_an_alias_or_an_own_issue(lex):
    alone = facts("Northland said the weather was fine.", ["northland"])
    assert attach(alone, lex, [TALKS]) == []
    alias = attach(facts("Northland walked out of the lakeside talks.", ["northland"]), lex, [TALKS])
    assert ids(alias) == ["north-south"] and "alias Lakeside talks" in alias[0].reason
    issue = attach(facts("Northland rejects any change to the river border.", ["northland"]), lex, [TALKS])
    assert ids(issue) == ["north-south"] and "issue river_border" in issue[0].reason


def test_an_issue_two_negotiations_share_does_not_attach(lex):
    shared = Negotiation(id="shared", name="Shared", aliases=(), parties=("northland", "eastland"), mediators=(),
                         issues=("river_border",), cues=())
    # river_border is no longer the talks' own issue; ceasefire never was.
    found = attach(facts("Northland wants a ceasefire and a river border.", ["northland"]), lex,
                   [TALKS, OTHER, shared])
    assert found == []


def test_mediators_do_not_attach(lex):
    found = attach(facts("Westland hosted Northland at the lake.", ["westland", "northland"]), lex, [TALKS])
    assert found == []


def test_a_stated_date_outside_the_range_does_not_attach_but_no_date_does(lex):
    both = ["northland", "southland"]
    assert attach(facts("They met.", both, date="2024-12-31"), lex, [TALKS]) == []
    assert attach(facts("They met.", both, date="2026-01-01"), lex, [TALKS]) == []
    assert ids(attach(facts("They met.", both, date=None), lex, [TALKS])) == ["north-south"]


def test_a_report_attaches_to_several_negotiations_best_first(lex):
    text = ("At the lakeside talks Northland and Southland argued over the river border; Eastland and Westland met "
            "at the hilltop talks.")
    found = attach(facts(text, ["northland", "southland", "eastland", "westland"]), lex, [OTHER, TALKS])
    assert ids(found) == ["north-south", "east-west"]
    assert found[0].score == 4 > found[1].score == 3


def test_parties_alone_give_way_to_a_negotiation_the_report_names(lex):
    # Eastland and Westland are named in passing in a report on the lakeside talks.
    text = "Northland opened the lakeside talks; Eastland's border is near and a Westland firm will build."
    found = attach(facts(text, ["northland", "eastland", "westland"]), lex, [TALKS, OTHER])
    assert ids(found) == ["north-south"]


def test_aliases_match_whole_words_only(lex):
    talks = Negotiation(id="t", name="T", aliases=("M23",), parties=("rwanda",), mediators=(), issues=(), cues=())
    assert attach(facts("Rwanda's M230 rifle", ["rwanda"]), lex, [talks]) == []
    assert ids(attach(facts("Rwanda and the M23 rebels", ["rwanda"]), lex, [talks])) == ["t"]


# --- negotiations.toml ---------------------------------------------------------------------------------

@pytest.fixture
def user_data(tmp_path, monkeypatch):
    """A PARLEY_DATA folder; the data caches are cleared before and after so other tests see the bundled data."""
    monkeypatch.setenv("PARLEY_DATA", str(tmp_path))
    load_negotiations.cache_clear()
    load_lexicon.cache_clear()
    yield tmp_path
    monkeypatch.delenv("PARLEY_DATA")
    load_negotiations.cache_clear()
    load_lexicon.cache_clear()


def test_bundled_negotiations_include_two_with_reports_and_known_issues():
    negotiations = {n.id: n for n in load_negotiations()}
    assert {"russia-ukraine", "armenia-azerbaijan"} <= set(negotiations)
    assert negotiations["russia-ukraine"].parties == ("russia", "ukraine")
    issues = load_lexicon().cues["positions"]["issues"]
    assert all(i in issues for n in negotiations.values() for i in n.issues)


def test_a_users_negotiation_adds_its_issue_to_the_position_issues(user_data):
    (user_data / "negotiations.toml").write_text(
        '[[negotiation]]\nid = "lake"\nname = "Lake talks"\nparties = ["northland", "southland"]\n'
        'issues = ["ceasefire"]\n\n[negotiation.cues]\nfishing_rights = [\'\\bfishing rights\\b\']\n',
        encoding="utf-8")
    (talks,) = load_negotiations()
    assert talks.id == "lake" and talks.issues == ("ceasefire", "fishing_rights")
    issues = load_lexicon().cues["positions"]["issues"]
    assert issues["fishing_rights"] == [r"\bfishing rights\b"]
    assert "ceasefire" in issues and "root_causes" in issues  # cues.toml's issues stay


@pytest.mark.parametrize("body, message", [
    ('[[negotiation]]\nname = "x"\nparties = ["a"]\n', "needs a non-empty `id`"),
    ('[[negotiation]]\nid = "x"\nname = "x"\nparties = []\n', "`parties` lists no actor id"),
    ('[[negotiation]]\nid = "x"\nname = "x"\nparties = ["a"]\nissues = ["weather"]\n', "lists issue 'weather'"),
    ('[[negotiation]]\nid = "x"\nname = "x"\nparties = ["a"]\nsince = "May 2025"\n', "`since` must be"),
    ('[[negotiation]]\nid = "x"\nname = "x"\nparties = ["a"]\n[negotiation.cues]\nbad = ["(unclosed"]\n',
     "is not a regular expression"),
    ('[[negotiation]]\nid = "x"\nname = "x"\nparties = ["a"]\n[[negotiation]]\nid = "x"\nname = "y"\n'
     'parties = ["b"]\n', "used twice"),
    ('[[negotiation]\n', "not valid TOML"),
])
def test_a_bad_negotiations_file_names_what_is_wrong(user_data, body, message):
    (user_data / "negotiations.toml").write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match="negotiations.toml") as err:
        load_negotiations()
    assert message in str(err.value)
