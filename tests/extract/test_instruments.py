"""Instruments read from sentences written for these tests: names, owners, topics, references, exchanges,
lifecycle steps, provisions; and identity across reports."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def actor_ids(ext, refs):
    return sorted(ext.actors[r].id for r in refs)


def only(ext, kind=None):
    found = [i for i in ext.instruments if kind is None or i.kind == kind]
    assert len(found) == 1, [(i.kind, i.label, [m.text for m in i.mentions]) for i in ext.instruments]
    return found[0]


def test_a_named_accord_signed_with_its_date_and_signatories(extract):
    ext = extract("Israel and Egypt signed the Harbour Peace Accords in Lisbon on 3 March 2026.",
                  published=date(2026, 3, 4))
    inst = only(ext)
    assert inst.kind == "agreement" and inst.proper == "Harbour Peace Accords"
    step = inst.steps[0]
    assert step.type == "sign" and step.date == "2026-03-03"
    assert actor_ids(ext, step.actors) == ["egypt", "israel"]
    assert inst.id == "harbour-peace-accords"


def test_an_owned_draft_handed_over_then_rejected_by_reference(extract):
    ext = extract("Kazakhstan handed its draft treaty to Azerbaijan on Monday. Azerbaijan rejected the document "
                  "two days later.", published=date(2026, 5, 6))
    inst = only(ext)
    assert inst.kind == "agreement" and ext.actors[inst.owner].id == "kazakhstan"
    assert [m.text for m in inst.mentions] == ["its draft treaty", "the document"]
    hand, reject = inst.steps
    assert hand.type == "hand_over" and actor_ids(ext, hand.actors) == ["kazakhstan"]
    assert actor_ids(ext, hand.targets) == ["azerbaijan"] and hand.date == "2026-05-04"
    assert reject.type == "reject" and actor_ids(ext, reject.actors) == ["azerbaijan"]


def test_a_list_is_known_by_what_it_lists(extract):
    ext = extract("Colombian negotiators gave the rebel delegation a list of kidnapped soldiers and asked "
                  "for their release.")
    inst = only(ext)
    assert inst.kind == "list" and inst.topic == "soldiers"
    assert inst.steps[0].type == "hand_over"


def test_words_alone_make_no_instrument(extract):
    ext = extract("Ministers plan to meet again in June. Kyiv asked for more air defence systems and said a "
                  "possible future peace agreement was far off. There was no agreement on a truce. The plan "
                  "was not discussed. Washington seeks Russian agreement to hold a summit. Trump praised his "
                  "Truth Social platform.")
    assert ext.instruments == []


def test_an_agreed_exchange_is_an_agreement_with_its_figure_and_its_stages(extract):
    first = extract("Sudan and Egypt agreed on Friday to exchange 500 detainees each, the mediators said.",
                    doc="a.txt", published=date(2026, 2, 6))
    inst = only(first)
    assert inst.kind == "agreement" and inst.figure == "500" and inst.topic == "prisoners"
    assert inst.steps[0].type == "agree" and inst.steps[0].date == "2026-02-06"
    later = extract("Egypt and Sudan each released 120 people on Tuesday in the first stage of the detainee "
                    "exchange agreed last week.", doc="b.txt", published=date(2026, 2, 11))
    stage = only(later)
    assert stage.steps[0].type == "implement" and stage.steps[0].detail == "first stage: 120 for 120"
    assert stage.steps[0].date == "2026-02-10"


def test_a_programme_needs_its_name_and_references_bind_to_it(extract):
    ext = extract("The ministry launched the new initiative Grain for Tomorrow in May. The initiative was "
                  "welcomed by farmers. Officials also bought new radar systems.")
    inst = only(ext)
    assert inst.kind == "initiative" and inst.proper == "Grain for Tomorrow"
    assert [s.type for s in inst.steps] == ["implement", "accept"]


def test_a_plan_and_what_it_provides(extract):
    ext = extract("Washington presented the US 28-point plan to Kyiv. The plan calls for a 30-day ceasefire "
                  "and an exchange of all prisoners.")
    inst = only(ext)
    assert inst.kind == "plan" and ext.actors[inst.owner].id == "united-states"
    size, content = inst.provisions
    assert size.text == "28 points" and content.issue == "ceasefire"
    assert "30-day ceasefire" in content.text and "exchange of all prisoners" in content.text


def test_the_two_sides_papers_exchanged_are_one_each(extract):
    ext = extract("Russian and Ukrainian negotiators met in Geneva. Russia and Ukraine exchanged documents with "
                  "a vision for a ceasefire.")
    owners = sorted(ext.actors[i.owner].id for i in ext.instruments)
    assert owners == ["russia", "ukraine"] and {i.kind for i in ext.instruments} == {"memorandum"}


def test_one_memorandum_however_each_report_calls_it(extract):
    a = extract("Russia handed its memorandum to Ukraine on June 2.", doc="m1.txt", published=date(2025, 6, 2))
    b = extract("Kyiv said the Russian memorandum was an ultimatum.", doc="m2.txt", published=date(2025, 6, 4))
    assert only(a).id == only(b).id == "russia-memorandum"
    assert only(b).steps[0].type == "reject"


def test_a_plan_amended_to_a_new_version_keeps_its_id_and_both_sizes(extract):
    a = extract("Washington presented the US 28-point plan to Kyiv on 20 November.", doc="p1.txt",
                published=date(2025, 11, 21))
    b = extract("After talks in Geneva the US plan was revised to 20 points.", doc="p2.txt",
                published=date(2025, 11, 24))
    first, second = only(a), only(b)
    assert first.id == second.id == "united-states-plan"
    assert [p.text for p in first.provisions] == ["28 points"]
    amend = second.steps[0]
    assert amend.type == "amend" and amend.detail == "20 points" and amend.date == "2025-11-24"
    assert [p.text for p in second.provisions] == ["20 points"]
