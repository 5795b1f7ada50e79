"""The referee: ingest the sample reports, export records, score them against the gold records.

The floors are pinned to what parley measured when they were last raised; they only ever go up. The
samples are for development only, so these floors guard against regressions, not for tuning to them.
"""

from __future__ import annotations

import pytest

from tests.conftest import score_with_referee

# Raised as extraction improves; never lowered.
FLOORS = {
    "actors": 0.99,
    "identity": 0.99,
    "published": 0.95,
    "sources": 0.95,
    "roles": 0.98,
    "quotes": 0.94,
    "events": 0.83,
    "positions": 0.94,
}
MEAN_FLOOR = 0.95


@pytest.fixture(scope="module")
def scores(shared, tmp_path_factory):
    return score_with_referee(shared, [shared / "seeds"], shared / "eval" / "gold", tmp_path_factory.mktemp("seeds"))


@pytest.mark.model
@pytest.mark.parametrize("facet", sorted(FLOORS))
def test_facet_floor(scores, facet):
    f1 = scores["facets"][facet]["f1"]
    assert f1 >= FLOORS[facet], f"{facet} F1 {f1:.3f} fell below its floor {FLOORS[facet]}"


@pytest.mark.model
def test_mean_floor(scores):
    assert scores["mean_f1"] >= MEAN_FLOOR
