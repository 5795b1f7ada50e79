"""An actor's events by the index of participations and their dates (migration 0016) list the same events,
in the same order, as a filter over every stored event, on either backend."""

from __future__ import annotations

import random

import pytest

from parley.models import Event, Extraction, LocalActor, Report, Span
from parley.resolve.actors import GlobalActor
from parley.store import queries

COUNTRIES = ["Ukraine", "Russia", "Turkey", "Qatar"]
TYPES = ["consult", "agree", "demand", "assault"]


def generate(store, seed: int, reports: int = 40) -> None:
    """Reports with one to three events among four countries: about a third undated, dates of a day, a
    month or a year, and some events where one country is both an actor and a target."""
    rng = random.Random(seed)
    actors = [LocalActor(ref=i, kind="country", name=c, id=c.lower()) for i, c in enumerate(COUNTRIES)]
    touched = [GlobalActor(c.lower(), c, "country", None, True, {c}) for c in COUNTRIES]
    for n in range(reports):
        events = []
        for _ in range(rng.choice([1, 2, 3])):
            who = rng.sample(range(len(COUNTRIES)), 2)
            targets = [who[1]] + ([who[0]] if rng.random() < 0.15 else [])
            date = rng.choice([None, None, f"2025-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
                               f"2025-0{rng.randrange(1, 10)}", "2025", f"2025-0{rng.randrange(1, 10)}-0{rng.randrange(1, 10)}"])
            events.append(Event(rng.choice(TYPES), [who[0]], targets, date, None, "met", Span(0, 5, 0, 5)))
        ext = Extraction(report=Report(doc=f"e{n:03}.txt", text=f"Report {n}. Countries met.", published=None),
                         actors=actors, events=events)
        assert store.add(ext, touched) is not None


def by_filter(conn, actor: str, *, since=None, until=None, dated_only=False, ascending=False) -> list[int]:
    """The reference: every event read, filtered and ordered in Python as `list_events` documents."""
    rows = conn.execute("SELECT e.id, e.date FROM events e WHERE e.id IN "
                        "(SELECT event_id FROM event_participants WHERE actor_id = ?)", (actor,)).fetchall()
    keep = [(r[0], r[1]) for r in rows
            if (not dated_only or r[1] is not None) and (not since or (r[1] is not None and r[1] >= since))
            and (not until or (r[1] is not None and r[1] <= queries.inclusive_until(until)))]
    # Undated events sort below every date (SQLite's NULL order, which the PostgreSQL dialect keeps).
    keep.sort(key=lambda e: (e[1] is not None, e[1] or "", e[0]), reverse=not ascending)
    return [e for e, _ in keep]


@pytest.mark.parametrize("seed", [5, 6])
def test_an_actors_events_walk_the_participations_index(fresh_store, seed):
    generate(fresh_store, seed)
    conn = fresh_store.conn
    both = conn.execute("SELECT count(*) FROM (SELECT event_id FROM event_participants GROUP BY event_id, actor_id "
                        "HAVING count(*) > 1) AS t").fetchone()[0]
    assert both > 0  # some country is both an actor and a target of one event: listed once
    for country in COUNTRIES:
        actor = country.lower()
        for kw in ({}, {"since": "2025-03"}, {"until": "2025-05"}, {"since": "2025-02-15", "until": "2025-06"},
                   {"dated_only": True, "ascending": True}):
            expected = by_filter(conn, actor, **kw)
            for limit, offset in ((100, 0), (5, 0), (5, 7)):
                got = [e["id"] for e in queries.list_events(conn, actor=actor, limit=limit, offset=offset, **kw)]
                assert got == expected[offset:offset + limit], (actor, kw, limit, offset)
        # With another filter the events are found the other way, and agree.
        typed = [e["id"] for e in queries.list_events(conn, actor=actor, type="assault", limit=100)]
        assert typed == [e["id"] for e in queries.list_events(conn, actor=actor, limit=100) if e["type"] == "assault"]
