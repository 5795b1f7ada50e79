"""The bundled examples ingested once for the knowledge-base tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    from parley.api import ingest_paths

    db = tmp_path_factory.mktemp("kb") / "examples.db"
    summary = ingest_paths([ROOT / "examples"], str(db), processes=1)
    assert not summary.failed and summary.new == 27
    return db
