"""Role timelines from hand-built statements: what ends a post, and which wordings are one post."""

from __future__ import annotations

from parley.resolve.roles import RoleStatement, holders_of, load_posts, role_timeline
from parley.store.db import title_key

_ids = iter(range(1, 10_000))


def st(actor: str, title: str, date: str | None, *, of: str | None = "ukraine", former: bool = False,
       report: int | None = None) -> RoleStatement:
    rid = next(_ids)
    return RoleStatement(role_id=rid, report_id=report or rid, doc=f"{rid}.txt", headline=None, date=date,
                         actor=actor, title=title, title_key=title_key(title), of=of, former=former, sentence="")


def by_post(spans):
    return {s.post_id: s for s in spans}


def test_former_ends_a_post_and_is_never_evidence_that_it_is_current():
    spans = by_post(role_timeline("a", [
        st("a", "Defence Minister", "2025-05-01"),
        st("a", "defence minister", "2025-07-17", former=True),
        st("a", "defence minister", "2025-07-23"),  # a later report's background mention reopens nothing
    ]))
    dm = spans["defense-minister"]
    assert (dm.since, dm.until, dm.current, dm.ended_by) == ("2025-05-01", "2025-07-17", False, "former")


def test_only_former_statements_mean_ended_even_undated():
    spans = by_post(role_timeline("a", [st("a", "foreign minister", None, former=True)]))
    assert spans["foreign-minister"].current is False
    assert spans["foreign-minister"].until is None


def test_an_incompatible_post_taken_later_ends_the_earlier_one():
    spans = by_post(role_timeline("a", [
        st("a", "Defence Minister", "2025-05-01"),
        st("a", "Secretary of the National Security and Defense Council", "2025-07-17"),
        st("a", "head of the Ukrainian delegation", "2025-05-01"),
    ]))
    assert spans["defense-minister"].until == "2025-07-17"
    assert spans["defense-minister"].ended_by == "incompatible"
    assert spans["security-council-secretary"].current
    # Heading the delegation is held alongside either post.
    assert spans["delegation-head"].current


def test_an_incompatible_post_stated_as_current_after_the_new_one_stays_open():
    spans = by_post(role_timeline("a", [
        st("a", "Foreign Minister", "2025-01-01"),
        st("a", "Prime Minister", "2025-06-01"),
        st("a", "Foreign Minister", "2025-07-01"),
    ]))
    assert spans["foreign-minister"].current and spans["prime-minister"].current


def test_a_successor_in_the_same_post_of_the_same_body_ends_the_term():
    others = holders_of([st("b", "Defence Minister", "2025-07-17")])
    spans = by_post(role_timeline("a", [st("a", "Defence Minister", "2025-05-01")], others=others))
    assert (spans["defense-minister"].until, spans["defense-minister"].ended_by,
            spans["defense-minister"].ended_note) == ("2025-07-17", "successor", "b")
    # The same post of another country is another post.
    others = holders_of([st("b", "Defence Minister", "2025-07-17", of="russia")])
    assert role_timeline("a", [st("a", "Defence Minister", "2025-05-01")], others=others)[0].current
    # An organization counts as its country's body.
    others = holders_of([st("b", "Defence Minister", "2025-07-17", of="ministry-of-defense-of-ukraine")])
    span = role_timeline("a", [st("a", "Defence Minister", "2025-05-01")], others=others,
                         body_country={"ministry-of-defense-of-ukraine": "ukraine", "ukraine": "ukraine"})[0]
    assert span.until == "2025-07-17"


def test_wordings_of_one_post_are_one_post():
    spans = role_timeline("m", [
        st("m", "head of the Russian delegation", "2025-05-16", of="russia"),
        st("m", "head of the Russian team", "2025-06-02", of="russia"),
        st("m", "chief negotiator", "2025-06-16", of="russia"),
        st("m", "lead negotiator", None, of="russia"),
        st("m", "Minister of Defence", "2025-05-16"),
        st("m", "head of the Ministry of Defence", "2025-05-20"),
    ])
    assert sorted(s.post_id for s in spans) == ["defense-minister", "delegation-head"]
    head = next(s for s in spans if s.post_id == "delegation-head")
    assert (head.since, head.current, head.reports) == ("2025-05-16", True, 4)
    assert "chief negotiator" in head.wordings


def test_deputies_are_not_the_minister():
    catalog = load_posts()
    assert catalog.post_of(title_key("Deputy Defence Minister"))[0] == "deputy-defense-minister"
    assert catalog.post_of(title_key("First Deputy Foreign Minister"))[0] == "first-deputy-foreign-minister"
    assert catalog.post_of(title_key("Secretary of the National Security and Defense Council"))[0] == \
        "security-council-secretary"
    assert catalog.post_of(title_key("aide to President Vladimir Putin"))[0] == "presidential-aide"


def test_evidence_keeps_the_first_the_latest_and_the_first_former_statements():
    stmts = [st("a", "Defence Minister", f"2025-05-{d:02d}") for d in range(1, 29)]
    stmts += [st("a", "defence minister", f"2025-05-{d:02d}", former=True) for d in (20, 10, 12, 11)]
    span = role_timeline("a", stmts, evidence=4)[0]
    dates = [e.date for e in span.evidence]
    assert dates[:2] == ["2025-05-01", "2025-05-02"] and dates[-2:] == ["2025-05-27", "2025-05-28"]
    # The first two calling it former (what dates its end), not every one.
    assert [e.date for e in span.evidence if e.former] == ["2025-05-10", "2025-05-11"]
    assert span.until == "2025-05-10" and span.reports == 32
