"""The CLI answers like the web: on the hand-made knowledge base of the web tests (no model loaded).

Unknown ids and values get "did you mean" and exit 2, database errors are one line, dates take any
precision and say what they left out, every table and JSON row has the id `parley evidence` takes, tables
fit the terminal, and reports are named by their headlines.
"""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner
from pgserver import db_target

from parley.cli import cli
from parley.cli_support import format_table
from parley.store.db import Store
from tests.serve.conftest import REPORTS, Written, build_knowledge_base

# Filed last, dated first: "latest first by date" must not mean "latest stored first".
LATE_FILED = Written(
    doc="late-filed.txt", published="2025-01-05", title=None,
    sentences=["Winter note", 'Clara Dunmore said: "Nothing moves before spring."'],
    actors=[("Clara Dunmore", "person", None, ["Clara Dunmore"])],
    quotes=[("Clara Dunmore", "Nothing moves before spring.", 1)],
)


@pytest.fixture(scope="module")
def kb(request, tmp_path_factory):
    return str(build_knowledge_base(db_target(request, tmp_path_factory.mktemp("cli") / "kb.db"),
                                    [*REPORTS, LATE_FILED]))


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def one_line_error(res) -> str:
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output, res.output
    return lines[0]


@pytest.mark.parametrize("args, hint", [
    (["actor", "vernon"], "did you mean ada-vernon?"),
    (["actor", "ada-vernom"], "did you mean ada-vernon?"),
    (["roles", "Kalm"], "did you mean boris-kalm?"),
    (["quotes", "--speaker", "mallory"], "did you mean eve-mallory?"),
    (["events", "--actor", "dunmore"], "did you mean clara-dunmore?"),
    (["timeline", "--actor", "boris"], "did you mean boris-kalm?"),
    (["positions", "--holder", "Vernon"], "did you mean ada-vernon?"),
    (["events", "--type", "consul"], "did you mean consult?"),
    (["positions", "--issue", "prisoner exchange"], "did you mean prisoner_exchange?"),
    (["export", "--format", "csv", "--table", "actor", "-o", "x"], "did you mean actors"),
])
def test_unknown_ids_and_values_suggest_and_exit_2(kb, args, hint):
    res = run(*args, "--db", kb)
    assert res.exit_code == 2
    assert hint in one_line_error(res)


def test_unknown_fact_id_exits_2_and_says_where_ids_are(kb):
    res = run("evidence", "events", 99999, "--db", kb)
    assert res.exit_code == 2
    assert "no event with id 99999" in one_line_error(res) and "parley events" in res.output


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    report = tmp_path / "r.txt"
    report.write_text("Ada Vernon met Boris Kalm in Geneva.", encoding="utf-8")
    for args in (["actors"], ["quotes"], ["export", "--format", "csv", "-o", tmp_path / "t"],
                 ["ingest", report, "-q"]):
        res = run(*args, "--db", junk)
        assert res.exit_code == 1
        assert str(junk) in one_line_error(res)


@pytest.mark.parametrize("fmt", ["records", "csv", "parquet"])
def test_an_unwritable_export_target_is_one_line(kb, tmp_path, fmt):
    target = tmp_path / "no-such-folder" / "kb"
    res = run("export", "--format", fmt, "--db", kb, "-o", target)
    assert res.exit_code == 1
    line = one_line_error(res)
    assert "cannot write" in line and "no-such-folder" in line


def test_serve_refuses_a_database_that_does_not_exist(tmp_path):
    missing = tmp_path / "missing.db"
    res = run("serve", "--db", missing)
    assert res.exit_code == 1 and "does not exist" in one_line_error(res)
    assert not missing.exists()


def test_serve_on_a_taken_port_gives_a_one_line_hint(kb, monkeypatch):
    import uvicorn

    def never(*_, **__):
        raise AssertionError("serve started although the port is taken")

    monkeypatch.setattr(uvicorn, "run", never)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = run("serve", "--db", kb, "--port", port)
        assert res.exit_code == 1
        line = one_line_error(res)
        assert f"port {port}" in line and "--port" in line and "PARLEY_PORT" in line
        # PARLEY_PORT chooses the port as --port does.
        res = run("serve", "--db", kb, env={"PARLEY_PORT": str(port)})
        assert res.exit_code == 1 and f"port {port}" in res.output


def test_a_failed_ingest_creates_no_database(tmp_path):
    db = tmp_path / "new.db"
    res = run("ingest", tmp_path / "no-such-folder", "--db", db, "-q")
    assert res.exit_code == 1 and "no-such-folder" in res.output
    assert not db.exists() and not list(tmp_path.glob("new.db*"))


def test_the_size_limit_message_names_a_real_option(tmp_path):
    report = tmp_path / "long.txt"
    report.write_text("Ada Vernon met Boris Kalm in Geneva. " * 20, encoding="utf-8")
    res = run("ingest", report, "--db", tmp_path / "kb.db", "-q", "--max-bytes", 100)
    assert res.exit_code == 1
    assert "--max-bytes" in res.output and "long.txt" in res.output
    assert "--max-bytes" in run("ingest", "--help").output


