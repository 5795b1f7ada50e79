"""`--negotiation` on the listing commands and `parley negotiations`, over a knowledge base of hand-made facts
(no spaCy model): see `tests/negotiation_kb.py`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from parley.cli import cli
from tests import negotiation_kb


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(negotiation_kb.build(tmp_path_factory.mktemp("cli") / "kb.db"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def as_json(*args: str):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_negotiations_lists_each_with_its_report_count(db):
    result = run("negotiations", "--db", db)
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert lines["russia-ukraine"].split()[-3:] == ["1", "2025-05-16", "2025-05-16"]
    assert lines["armenia-azerbaijan"].split()[-3:] == ["1", "2025-08-08", "2025-08-08"]
    assert lines["sudan"].split()[-1] == "0"
    rows = {r["id"]: r for r in as_json("negotiations", "--db", db)}
    assert rows["armenia-azerbaijan"]["parties"] == ["armenia", "azerbaijan"]


@pytest.mark.parametrize("command, key, expected", [
    ("actors", "id", {"azerbaijan", "armen-vale"}),
    ("events", "place", {"Washington"}),
    ("timeline", "place", {"Washington"}),
    ("quotes", "speaker", {"armen-vale"}),
    ("positions", "issue", {"transit_route"}),
])
def test_listing_commands_filter_by_negotiation(db, command, key, expected):
    rows = as_json(command, "--db", db, "--negotiation", "armenia-azerbaijan")
    assert {r[key] for r in rows} == expected
    everything = as_json(command, "--db", db)
    assert len(everything) > len(rows)


def test_export_filters_by_negotiation(db, tmp_path):
    result = run("export", "--db", db, "--negotiation", "russia-ukraine")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["doc"] for line in result.output.splitlines()] == ["istanbul.txt"]
    prefix = tmp_path / "kb"
    result = run("export", "--format", "csv", "--db", db, "--negotiation", "russia-ukraine", "-o", str(prefix))
    assert result.exit_code == 0, result.output
    assert "olena-hart" in (tmp_path / "kb.actors.csv").read_text() and "turkey" not in (tmp_path / "kb.actors.csv").read_text()


def test_an_unknown_negotiation_is_one_line_naming_the_known_ones(db):
    result = run("events", "--db", db, "--negotiation", "narnia")
    assert result.exit_code == 2
    assert "no negotiation 'narnia'; known: russia-ukraine, armenia-azerbaijan" in result.output
    assert "Traceback" not in result.output


def test_recompute_reports_the_attachments_written(db):
    result = CliRunner().invoke(cli, ["negotiations", "--db", db, "--recompute"])
    assert result.exit_code == 0
    assert "2 attachments" in result.output


@pytest.mark.model
def test_instruments_filter_by_negotiation(tmp_path):
    from tests.conftest import EXAMPLES

    db = str(tmp_path / "kb.db")
    result = run("ingest", str(EXAMPLES / "09_second-round-memoranda.txt"),
                 str(EXAMPLES / "23_peace-text-initialled.txt"), "--db", db, "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    every = {r["id"] for r in as_json("instruments", "--db", db)}
    caucasus = {r["id"] for r in as_json("instruments", "--negotiation", "armenia-azerbaijan", "--db", db)}
    talks = {r["id"] for r in as_json("instruments", "--negotiation", "russia-ukraine", "--db", db)}
    assert caucasus and talks and caucasus | talks <= every
    assert not caucasus & talks


def test_undated_items_left_out_are_counted_within_the_negotiation(tmp_path):
    from dataclasses import replace

    from tests.serve.conftest import build_knowledge_base

    undated = [replace(negotiation_kb.ISTANBUL, events=[("consult", ["Ukraine"], ["Russia"], None, "Istanbul",
                                                         "held talks", 0)]),
               replace(negotiation_kb.KARABAKH, events=[("consult", ["Azerbaijan"], ["Armen Vale"], None,
                                                         "Washington", "met", 0)])]
    db = str(build_knowledge_base(tmp_path / "kb.db", undated))
    everywhere = run("events", "--since", "2025", "--db", db)
    one = run("events", "--since", "2025", "--negotiation", "armenia-azerbaijan", "--db", db)
    assert everywhere.exit_code == one.exit_code == 0, (everywhere.output, one.output)
    assert "2 undated events left out" in everywhere.stderr
    assert "1 undated events left out" in one.stderr
