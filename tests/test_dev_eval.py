"""A second referee: twelve of parley's own example reports, annotated blind (without running parley) in
tests/data/dev_gold: six on the Russia–Ukraine talks and six on Armenia–Azerbaijan. The sample reports measure
one outlet's style and one negotiation; these measure others. Floors only go up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import score_with_referee

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "dev_gold"

FLOORS = {
    "actors": 0.95,
    "identity": 0.96,
    "published": 0.95,
    "sources": 0.95,
    "roles": 0.91,
    "quotes": 0.99,
    "events": 0.64,
    "positions": 0.58,
}
MEAN_FLOOR = 0.88


@pytest.fixture(scope="module")
def scores(shared, tmp_path_factory):
    reports = [ROOT / "examples" / f"{gold.stem}.txt" for gold in sorted(GOLD.glob("*.json"))]
    assert reports and all(r.is_file() for r in reports)
    return score_with_referee(shared, reports, GOLD, tmp_path_factory.mktemp("dev"))


@pytest.mark.model
@pytest.mark.parametrize("facet", sorted(FLOORS))
def test_facet_floor(scores, facet):
    f1 = scores["facets"][facet]["f1"]
    assert f1 >= FLOORS[facet], f"{facet} F1 {f1:.3f} fell below its floor {FLOORS[facet]}"


@pytest.mark.model
def test_mean_floor(scores):
    assert scores["mean_f1"] >= MEAN_FLOOR
