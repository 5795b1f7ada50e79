"""Score the knowledge base against the hand-written facts of tests/data/kb/facts.toml.

Each facet gets precision and recall:
- roles: a fact is found when the actor has a post whose name or wordings hold every word of the fact's
  `post`, with the same current/ended status and, where the fact gives `until`, an end in that month or
  year. Precision is over the posts parley gives the people the facts file names.
- happenings: a fact is found when a happening of the same type has a participant of every party group,
  the fact's date (at the fact's precision) and, where both give one, the same place. Precision is over
  parley's happenings dated to the day of the types the facts file covers; a happening the facts list as never held
  counts against it.
- stances: a fact is found when the holder's latest stance on the issue is the fact's. Precision is over the
  (holder, issue) pairs the facts judge.
"""

from __future__ import annotations

import sqlite3
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FACTS = Path(__file__).resolve().parents[1] / "data" / "kb" / "facts.toml"


@dataclass
class Score:
    found: int
    facts: int
    correct: int
    given: int

    @property
    def recall(self) -> float:
        return self.found / self.facts if self.facts else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.given if self.given else 1.0


def load_facts() -> dict[str, Any]:
    return tomllib.loads(FACTS.read_text(encoding="utf-8"))


def _role_matches(fact: dict[str, Any], row: dict[str, Any]) -> bool:
    text = " ".join([row["post"], *row["wordings"]]).lower()
    if not all(w in text for w in fact["post"]):
        return False
    if fact["current"] != row["current"]:
        return False
    return "until" not in fact or (row["until"] or "").startswith(fact["until"])


def score_roles(conn: sqlite3.Connection, facts: dict[str, Any]) -> Score:
    from parley.store.timelines import role_timeline_rows

    people = sorted({f["actor"] for f in facts["role"]})
    rows = {a: [r.as_dict() for r in role_timeline_rows(conn, a)] for a in people}
    found = sum(any(_role_matches(f, r) for r in rows[f["actor"]]) for f in facts["role"])
    given = [r for a in people for r in rows[a]]
    correct = sum(any(_role_matches(f, r) for f in facts["role"] if f["actor"] == r["actor"]) for r in given)
    return Score(found, len(facts["role"]), correct, len(given))


def _happening_matches(fact: dict[str, Any], h: dict[str, Any]) -> bool:
    if fact["type"] != h["type"]:
        return False
    ids = set(h["actors"]) | set(h["targets"])
    if not all(ids & set(group) for group in fact["parties"]):
        return False
    if "date" in fact and not (h["date"] or "").startswith(fact["date"]):
        return False
    return not (fact.get("place") and h.get("place") and fact["place"].lower() != h["place"].lower())


def score_happenings(conn: sqlite3.Connection, facts: dict[str, Any]) -> Score:
    from parley.store.happenings import happening_rows

    types = {f["type"] for f in facts["happening"]}
    rows = [h.as_dict() for h in happening_rows(conn) if h.type in types and h.date_precision == "day"]
    found = sum(any(_happening_matches(f, h) for h in rows) for f in facts["happening"])
    correct = sum(any(_happening_matches(f, h) for f in facts["happening"])
                  and not any(_happening_matches(f, h) for f in facts.get("not_happening", [])) for h in rows)
    return Score(found, len(facts["happening"]), correct, len(rows))


def score_stances(conn: sqlite3.Connection, facts: dict[str, Any]) -> Score:
    from parley.store.stances import latest_stances

    latest = {(s.holder, s.issue): s.stance for s in latest_stances(conn)}
    judged = [f for f in facts["stance"] if (f["holder"], f["issue"]) in latest]
    found = sum(latest.get((f["holder"], f["issue"])) == f["stance"] for f in facts["stance"])
    correct = sum(latest[(f["holder"], f["issue"])] == f["stance"] for f in judged)
    return Score(found, len(facts["stance"]), correct, len(judged))
