"""A second referee: six of parley's own example reports, annotated blind (without running parley) in
tests/data/dev_gold. The sample reports measure one outlet's style; these measure others. Floors only go up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "dev_gold"

FLOORS = {
    "actors": 0.95,
    "identity": 0.96,
    "published": 0.95,
    "sources": 0.95,
    "roles": 0.90,
    "quotes": 0.95,
    "events": 0.53,
    "positions": 0.58,
}
MEAN_FLOOR = 0.87


@pytest.fixture(scope="module")
def scores(shared, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dev")
    reports = [ROOT / "examples" / f"{gold.stem}.txt" for gold in sorted(GOLD.glob("*.json"))]
    assert reports and all(r.is_file() for r in reports)
    db, out = tmp / "p.db", tmp / "records.jsonl"
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", *map(str, reports), "--db", str(db), "-q", "-j", "1"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["export", "--format", "records", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(GOLD), str(out), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


@pytest.mark.model
@pytest.mark.parametrize("facet", sorted(FLOORS))
def test_facet_floor(scores, facet):
    f1 = scores["facets"][facet]["f1"]
    assert f1 >= FLOORS[facet], f"{facet} F1 {f1:.3f} fell below its floor {FLOORS[facet]}"


@pytest.mark.model
def test_mean_floor(scores):
    assert scores["mean_f1"] >= MEAN_FLOOR
