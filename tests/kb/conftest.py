"""The bundled examples ingested once for the knowledge-base tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    from parley.api import ingest_paths
    from tests.kb.kbscore import load_facts

    # The examples the facts file is about: 21 text files, four feed entries and two pages.
    paths = [ROOT / "examples" / name for name in load_facts()["scope"]["reports"]]
    db = tmp_path_factory.mktemp("kb") / "examples.db"
    summary = ingest_paths(paths, str(db), processes=1)
    assert not summary.failed and summary.new == 27
    return db
