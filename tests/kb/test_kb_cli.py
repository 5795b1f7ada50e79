"""The knowledge-base commands on the bundled examples: happenings, stances, contradictions."""

from __future__ import annotations

import json

from click.testing import CliRunner

from parley.cli import cli


def run(*args: str):
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_happenings_json_has_the_documented_fields_and_merges_reports(examples_db):
    rows = json.loads(run("happenings", "--db", str(examples_db), "--json"))
    assert rows and all({"type", "actors", "targets", "date", "place", "reports", "sources", "evidence"} <= set(r)
                        for r in rows)
    june = [r for r in rows if r["type"] == "consult" and r["date"] == "2025-06-02" and r["place"] == "Istanbul"]
    assert len(june) == 1 and june[0]["reports"] >= 2
    assert all(r["status"] == "held" for r in rows)
    with_proposed = json.loads(run("happenings", "--db", str(examples_db), "--json", "--proposed"))
    assert len(with_proposed) > len(rows)
    assert run("happenings", "--db", str(examples_db), "--type", "agree", "--since", "2025-07").count("agree") >= 1


def test_stances_show_conditions_and_history(examples_db):
    rows = {(r["holder"], r["issue"]): r for r in json.loads(run("stances", "--db", str(examples_db), "--json"))}
    assert rows[("ukraine", "ceasefire")]["latest"] == "support"
    medinsky = rows[("vladimir-medinsky", "ceasefire")]
    assert medinsky["latest"] == "conditional" and medinsky["conditions"]
    assert all(p["date"] for r in rows.values() for p in r["history"])
    assert "latest" in run("stances", "--db", str(examples_db), "--issue", "ceasefire")


def test_contradictions_command_answers(examples_db):
    assert isinstance(json.loads(run("contradictions", "--db", str(examples_db), "--json")), list)