@pytest.mark.parametrize("since, until, dates", [
    ("2025", None, ["2025-05-01", "2025-05-01", "2025-04-02", "2025-04-02", "2025-03-10", "2025-03-10"]),
    ("2025-04", None, ["2025-05-01", "2025-05-01", "2025-04-02", "2025-04-02"]),
    ("2025-04-02", "2025-04", ["2025-04-02", "2025-04-02"]),
    (None, "2025-03", ["2025-03-10", "2025-03-10"]),
])
def test_since_and_until_take_any_precision_and_count_the_undated(kb, since, until, dates):
    args = ["events", "--db", kb, "--json"] + (["--since", since] if since else []) + (["--until", until] if until else [])
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert [e["date"] for e in json.loads(res.stdout)] == dates
    # The undated note's event has no date: a date filter leaves it out, and says so.
    assert "1 undated events left out" in res.stderr


def test_no_date_filter_no_undated_note(kb):
    res = run("events", "--db", kb, "--json")
    assert res.exit_code == 0 and "undated" not in res.stderr
    assert None in [e["date"] for e in json.loads(res.stdout)]


@pytest.mark.parametrize("bad", ["2025-13", "2025-02-30", "May 2025", "25"])
def test_a_bad_date_is_a_usage_error(kb, bad):
    res = run("quotes", "--since", bad, "--db", kb)
    assert res.exit_code == 2 and "is not a date" in res.output


@pytest.mark.parametrize("kind, args", [
    ("events", ["events"]), ("quotes", ["quotes"]), ("positions", ["positions"]), ("roles", ["roles", "ada-vernon"]),
])
def test_every_table_and_json_row_has_the_id_evidence_takes(kb, kind, args):
    table = run(*args, "--db", kb, env={"COLUMNS": "200"})
    assert table.exit_code == 0
    header, *rows = table.stdout.splitlines()
    assert header.split()[0] == "id" and rows
    listed = json.loads(run(*args, "--db", kb, "--json").stdout)
    assert [str(r["id"]) for r in listed] == [row.split()[0] for row in rows]
    for r in listed:
        shown = run("evidence", kind, r["id"], "--db", kb, "--json")
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["reports"] == r["reports"]


def test_actor_shows_roles_country_and_headlines(kb):
    res = run("actor", "ada-vernon", "--db", kb)
    assert res.exit_code == 0
    out = res.stdout
    assert "roles:" in out and "Foreign Minister" in out and "Prime Minister" in out
    assert "Geneva round opens (2025-03-10; report 1)" in out  # the title, not geneva-round.txt
    assert "geneva-round.txt" not in out
    country = run("actor", "ukraine", "--db", kb)
    assert "[ukraine, country, Ukraine]" in country.stdout


def test_actors_list_shows_country(kb):
    res = run("actors", "--db", kb, env={"COLUMNS": "200"})
    header, *rows = res.stdout.splitlines()
    assert header.split()[:4] == ["id", "name", "kind", "country"]
    ukraine = next(r for r in rows if r.startswith("ukraine "))
    assert ukraine.split()[3] == "Ukraine"
    listed = json.loads(run("actors", "--db", kb, "--json").stdout)
    assert {a["id"]: a["country_name"] for a in listed}["russia"] == "Russia"


def test_quotes_latest_first_by_date_not_by_storage(kb):
    listed = json.loads(run("quotes", "--db", kb, "--json").stdout)
    assert [q["date"] for q in listed] == ["2025-05-01", "2025-04-02", "2025-03-10", "2025-01-05"]
    table = run("quotes", "--db", kb, env={"COLUMNS": "200"}).stdout
    # Named by headline: the title where there is one, else a first line that reads as one, else the file.
    assert "Geneva round opens" in table and "Winter note" in table and "ankara-talks.txt" in table


def test_evidence_names_reports_by_headline(kb):
    events = json.loads(run("events", "--type", "consult", "--db", kb, "--json").stdout)
    geneva = next(e for e in events if e["place"] == "Geneva")
    assert geneva["evidence"]["headline"] == "Geneva round opens"
    res = run("evidence", "events", geneva["id"], "--db", kb)
    assert "Geneva round opens (2025-03-10; report 1)" in res.stdout


def test_tables_fit_the_terminal_and_never_cut_an_id(kb):
    listed = json.loads(run("quotes", "--db", kb, "--json").stdout)
    res = run("quotes", "--db", kb, env={"COLUMNS": "60"})
    lines = res.stdout.splitlines()
    assert all(len(line) <= 60 for line in lines), lines
    assert any("…" in line for line in lines)
    # ids and speaker ids whole, in the order of the JSON rows
    assert [line.split()[:3] for line in lines[1:]] == [[str(q["id"]), q["date"], q["speaker"]] for q in listed]


def test_piped_tables_keep_every_cell_whole(kb):
    res = run("quotes", "--db", kb, env={"COLUMNS": None})
    assert "…" not in res.stdout and "We want a full ceasefire before anything else." in res.stdout


def test_format_table_cuts_text_not_ids():
    rows = [{"id": "a-very-long-actor-identifier", "text": "word " * 30}]
    header, line = format_table(rows, ["id", "text"], keep=["id"], width=40)
    assert line.startswith("a-very-long-actor-identifier  ") and line.endswith("…") and len(line) == 40
    # Too narrow for the id itself: the line runs over rather than cut it.
    (_, line) = format_table(rows, ["id", "text"], keep=["id"], width=20)
    assert "a-very-long-actor-identifier" in line


def test_export_tables_carry_ids_and_headlines(kb, tmp_path):
    res = run("export", "--format", "csv", "--db", kb, "-o", tmp_path / "t", "--table", "reports")
    assert res.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["t.reports.csv"]
    text = (tmp_path / "t.reports.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,doc,headline,title,date")
    assert "Geneva round opens" in text and "Example Wire" in text
    with Store(kb, readonly=True) as store:
        assert store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == len(text.splitlines()) - 1
