"""Happenings from hand-built event rows: merging, proposed meetings, pairs."""

from __future__ import annotations

from parley.resolve.happenings import EventRow, build_happenings, is_proposed, pairs

SIDES = {"umerov": "ukraine", "medinsky": "russia", "zelensky": "ukraine", "putin": "russia", "fidan": "turkey"}
_ids = iter(range(1, 10_000))


def ev(type_: str, actors, targets=(), *, date=None, place=None, report=None, sentence="They met.", cue="met",
       report_date=None, sources=()) -> EventRow:
    i = next(_ids)
    return EventRow(id=i, report_id=report or i, doc=f"{i}.txt", headline="", report_date=report_date or date,
                    report_window=None, sources=tuple(sources), type=type_, date=date, place=place, cue=cue,
                    actors=tuple(actors), targets=tuple(targets), sentence=sentence,
                    cue_start=sentence.find(cue))


def test_one_round_told_by_several_reports_is_one_happening_with_its_sources():
    rows = [
        ev("consult", ["ukraine", "russia"], date="2025-06-02", place="Istanbul", sources=["Reuters"]),
        ev("consult", ["fidan"], ["ukraine", "russia"], date="2025-06-02", sentence="Fidan hosted.", cue="hosted",
           sources=["AP"]),
        ev("consult", ["umerov"], ["medinsky"], date="2025-06-02", place="Istanbul", sources=["Reuters"]),
        ev("consult", ["ukraine", "russia"], date="2025-07-23", place="Istanbul"),
    ]
    out = build_happenings(rows, SIDES)
    june = [h for h in out if h.date == "2025-06-02"]
    assert len(june) == 1 and len(out) == 2
    h = june[0]
    assert h.reports == 3 and h.sources == 2 and h.place == "Istanbul"
    assert set(h.sides) == {"ukraine", "russia", "turkey"}
    assert {"umerov", "medinsky", "fidan"} <= set(h.actors) | set(h.targets)


def test_an_undated_sentence_joins_the_one_happening_it_can_be():
    rows = [ev("agree", ["ukraine", "russia"], date="2025-05-16", place="Istanbul"),
            ev("agree", ["russia", "ukraine"], place="Istanbul", report_date=None)]
    out = build_happenings(rows, SIDES)
    assert len(out) == 1 and out[0].reports == 2
    # With two candidates it stays apart: no guessing.
    rows.append(ev("agree", ["ukraine", "russia"], date="2025-07-23", place="Istanbul"))
    assert len(build_happenings(rows, SIDES)) == 3


def test_proposed_refused_and_hypothetical_meetings_are_not_held():
    for sentence, cue in [
        ("- a Ukrainian request for a meeting between President Zelensky and Putin, which Moscow noted.", "meeting"),
        ("Rubio does not expect a breakthrough until Trump and Putin meet in person.", "meet"),
        ("Kremlin cool on Putin–Zelenskiy meeting after Istanbul round", "meeting"),
        ("Erdogan said he would like Istanbul to host a meeting of the presidents.", "host"),
    ]:
        row = ev("consult", ["zelensky", "putin"], sentence=sentence, cue=cue)
        assert is_proposed(row), sentence
        assert build_happenings([row], SIDES)[0].status == "proposed"
    for sentence, cue in [("Zelensky met Erdogan in Ankara on Thursday.", "met"),
                          ("Before the meeting the minister said the priorities were a truce.", "meeting"),
                          ("Speaking after his meeting with Erdogan, he said so.", "meeting")]:
        assert not is_proposed(ev("consult", ["zelensky"], sentence=sentence, cue=cue)), sentence


def test_no_actor_pairs_with_itself_or_the_country_it_speaks_for():
    h = build_happenings([ev("consult", ["zelensky", "ukraine"], ["putin", "russia", "zelensky"],
                             date="2025-05-16")], SIDES)[0]
    got = pairs(h, SIDES)
    assert ("ukraine", "zelensky") not in got and all(a != b for a, b in got)
    assert ("putin", "zelensky") in got and ("russia", "ukraine") in got


def test_a_bare_earlier_year_is_background():
    h = build_happenings([ev("consult", ["turkey"], ["ukraine", "russia"], date="2022",
                             report_date="2025-05-15")], SIDES)[0]
    assert h.background and h.date_precision == "year"


