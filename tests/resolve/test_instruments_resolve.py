"""Instrument identity across reports, on hand-made extractions (no model)."""

from __future__ import annotations

from datetime import date

from parley.models import Extraction, InstrumentStep, LocalActor, LocalInstrument, Mention, Report, Span
from parley.resolve.instruments import InstrumentResolver

SPAN = Span(0, 1, 0, 1)


def ext(doc: str, published: date | None, *instruments: LocalInstrument, owners: dict[int, str] | None = None):
    actors = [LocalActor(ref=r, kind="country", name=aid.title(), id=aid) for r, aid in (owners or {}).items()]
    return Extraction(report=Report(doc=doc, text="x", published=published), actors=actors,
                      instruments=list(instruments))


def inst(kind: str, text: str, **kw) -> LocalInstrument:
    return LocalInstrument(ref=0, kind=kind, label=text, mentions=[Mention(text, SPAN)], **kw)


def test_a_party_memorandum_is_one_however_called_and_another_party_has_its_own():
    r = InstrumentResolver()
    a = inst("memorandum", "Russia's memorandum", owner=0)
    b = inst("memorandum", "the Russian document", owner=0)
    c = inst("memorandum", "Ukraine's memorandum", owner=0)
    r.resolve(ext("a", date(2025, 6, 2), a, owners={0: "russia"}))
    r.resolve(ext("b", date(2025, 6, 3), b, owners={0: "russia"}))
    r.resolve(ext("c", date(2025, 6, 3), c, owners={0: "ukraine"}))
    assert a.id == b.id == "russia-memorandum" and c.id == "ukraine-memorandum"
    assert r.known["russia-memorandum"].aliases == {"Russia's memorandum", "the Russian document"}


def test_proper_names_match_on_their_distinctive_words_only():
    r = InstrumentResolver()
    a = inst("programme", "DOT-Chain Defence", proper="DOT-Chain Defence")
    b = inst("programme", "the DOT-Chain system", proper="DOT-Chain system")
    c = inst("agreement", "the Istanbul deal", proper="Istanbul deal")
    d = inst("agreement", "the Black Sea grain deal", proper="Black Sea grain deal")
    for n, i in enumerate((a, b, c, d)):
        r.resolve(ext(str(n), None, i))
    assert a.id == b.id == "dot-chain-defence"
    assert len({c.id, d.id}) == 2


def test_an_exchange_without_its_figure_is_the_latest_agreed_by_the_report_date():
    r = InstrumentResolver()
    step = InstrumentStep("agree", [], [], "2025-05-16", "agreed", SPAN)
    first = inst("agreement", "exchange 1,000 prisoners each", topic="prisoners", figure="1000", steps=[step])
    r.resolve(ext("a", date(2025, 5, 16), first))
    second = inst("agreement", "exchange of prisoners, all for all", topic="prisoners", figure="all-for-all")
    r.resolve(ext("b", date(2025, 6, 2), second))
    bodies = inst("agreement", "return the bodies", topic="bodies", figure="6000")
    r.resolve(ext("c", date(2025, 6, 2), bodies))
    may = inst("agreement", "the prisoner exchange", topic="prisoners", figure="")
    june = inst("agreement", "the exchange of young prisoners", topic="prisoners", figure="")
    r.resolve(ext("d", date(2025, 5, 23), may))
    r.resolve(ext("e", date(2025, 6, 16), june))
    assert may.id == first.id == "prisoner-exchange-1000-for-1000"
    assert june.id == second.id == "prisoner-exchange-all-for-all" and bodies.id == "body-exchange-6000-for-6000"


def test_an_exchange_first_told_without_a_figure_takes_it_later_and_keeps_its_id():
    r = InstrumentResolver()
    vague = inst("agreement", "a prisoner exchange", topic="prisoners", figure="")
    r.resolve(ext("a", None, vague))
    exact = inst("agreement", "exchange 1,000 prisoners each", topic="prisoners", figure="1000")
    r.resolve(ext("b", None, exact))
    assert vague.id == exact.id == "prisoner-exchange"
    assert r.known["prisoner-exchange"].name == "Prisoner exchange 1,000 for 1,000"


def test_ids_are_readable_and_never_reused():
    r = InstrumentResolver()
    a = inst("list", "a list of children", topic="children")
    b = inst("list", "a list of children", topic="children", owner=0)
    r.resolve(ext("a", None, a))
    r.resolve(ext("b", None, b, owners={0: "ukraine"}))
    assert a.id == "list-of-children"
    assert b.id == a.id  # same kind and topic, the owner only now known
    c = inst("agreement", "the minerals agreement", topic="minerals")
    d = inst("plan", "the minerals plan", topic="minerals")
    r.resolve(ext("c", None, c, d))
    assert c.id == "minerals-agreement" and d.id == "minerals-plan"


def test_instruments_known_by_topic_belong_to_their_talks():
    r = InstrumentResolver()
    caucasus = inst("agreement", "a peace agreement", topic="peace")
    again = inst("agreement", "the peace agreement", topic="peace")
    elsewhere = inst("agreement", "a peace agreement", topic="peace")
    r.resolve(ext("a", None, caucasus, owners={0: "azerbaijan", 1: "georgia"}))
    r.resolve(ext("b", None, again, owners={0: "georgia", 1: "azerbaijan"}))
    r.resolve(ext("c", None, elsewhere, owners={0: "russia", 1: "ukraine"}))
    assert caucasus.id == again.id == "peace-agreement" and elsewhere.id == "peace-agreement-2"
