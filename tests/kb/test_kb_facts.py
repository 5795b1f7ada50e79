"""The knowledge base built from the bundled examples, scored against hand-written facts
(tests/data/kb/facts.toml, written from the example texts before reading parley's output).

Floors are the measured scores; they only go up.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.kb.kbscore import load_facts, score_happenings, score_roles, score_stances

# Measured on the examples when each facet was built (precision, recall).
FLOORS = {
    "roles": (0.97, 0.97),
    "happenings": (1.0, 0.88),
    "stances": (1.0, 1.0),
}


@pytest.fixture(scope="module")
def conn(examples_db):
    c = sqlite3.connect(f"file:{examples_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


@pytest.mark.parametrize("facet", sorted(FLOORS))
def test_kb_scores_hold_their_floors(conn, facet):
    score = {"roles": score_roles, "happenings": score_happenings, "stances": score_stances}[facet](conn, load_facts())
    print(f"{facet}: precision {score.precision:.3f} ({score.correct}/{score.given}), "
          f"recall {score.recall:.3f} ({score.found}/{score.facts})")
    precision, recall = FLOORS[facet]
    assert score.precision >= precision and score.recall >= recall