def test_relative_offsets_date_the_event_they_are_told_of():
    from parley.resolve.happenings import shift_relative

    s = "Ukraine and Russia each released 390 people on Friday, agreed at talks in Istanbul a week ago."
    assert shift_relative(ev("agree", ["ukraine"], date="2025-05-23", sentence=s, cue="agreed")).date == "2025-05-16"
    assert shift_relative(ev("concede", ["ukraine"], date="2025-05-23", sentence=s, cue="released")).date == \
        "2025-05-23"
    s = "The round came a day after Ukraine's security service hit several Russian air bases."
    assert shift_relative(ev("assault", ["ukraine"], date="2025-06-02", sentence=s, cue="hit")).date == "2025-06-01"
    s = "A drone struck a bus on Saturday, less than a day after the two countries held talks."
    assert shift_relative(ev("assault", ["russia"], date="2025-05-17", sentence=s, cue="struck")).date == "2025-05-17"
    assert shift_relative(ev("consult", ["russia"], date="2025-05-17", sentence=s, cue="talks")).date == "2025-05-16"
    s = "Russian drones struck Kyiv and other cities in the days before the meeting."
    assert shift_relative(ev("assault", ["russia"], date="2025-07-23", sentence=s, cue="struck")).date == "2025-07"


def test_an_offset_dates_the_verb_just_before_it_not_an_earlier_event():
    from parley.resolve.happenings import shift_relative

    s = "Ukraine and Russia on Monday carried out the first stage of the exchange of prisoners agreed at the talks a week ago."
    assert shift_relative(ev("concede", ["ukraine"], date="2025-06-09", sentence=s, cue="exchange")).date == \
        "2025-06-09"
    assert shift_relative(ev("consult", ["ukraine"], date="2025-06-09", sentence=s, cue="talks")).date == "2025-06-02"


def test_a_month_named_without_a_day_is_the_events_month_not_the_reports_day():
    from parley.resolve.happenings import shift_relative

    s = "He headed the Ukrainian teams at both rounds of talks in Istanbul in May and June."
    row = ev("consult", ["umerov"], date="2025-07-17", report_date="2025-07-17", sentence=s, cue="talks")
    assert shift_relative(row).date == "2025-05"
    s = "The talks resumed in July, officials said."
    row = ev("consult", ["umerov"], date="2025-07-17", report_date="2025-07-17", sentence=s, cue="talks")
    assert shift_relative(row).date == "2025-07-17"


def test_calls_on_and_names_called_are_not_conversations():
    for sentence in ["Lubinets on Friday called on the Red Cross to step up its efforts.",
                     'Zelenskiy called the Russian team "decorative" and left.']:
        assert is_proposed(ev("consult", ["zelensky"], sentence=sentence, cue="called")), sentence
    assert not is_proposed(ev("consult", ["zelensky"], sentence="Zelensky called Erdogan on Monday.", cue="called"))


def test_a_where_clause_places_its_events():
    s = ("Rubio was in Turkey for a meeting of NATO ministers in Antalya and travelled on to Istanbul, where he met "
         "the Ukrainian delegation on Friday.")
    row = ev("consult", ["rubio"], ["ukraine"], date="2025-05-16", place="Antalya", sentence=s, cue="met")
    assert build_happenings([row], SIDES)[0].place == "Istanbul"


def test_an_attack_without_a_target_struck_the_country_it_struck_in():
    s = "A Russian drone struck a civilian bus near the town of Bilopillia in Ukraine's Sumy region on Saturday."
    h = build_happenings([ev("assault", ["russia"], date="2025-05-17", sentence=s, cue="struck")], SIDES)[0]
    assert h.targets == ["ukraine"]
    s = "Russian air defences struck drones over Russia's Belgorod region."
    assert build_happenings([ev("assault", ["russia"], date="2025-05-17", sentence=s, cue="struck")], SIDES)[0].targets == []


