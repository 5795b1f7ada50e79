"""Contradictions between sources, from hand-built happenings and stances."""

from __future__ import annotations

from parley.resolve.contradictions import happening_contradictions, numbers_in, stance_contradictions
from parley.resolve.happenings import build_happenings
from parley.resolve.stances import stance_histories
from tests.resolve.test_happenings import SIDES, ev
from tests.resolve.test_stances import st

MEETING = frozenset({"consult", "agree"})


def test_numbers_are_read_with_what_they_count():
    assert numbers_in("They agreed to exchange 1,200 prisoners of war each.") == {"prisoners": 1200}
    assert numbers_in("a 1,000-for-1,000 exchange of prisoners") == {"prisoners": 1000}


def test_reports_giving_one_exchange_different_numbers_are_flagged_with_both_sentences():
    rows = [ev("agree", ["ukraine", "russia"], date="2025-07-23", place="Istanbul", cue="agreed",
               sentence="Ukraine and Russia agreed to exchange 1,200 prisoners each."),
            ev("agree", ["ukraine", "russia"], date="2025-07-23", place="Istanbul", cue="agreed",
               sentence="The sides agreed to swap 1,000 prisoners each, Moscow said.")]
    found = happening_contradictions(build_happenings(rows, SIDES), MEETING)
    assert [c.kind for c in found] == ["number"]
    assert {found[0].a.value, found[0].b.value} == {"1,200", "1,000"}
    assert "1,200 prisoners" in found[0].a.sentence + found[0].b.sentence


def test_one_meeting_dated_two_days_apart_is_a_date_contradiction():
    rows = [ev("consult", ["ukraine", "russia"], date="2025-05-16", place="Istanbul"),
            ev("consult", ["ukraine", "russia"], date="2025-05-17", place="Istanbul"),
            ev("consult", ["ukraine", "russia"], date="2025-06-02", place="Istanbul")]
    found = happening_contradictions(build_happenings(rows, SIDES), MEETING)
    assert [(c.kind, c.a.value, c.b.value) for c in found] == [("date", "2025-05-16", "2025-05-17")]


def test_opposite_stances_on_one_date_from_two_reports():
    hs = stance_histories([st("putin", "ceasefire", "support", "2025-05-11", country="russia"),
                           st("putin", "ceasefire", "oppose", "2025-05-11", country="russia"),
                           st("putin", "ceasefire", "oppose", "2025-06-01", country="russia")])
    found = stance_contradictions(hs)
    assert [(c.kind, c.a.value, c.b.value) for c in found] == [("stance", "support", "oppose")]


def test_an_agreement_another_report_of_that_day_denies():
    import re

    from parley.resolve.contradictions import Sentence, agreement_contradictions

    issues = {"ceasefire": [re.compile(r"\bceasefire\b|\btruce\b", re.I)],
              "prisoner_exchange": [re.compile(r"\bprisoners?\b", re.I)]}
    denied = [re.compile(r"\bno agreement\b", re.I)]
    rows = [ev("agree", ["ukraine", "russia"], date="2025-05-16", place="Istanbul", cue="agreed",
               sentence="The sides agreed a 30-day ceasefire and a swap of prisoners.")]
    happenings = build_happenings(rows, SIDES)
    other = Sentence(99, "b.txt", "B", "2025-05-16", 0, "There was no agreement on a truce.")
    unrelated = Sentence(98, "c.txt", "C", "2025-05-16", 0, "There was no agreement on sanctions.")
    later = Sentence(97, "d.txt", "D", "2025-06-01", 0, "There was no agreement on a truce.")
    found = agreement_contradictions(happenings, [other, unrelated, later], issues, denied)
    assert [(c.kind, c.a.value, c.b.value, c.b.doc) for c in found] == [("agreed", "agreed", "not agreed", "b.txt")]
    assert "ceasefire" in found[0].subject
