"""The CLI end to end on small reports written for these tests (click's CliRunner, temporary databases)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from parley.cli import cli

pytestmark = pytest.mark.model

REPORT_A = ("date 2025-05-16\nISTANBUL — Ukrainian Defence Minister Rustem Umerov met Russian presidential aide "
            "Vladimir Medinsky in Istanbul on Friday. \"We are ready for a ceasefire,\" Umerov said, Ukrinform "
            "reports.\n")
REPORT_B = ("Rustem Umyerov, Secretary of the National Security and Defense Council, thanked Turkey for hosting "
            "the talks.\n")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "reports"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "nested" / "b.txt").write_text(REPORT_B, encoding="utf-8")
    return folder


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result


def test_ingest_reports_new_and_then_skips_everything(corpus, tmp_path):
    db = tmp_path / "kb.db"
    first = run("ingest", corpus, "--db", db, "-q")
    assert first.exit_code == 0, first.output
    assert "2 new, 0 skipped" in first.output
    again = run("ingest", corpus, "--db", db, "-q")
    assert again.exit_code == 0
    assert "0 new, 2 skipped" in again.output and "nothing new" in again.output
    assert sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0] == 2


def test_bad_input_is_named_and_the_batch_carries_on(corpus, tmp_path):
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "feed.jsonl").write_text('{"id": "x1", "text": "Mayor Ivan Bilyk met envoys."}\n{broken\n',
                                       encoding="utf-8")
    db = tmp_path / "kb.db"
    res = run("ingest", corpus, "--db", db, "-q")
    assert res.exit_code == 1
    assert "empty.txt" in res.output and "binary.txt" in res.output and "feed.jsonl:2" in res.output
    assert "3 new" in res.output
    assert sqlite3.connect(db).execute("SELECT count(*) FROM reports").fetchone()[0] == 3


def test_export_records_follow_the_schema(corpus, tmp_path):
    db = tmp_path / "kb.db"
    run("ingest", corpus, "--db", db, "-q")
    out = tmp_path / "r.jsonl"
    res = run("export", "--format", "records", "--db", db, "-o", out)
    assert res.exit_code == 0
    records = {r["doc"]: r for r in map(json.loads, out.read_text().splitlines())}
    a, b = records["a.txt"], records["b.txt"]
    assert a["published"] == "2025-05-16" and b["published"] is None
    assert a["sources"] == ["Ukrinform"]
    assert set(a) >= {"doc", "published", "sources", "actors", "roles", "quotes", "events", "positions"}
    umerov_a = next(x for x in a["actors"] if x["id"] == "rustem-umerov")
    umerov_b = next(x for x in b["actors"] if x["id"] == "rustem-umerov")
    assert "Umerov" in umerov_a["mentions"] and "Rustem Umyerov" in umerov_b["mentions"]
    assert {"speaker": "rustem-umerov", "text": "We are ready for a ceasefire"} in a["quotes"]
    assert any(e["type"] == "consult" and e["date"] == "2025-05-16" for e in a["events"])


def test_export_to_stdout_and_tables(corpus, tmp_path):
    db = tmp_path / "kb.db"
    run("ingest", corpus, "--db", db, "-q")
    res = run("export", "--db", db)
    assert res.exit_code == 0 and len(res.output.strip().splitlines()) == 2
    prefix = tmp_path / "t"
    assert run("export", "--format", "csv", "--db", db, "-o", prefix).exit_code == 0
    assert "rustem-umerov" in (tmp_path / "t.actors.csv").read_text()
    assert run("export", "--format", "parquet", "--db", db, "-o", prefix).exit_code == 0
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "t.mentions.parquet")
    assert table.num_rows > 0 and "actor_id" in table.column_names


def test_queries(corpus, tmp_path):
    db = tmp_path / "kb.db"
    run("ingest", corpus, "--db", db, "-q")
    listed = json.loads(run("actors", "--db", db, "--json", "--kind", "person").output)
    assert {"rustem-umerov", "vladimir-medinsky"} <= {a["id"] for a in listed}
    assert all(a["kind"] == "person" for a in listed)
    detail = json.loads(run("actor", "rustem-umerov", "--db", db, "--json").output)
    assert {"Rustem Umerov", "Rustem Umyerov"} <= set(detail["aliases"])
    assert all(m["sentence"] for rep in detail["reports"] for m in rep["mentions"])
    roles = json.loads(run("roles", "rustem-umerov", "--db", db, "--json").output)
    assert {r["post_id"] for r in roles} >= {"defense-minister", "security-council-secretary"}
    quotes = json.loads(run("quotes", "--speaker", "rustem-umerov", "--db", db, "--json").output)
    assert quotes[0]["text"] == "We are ready for a ceasefire"
    events = json.loads(run("events", "--type", "consult", "--db", db, "--json").output)
    assert events and all(e["type"] == "consult" for e in events)
    assert all(e["evidence"]["sentence"] for e in events)
    timeline = json.loads(run("timeline", "--db", db, "--json").output)
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    positions = json.loads(run("positions", "--issue", "ceasefire", "--db", db, "--json").output)
    assert {"rustem-umerov", "ukraine"} <= {p["holder"] for p in positions}


def test_unknown_actor_and_missing_db_are_clear_errors(tmp_path):
    res = run("actors", "--db", tmp_path / "none.db")
    assert res.exit_code != 0 and "does not exist" in res.output


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, f"parley {name} has no help text"