def test_one_sides_agreement_told_with_the_days_talks_is_an_agreement_with_the_side_it_met():
    talks = ev("consult", ["ukraine", "russia"], date="2025-06-02", place="Istanbul", report=900)
    host = ev("consult", ["fidan"], ["ukraine", "russia"], date="2025-06-02", report=901)
    s = '"We have agreed a further exchange of prisoners," Umerov said.'
    agreed = ev("agree", ["umerov", "ukraine"], date="2025-06-02", report=900, sentence=s, cue="agreed")
    out = [h for h in build_happenings([talks, host, agreed], SIDES) if h.type == "agree"]
    assert len(out) == 1 and set(out[0].sides) == {"ukraine", "russia"} and out[0].place == "Istanbul"
    # Told by a report of no talks of that day, it stays one side's consent.
    alone = ev("agree", ["umerov", "ukraine"], date="2025-06-02", report=902, sentence=s, cue="agreed")
    assert not [h for h in build_happenings([talks, alone], SIDES) if h.type == "agree"]


def test_an_event_told_after_after_is_a_day_or_two_before_and_joins_only_then():
    attack = ev("assault", ["russia"], ["ukraine"], date="2025-07-09")
    s = "Zelensky asks allies for Patriots after record Russian drone attack"
    late = ev("assault", ["russia"], date="2025-07-10", sentence=s, cue="drone attack")
    out = build_happenings([attack, late], SIDES)
    assert len(out) == 1 and out[0].reports == 2
    older = ev("assault", ["russia"], ["ukraine"], date="2025-07-01")
    out = build_happenings([older, late], SIDES)
    assert len(out) == 2 and {h.date_precision for h in out} == {"day", "month"}


def test_a_date_and_place_after_another_verb_are_that_verbs():
    from parley.resolve.happenings import detach

    s = ("Ukraine has received the bodies of 6,057 soldiers, completing the repatriation it agreed to at talks in "
         "Istanbul on June 2, officials said.")
    row = detach(ev("concede", ["russia"], ["ukraine"], date="2025-06-02", place="Istanbul", report_date="2025-06-16",
                    sentence=s, cue="repatriation"))
    assert row.date == "2025-06-16" and row.place is None
    # An agreement is reached at the talks the sentence places.
    s = "Ukraine and Russia agreed on Friday to exchange prisoners at talks held in Istanbul."
    row = ev("agree", ["ukraine", "russia"], date="2025-05-16", place="Istanbul", sentence=s, cue="agreed")
    assert detach(row) == row


def test_several_stages_and_participles_tell_no_event_of_the_reports_day():
    from parley.resolve.happenings import shift_relative

    s = "In parallel, the two countries have carried out several stages of the exchange of prisoners agreed in Istanbul."
    stages = shift_relative(ev("concede", ["ukraine", "russia"], date="2025-06-16", sentence=s, cue="exchange"))
    assert stages.date == "2025-06" and not stages.joins
    agreed = shift_relative(ev("agree", ["ukraine", "russia"], date="2025-06-16", sentence=s, cue="agreed"))
    assert agreed.date == "2025-06"
    for s in ["Ukraine and Russia agreed on Friday to exchange prisoners.",
              "Medinsky said the sides agreed to exchange 1,200 prisoners.",
              "Talks ended and the two sides agreed to meet again.",
              "They published the text of the agreement that their ministers initialled."]:
        assert shift_relative(ev("agree", ["ukraine", "russia"], date="2025-06-16", sentence=s, cue="agreed")).date \
            == "2025-06-16", s


def test_what_a_side_asks_for_or_wants_more_of_is_not_held():
    for sentence, cue in [
        ("Ukrainian officials handed the Russian side a list of children and asked for their return.", "return"),
        ("He said Ukraine wanted more momentum in the negotiations, more exchanges of prisoners and the return of "
         "children.", "return"),
        ("He said Ukraine wanted more exchanges of prisoners.", "exchanges"),
    ]:
        assert is_proposed(ev("concede", ["ukraine"], sentence=sentence, cue=cue)), sentence


def test_a_date_after_a_verb_of_the_same_act_stays_the_acts():
    from parley.resolve.happenings import detach

    s = "Russia has deported or forcibly moved more than 19,000 children since February 2022."
    row = ev("coerce", ["russia"], date="2022-02", report_date="2025-06-03", sentence=s, cue="deported")
    assert detach(row) == row


def test_an_event_nothing_dates_joins_only_by_place():
    call = ev("consult", ["rubio"], ["lavrov"], date="2025-05-17")
    s = "His special envoy has held several meetings with the Russian leader this year."
    loose = ev("consult", ["rubio"], ["lavrov"], sentence=s, report_date=None)
    assert len(build_happenings([call, loose], {"rubio": "usa", "lavrov": "russia"})) == 2
