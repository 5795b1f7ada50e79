"""A second referee: parley's own example reports, annotated blind (without running parley) in
tests/data/dev_gold, in two groups scored apart: the Russia-Ukraine examples and the Armenia-Azerbaijan ones
(22_-27_, annotated when the second negotiation was added). The sample reports measure one outlet's style;
these measure others. Floors only go up.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import facets_below, score_with_referee

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "dev_gold"
# The second negotiation's examples (docs/examples.md): 22_ to 27_.
CAUCASUS = tuple(f"{n}_" for n in range(22, 28))

FLOORS = {
    "russia-ukraine": {"actors": 0.95, "identity": 0.96, "published": 0.95, "sources": 0.95, "roles": 0.91,
                       "quotes": 0.99, "events": 0.68, "positions": 0.75},
    "armenia-azerbaijan": {"actors": 0.86, "identity": 0.98, "published": 0.88, "sources": 0.66, "roles": 0.81,
                           "quotes": 0.88, "events": 0.61, "positions": 0.42},
}
MEAN_FLOORS = {"russia-ukraine": 0.90, "armenia-azerbaijan": 0.77}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def group(request, shared, tmp_path_factory):
    name = request.param
    golds = [g for g in sorted(GOLD.glob("*.json")) if g.name.startswith(CAUCASUS) == (name == "armenia-azerbaijan")]
    tmp = tmp_path_factory.mktemp(f"dev-{name}")
    gold = tmp / "gold"
    gold.mkdir()
    for g in golds:
        shutil.copy(g, gold / g.name)
    reports = [ROOT / "examples" / f"{g.stem}.txt" for g in golds]
    assert reports and all(r.is_file() for r in reports)
    return name, score_with_referee(shared, reports, gold, tmp)


@pytest.mark.model
def test_facet_floors(group):
    name, scores = group
    low = facets_below(scores, FLOORS[name])
    assert not low, f"{name}: facets below their floors {FLOORS[name]}: {low}"


@pytest.mark.model
def test_mean_floor(group):
    name, scores = group
    assert scores["mean_f1"] >= MEAN_FLOORS[name], f"{name} mean F1 {scores['mean_f1']:.3f}"
