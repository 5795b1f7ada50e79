"""The development set beside the checkout (`../shared/eval/dev`): 20 real reports by other outlets, scored
by the referee in two halves, each with per-facet floors that only go up.

- `ra-*`: the Russia-Ukraine diplomacy of 2025, by ten outlets;
- `rb-*`: other negotiations (Gaza, Armenia-Azerbaijan, DRC-M23, US-Iran, India-Pakistan, ...).

The reports are someone else's writing: they are read from ../shared, never copied here. parley is judged on
other reports of the same kinds, so these floors guard against regressions; nothing is tuned to a report.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import facets_below, score_with_referee

# Raised as extraction improves; never lowered.
FLOORS = {
    "ra": {"actors": 0.94, "identity": 0.99, "roles": 0.90, "quotes": 0.92, "events": 0.67, "positions": 0.73,
           "published": 0.99, "sources": 0.99},
    "rb": {"actors": 0.95, "identity": 0.99, "roles": 0.88, "quotes": 0.90, "events": 0.67, "positions": 0.71,
           "published": 0.99, "sources": 0.93},
}
MEAN_FLOORS = {"ra": 0.89, "rb": 0.88}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def half(request, shared, tmp_path_factory):
    name = request.param
    dev = shared / "eval" / "dev"
    if not (dev / "articles").is_dir():
        pytest.fail(f"the development set is missing: expected {dev}/articles and {dev}/gold")
    tmp = tmp_path_factory.mktemp(f"dev-{name}")
    articles, gold = tmp / "articles", tmp / "gold"
    articles.mkdir()
    gold.mkdir()
    for path in sorted((dev / "articles").glob(f"{name}-*.txt")):
        shutil.copy(path, articles / path.name)
    for path in sorted((dev / "gold").glob(f"{name}-*.json")):
        shutil.copy(path, gold / path.name)
    assert len(list(articles.iterdir())) == len(list(gold.iterdir())) == 10
    return name, score_with_referee(shared, [articles], gold, tmp)


@pytest.mark.model
def test_facet_floors(half):
    name, scores = half
    low = facets_below(scores, FLOORS[name])
    assert not low, f"{name}-*: facets below their floors {FLOORS[name]}: {low}"


@pytest.mark.model
def test_mean_floor(half):
    name, scores = half
    assert scores["mean_f1"] >= MEAN_FLOORS[name], f"{name}-* mean F1 {scores['mean_f1']:.3f}"
