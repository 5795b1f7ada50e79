"""Stance histories from hand-built statements: latest stance, conditions, countries and their officials."""

from __future__ import annotations

from parley.resolve.stances import StanceStatement, conditions_of, stance_histories

_ids = iter(range(1, 10_000))


def st(holder, issue, stance, date, *, kind="person", country="ukraine", sentence="") -> StanceStatement:
    i = next(_ids)
    return StanceStatement(position_id=i, report_id=i, doc=f"{i}.txt", headline="", date=date, estimated=None,
                           holder=holder, holder_kind=kind, holder_country=country, issue=issue, stance=stance,
                           sentence=sentence)


def by_key(hs):
    return {(h.holder, h.issue): h for h in hs}


def test_the_latest_dated_stance_leads_and_the_history_keeps_each_date():
    h = by_key(stance_histories([st("kyiv", "ceasefire", "oppose", "2025-01-01", kind="country", country=None),
                                 st("kyiv", "ceasefire", "support", "2025-05-01", kind="country", country=None),
                                 st("kyiv", "ceasefire", "support", None, kind="country", country=None)]))
    k = h[("kyiv", "ceasefire")]
    assert (k.latest, k.latest_date) == ("support", "2025-05-01")
    assert [(p.date, p.stance) for p in k.points] == [("2025-01-01", "oppose"), ("2025-05-01", "support")]
    assert k.undated is not None and k.undated.stance == "support"


def test_conditions_are_kept():
    assert conditions_of("Moscow would accept a ceasefire only after a memorandum is signed.") == [
        "only after a memorandum is signed"]
    h = stance_histories([st("m", "ceasefire", "support", "2025-06-02",
                             sentence="He proposed a ceasefire of two to three days in certain sections.")])[0]
    assert h.latest == "conditional" and h.conditions


def test_a_country_follows_its_officials_and_shows_their_disagreement():
    hs = by_key(stance_histories([
        st("a", "leaders_meeting", "support", "2025-06-01", country="utopia"),
        st("b", "leaders_meeting", "support", "2025-06-02", country="utopia"),
    ]))
    c = hs[("utopia", "leaders_meeting")]
    assert c.latest == "support" and c.follows == ["a", "b"] and not c.disagreement
    hs = by_key(stance_histories([
        st("a", "leaders_meeting", "support", "2025-06-01", country="utopia"),
        st("b", "leaders_meeting", "oppose", "2025-06-02", country="utopia"),
    ]))
    assert hs[("utopia", "leaders_meeting")].disagreement == {"a": "support", "b": "oppose"}


def test_limited_offers_after_opposing_the_issue_keep_it_opposed():
    short = "He said Russia had proposed short ceasefires of 24 to 48 hours along parts of the front."
    h = by_key(stance_histories([st("r", "ceasefire", "oppose", "2025-05-19", country=None),
                                 st("r", "ceasefire", "support", "2025-07-23", country=None, sentence=short)]))
    r = h[("r", "ceasefire")]
    assert r.latest == "oppose" and r.conditions and r.points[-1].stance == "conditional"
    # A condition set on the issue itself is a change of stance: it leads.
    cond = "Moscow would accept a ceasefire only after a memorandum is signed."
    h = by_key(stance_histories([st("r", "ceasefire", "oppose", "2025-05-19", country=None),
                                 st("r", "ceasefire", "support", "2025-07-23", country=None, sentence=cond)]))
    assert h[("r", "ceasefire")].latest == "conditional"
    # With no opposition before, a limited offer is conditional support.
    h = by_key(stance_histories([st("r", "ceasefire", "support", "2025-07-23", country=None, sentence=short)]))
    assert h[("r", "ceasefire")].latest == "conditional"
