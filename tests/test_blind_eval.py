"""A third referee: tests/data/dev_blind, ten reports written and annotated blind from public facts (five on
the Russia-Ukraine diplomacy of 2025, five on other negotiations), scored with ../shared's referee. Its first,
blind scores are in its README; the floors below are what parley reads there now, and only go up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import facets_below, score_with_referee

BLIND = Path(__file__).resolve().parent / "data" / "dev_blind"
FLOORS = {"actors": 0.95, "identity": 0.99, "roles": 0.92, "quotes": 0.92, "events": 0.70, "positions": 0.67,
          "published": 0.99, "sources": 0.83}
MEAN_FLOOR = 0.87


@pytest.fixture(scope="module")
def scores(shared, tmp_path_factory):
    articles = sorted((BLIND / "articles").glob("*.txt"))
    assert len(articles) == len(list((BLIND / "gold").glob("*.json"))) == 10
    return score_with_referee(shared, articles, BLIND / "gold", tmp_path_factory.mktemp("blind"))


@pytest.mark.model
def test_facet_floors(scores):
    low = facets_below(scores, FLOORS)
    assert not low, f"blind set: facets below their floors {FLOORS}: {low}"


@pytest.mark.model
def test_mean_floor(scores):
    assert scores["mean_f1"] >= MEAN_FLOOR, f"blind set mean F1 {scores['mean_f1']:.3f}"
