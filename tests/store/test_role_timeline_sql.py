"""The role timeline the store sums up in SQL, post by post, equals the one computed in memory from every
statement (`parley.resolve.roles.role_timeline`), on generated statements and on either backend."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from parley.models import Extraction, LocalActor, Report, Role, Span
from parley.resolve.actors import GlobalActor
from parley.resolve.roles import holders_of, load_posts, role_timeline
from parley.store import timelines

PEOPLE = ["Ivan Bilyk", "Olena Marchuk", "Petro Savchuk", "Dmytro Koval"]
BODIES = [("Ukraine", "country", None), ("Moldova", "country", None),
          ("Ministry of Defence of Ukraine", "organization", "ukraine")]
# Wordings of catalogue posts (one post held at a time, posts that exclude each other, several wordings of
# one post) and a title no post names.
TITLES = ["Defence Minister", "defence minister", "Minister of Defence", "head of the delegation",
          "chief negotiator", "Secretary of the National Security and Defense Council", "Foreign Minister",
          "Prime Minister", "special envoy for the talks"]


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def generate(store, seed: int, reports: int = 90) -> None:
    """Reports naming one to three people with titles: a skewed mix, so that one person has more statements
    of a post than the evidence keeps; about one in six undated, one statement in eight calling it former."""
    rng = random.Random(seed)
    for n in range(reports):
        people = rng.sample(PEOPLE, rng.choice([1, 1, 2, 3]))
        bodies = BODIES
        actors = ([LocalActor(ref=i, kind="person", name=p, id=slug(p)) for i, p in enumerate(people)]
                  + [LocalActor(ref=len(people) + j, kind=kind, name=b, id=slug(b) if kind == "country"
                                else "ministry-of-defense-of-ukraine") for j, (b, kind, _) in enumerate(bodies)])
        roles = []
        for i, _ in enumerate(people):
            for _ in range(rng.choice([1, 1, 2])):
                title = rng.choice(TITLES[:3] * 3 + TITLES) if i == 0 else rng.choice(TITLES)
                of = rng.choice([None, len(people), len(people), len(people) + 1, len(people) + 2])
                text_span = Span(0, 10, 0, 10 + n % 7)
                roles.append(Role(i, title, of, rng.random() < 0.125, text_span))
        published = None if rng.random() < 1 / 6 else date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        text = f"Report {n}: " + " ".join(people) + " met. " + "Background. " * (n % 5)
        touched = ([GlobalActor(slug(p), p, "person", None, False, {p}) for p in people]
                   + [GlobalActor(a.id, a.name, a.kind, country, False, {a.name})
                      for a, (_, _, country) in zip(actors[len(people):], bodies, strict=True)])
        ext = Extraction(report=Report(doc=f"r{n:03}.txt", text=text, published=published, title=None),
                         actors=actors, roles=roles)
        assert store.add(ext, touched) is not None


def in_memory(conn, actor: str, before: int | None):
    """The reference: every statement of every person read, then `role_timeline` over them in Python."""
    cutoff = 2**62 if before is None else before
    ids = [i for (i,) in conn.execute("SELECT id FROM roles WHERE report_id < ? ORDER BY id", (cutoff,))]
    every = timelines.statements_by_id(conn, ids)
    stmts = [s for s in every if s.actor == actor]
    everyone = [s for s in every if s.actor != actor]
    others = holders_of(everyone, load_posts())
    return role_timeline(actor, stmts, others=others, evidence=timelines.EVIDENCE,
                         body_country=timelines.body_countries(conn, [s.of for s in stmts], others))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("keep", [4, 20])
def test_the_sql_timeline_equals_the_one_from_every_statement(fresh_store, monkeypatch, seed, keep):
    monkeypatch.setattr(timelines, "EVIDENCE", keep)
    generate(fresh_store, seed)
    conn = fresh_store.conn
    middle = conn.execute("SELECT id FROM reports ORDER BY id").fetchall()[45][0]
    spans = []
    for person in PEOPLE:
        for before in (None, middle):
            expected = [s.as_dict() for s in in_memory(conn, slug(person), before)]
            assert [s.as_dict() for s in timelines.role_timeline_rows(conn, slug(person), before=before)] == expected
            spans += expected
    # The generated statements exercise every way a post ends, and evidence trimmed to the first and latest
    # halves and the first half calling it former.
    assert {s["ended_by"] for s in spans} >= {None, "former", "incompatible", "successor"}
    assert any(s["reports"] > keep for s in spans)
    assert all(len(s["evidence"]) <= 3 * (keep // 2) for s in spans if s["reports"] > keep)


def add(store, doc: str, published: date | None, roles: list[tuple[str, str, str | None]]) -> None:
    """One report stating (person, title, country or None) roles."""
    people = sorted({p for p, _, _ in roles})
    countries = sorted({c for _, _, c in roles if c})
    actors = ([LocalActor(ref=i, kind="person", name=p, id=slug(p)) for i, p in enumerate(people)]
              + [LocalActor(ref=len(people) + j, kind="country", name=c, id=slug(c)) for j, c in enumerate(countries)])
    ref = {a.name: a.ref for a in actors}
    ext = Extraction(report=Report(doc=doc, text=f"{doc}: " + " ".join(people), published=published),
                     actors=actors, roles=[Role(ref[p], title, ref[c] if c else None, False, Span(0, 5, 0, 5))
                                           for p, title, c in roles])
    touched = [GlobalActor(a.id, a.name, a.kind, None, False, {a.name}) for a in actors]
    assert store.add(ext, touched) is not None


def test_another_holder_succeeds_only_from_their_first_date_and_for_their_body(fresh_store):
    d = date.fromisoformat
    add(fresh_store, "a1.txt", d("2025-01-10"), [("Ivan Bilyk", "Defence Minister", "Ukraine")])
    # Olena Marchuk was stated in the post, under another wording, before Bilyk: she succeeds nobody.
    add(fresh_store, "m1.txt", d("2025-01-05"), [("Olena Marchuk", "head of the Ministry of Defence", "Ukraine")])
    add(fresh_store, "m2.txt", d("2025-03-01"), [("Olena Marchuk", "Defence Minister", "Ukraine")])
    # Petro Savchuk, later, is stated for Moldova in his dated reports, for Ukraine only in undated ones.
    for n in range(2):
        add(fresh_store, f"s{n}.txt", d("2025-04-01"), [("Petro Savchuk", "Defence Minister", "Moldova")])
    for n in range(3):
        add(fresh_store, f"u{n}.txt", None, [("Petro Savchuk", "Defence Minister", "Ukraine")])
    conn = fresh_store.conn
    spans = timelines.role_timeline_rows(conn, "ivan-bilyk")
    assert [(s.post_id, s.current, s.until) for s in spans] == [("defense-minister", True, None)]
    assert [s.as_dict() for s in spans] == [s.as_dict() for s in in_memory(conn, "ivan-bilyk", None)]
    # Dmytro Koval, stated for Ukraine after Bilyk, ends his term.
    add(fresh_store, "k1.txt", d("2025-05-02"), [("Dmytro Koval", "Minister of Defence", "Ukraine")])
    spans = timelines.role_timeline_rows(conn, "ivan-bilyk")
    assert [(s.until, s.ended_by, s.ended_note) for s in spans] == [("2025-05-02", "successor", "dmytro-koval")]
