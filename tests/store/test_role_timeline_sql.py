"""The role timeline the store sums up in SQL, post by post, equals the one computed in memory from every
statement (`parley.resolve.roles.role_timeline`), on generated statements and on either backend."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from parley.models import Extraction, LocalActor, Report, Role, Span
from parley.resolve.actors import GlobalActor
from parley.resolve.roles import load_posts, role_timeline
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
    """The reference: every statement read, then `role_timeline` over them in Python."""
    stmts = timelines.role_statements(conn, actor, before=before)
    catalog = load_posts()
    others = timelines.other_holders(conn, actor, {catalog.post_of(s.title_key)[0] for s in stmts}, before=before)
    return role_timeline(actor, stmts, others=others, catalog=catalog, evidence=timelines.EVIDENCE,
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
