"""Shared fixtures: the spaCy pipeline (loaded once), fresh stores, and the sample reports beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pgserver import BACKEND, db_target

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def shared_or_skip() -> Path:
    """../shared holds the sample reports and the referee; in CI its absence is an error, not a skip."""
    if (SHARED / "eval" / "score.py").is_file() and (SHARED / "seeds").is_dir():
        return SHARED
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the sample reports are missing: expected {SHARED}/seeds and {SHARED}/eval")
    pytest.skip(f"sample reports not found at {SHARED} (they sit beside the checkout in CI only)")


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_or_skip()


def spark_or_skip() -> None:
    """pyspark and Java run the Spark tests; in a plain clone they skip, under CI=true their absence fails."""
    import importlib.util
    import shutil

    missing = None
    if importlib.util.find_spec("pyspark") is None:
        missing = "pyspark is not installed (pip install -e '.[spark]' or scripts/setup.sh test)"
    elif not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        missing = "Java is not installed (Spark needs Java 17: apt-get install openjdk-17-jre-headless)"
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the Spark tests cannot run: {missing}")
    pytest.skip(f"Spark tests skipped: {missing}")


@pytest.fixture(scope="session")
def spark():
    """One local[2] SparkContext for the whole run (starting the JVM costs seconds)."""
    spark_or_skip()
    from parley.batch.spark import context

    s = context("local[2]", {"spark.ui.enabled": "false"})
    yield s
    s.stop()


# --- backends --------------------------------------------------------------------------------------------
# The store, web and CLI tests run on SQLite by default and on PostgreSQL with PARLEY_TEST_BACKEND=postgresql
# (scripts/test.sh runs them a second time so). Their databases come from `db_target`, which gives a SQLite
# file path or the URL of a new database on a throwaway cluster the session starts (tests/pgserver.py).
def postgres_unavailable(reason: str):
    """Tests that need PostgreSQL skip without it in a plain clone; under CI=true its absence is an error."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but PostgreSQL is unavailable: {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason} (install Debian's postgresql package to run these)")


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster for the session (initdb/pg_ctl in a temp folder)."""
    from pgserver import PgServer, Unavailable, find_bin

    bindir = find_bin()
    if bindir is None:
        postgres_unavailable("initdb/pg_ctl not found on PATH or in /usr/lib/postgresql/*/bin")
    server = PgServer(bindir)
    try:
        server.start()
    except (Unavailable, OSError) as exc:
        server.stop()
        postgres_unavailable(str(exc))
    except BaseException:
        server.stop()
        raise
    yield server
    from parley.store.postgres import close_pools

    close_pools()
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a new, migrated PostgreSQL database (whatever PARLEY_TEST_BACKEND says)."""
    from parley.store.postgres import close_pools

    url = pg_server.new_database()
    yield url
    close_pools(url)


@pytest.fixture
def new_db(request, tmp_path):
    """A function giving a fresh database target (a file path or a URL) on the backend under test."""
    made = []

    def make(name: str = "p.db") -> str:
        target = db_target(request, tmp_path / name)
        made.append(target)
        return target

    yield make
    if BACKEND == "postgresql":
        from parley.store.postgres import close_pools

        for url in made:
            close_pools(url)


@pytest.fixture(scope="session")
def nlp():
    from parley.extract.pipeline import build_nlp

    return build_nlp()


@pytest.fixture
def fresh_store(new_db):
    from parley.store.db import Store

    store = Store(":memory:" if BACKEND == "sqlite" else new_db())
    yield store
    store.close()


@pytest.fixture
def extract(nlp, new_db):
    """Extract one text (a report written in the test) and resolve it against a fresh store."""
    from parley.api import Ingestor
    from parley.extract.pipeline import extract_reports
    from parley.models import Report
    from parley.store.db import Store

    store = Store(":memory:" if BACKEND == "sqlite" else new_db())
    ingestor = Ingestor(store)

    def run(text: str, *, doc: str = "t.txt", published=None):
        ext = extract_reports(nlp, [Report(doc=doc, text=text, published=published)])[0]
        ingestor.store_extraction(ext)
        return ext

    yield run
    store.close()


def score_with_referee(shared: Path, paths: list[Path], gold: Path, tmp: Path) -> dict:
    """Ingest `paths` with the CLI, export records, and score them against `gold` with ../shared's referee."""
    import json
    import subprocess
    import sys

    from click.testing import CliRunner

    from parley.cli import cli

    db, out = tmp / "p.db", tmp / "records.jsonl"
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "-q", "-j", "1"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["export", "--format", "records", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(out), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def facets_below(scores: dict, floors: dict[str, float]) -> dict[str, float]:
    """The facets whose F1 fell below their floor, with the F1 measured."""
    return {facet: round(scores["facets"][facet]["f1"], 3) for facet, floor in floors.items()
            if scores["facets"][facet]["f1"] < floor}
