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



def test_two_reports_giving_one_agreement_different_numbers_are_listed_with_both_sentences(tmp_path):
    # Written for this test: the same agreement of 23 July 2025, the second report with a wrong figure.
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-07-23\nISTANBUL, July 23 (Reuters) - Ukraine and Russia agreed on "
                                  "Wednesday to exchange 1,200 prisoners each at talks in Istanbul.\n", encoding="utf-8")
    (folder / "b.txt").write_text("date 2025-07-23\nUkraine and Russia agreed on Wednesday to exchange 1,000 "
                                  "prisoners each at talks in Istanbul, a source said.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    run("ingest", str(folder), "--db", db, "-q")
    happenings = json.loads(run("happenings", "--db", db, "--json"))
    assert [(h["type"], h["reports"], h["sources"]) for h in happenings] == [("agree", 2, 2)]
    found = json.loads(run("contradictions", "--db", db, "--json"))
    assert [(c["kind"], {c["a"]["value"], c["b"]["value"]}) for c in found] == [("number", {"1,200", "1,000"})]
    text = run("contradictions", "--db", db)
    assert "1,200 prisoners" in text and "1,000 prisoners" in text
