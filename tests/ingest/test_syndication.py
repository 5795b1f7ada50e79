"""Following the news end to end (model): syndicated copies folded at ingest, one record per distinct report,
corroboration by independent reports only, `parley copies`, and a URL ingested from a local server."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import cli

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORIGINALS = ["01_first-round-opens.txt", "07_exchange-first-day.txt", "16_third-round-talks.txt"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _republish(text: str, headline: str) -> str:
    """A wire story as another site runs it: its own headline, other quote marks, a trimmed ending."""
    paras = [p for p in text.strip().split("\n\n") if p.strip()]
    body = "\n\n".join(paras[:max(3, len(paras) - 1)])
    return f"{headline}\n\n" + body.replace("“", '"').replace("”", '"').replace("Kyiv", "Kiev")


@pytest.fixture
def corpus(tmp_path):
    lines = []
    for n, name in enumerate(ORIGINALS):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        lines.append({"id": name, "text": text, "url": f"https://wire.example/{n}"})
        for site in ("daily.example", "www.herald.example"):
            lines.append({"id": f"{site}-{n}", "text": _republish(text, f"{site} runs the story"),
                          "url": f"https://{site}/news/{n}"})
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_copies_are_folded_recorded_exported_and_not_counted_as_corroboration(corpus, tmp_path):
    db = tmp_path / "kb.db"
    res = run("ingest", corpus, "--db", db, "-q", "-j", "1")
    assert res.exit_code == 0, res.output
    assert "3 new, 0 skipped" in res.output and "6 folded as copies" in res.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM copies").fetchone()[0] == 6
    # Corroboration counts independent reports: exactly what the three originals alone give.
    alone = tmp_path / "originals.jsonl"
    alone.write_text("".join(line + "\n" for line in corpus.read_text(encoding="utf-8").splitlines()[::3]),
                     encoding="utf-8")
    assert run("ingest", alone, "--db", tmp_path / "alone.db", "-q", "-j", "1").exit_code == 0
    for table in ("events", "quotes", "roles", "positions"):
        counts = f"SELECT fact_key, count(DISTINCT report_id) FROM {table} GROUP BY fact_key"
        assert dict(conn.execute(counts).fetchall()) == dict(sqlite3.connect(tmp_path / "alone.db").execute(counts))

    again = run("ingest", corpus, "--db", db, "-q")
    assert "0 new, 9 skipped" in again.output and conn.execute("SELECT count(*) FROM copies").fetchone()[0] == 6

    out = tmp_path / "records.jsonl"
    assert run("export", "--format", "records", "--db", db, "-o", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc"] for r in records] == ORIGINALS
    for r in records:
        assert {"daily.example", "herald.example"} <= set(r["sources"])
    assert records[0]["sources"][0] == "Reuters"  # the original's own credit first

    listed = run("copies", "1", "--db", db, "--json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert data["doc"] == ORIGINALS[0]
    assert [(c["outlet"], c["url"]) for c in data["copies"]] == [
        ("daily.example", "https://daily.example/news/0"), ("herald.example", "https://www.herald.example/news/0")]
    assert all(c["similarity"] >= 0.5 for c in data["copies"])
    by_url = run("copies", "https://www.herald.example/news/1", "--db", db)
    assert by_url.exit_code == 0 and "daily.example" in by_url.output
    missing = run("copies", "nope", "--db", db)
    assert missing.exit_code == 1 and "no report 'nope'" in missing.output


def test_ingest_url_needs_allow_private_for_the_local_server(httpserver, tmp_path):
    text = (EXAMPLES / ORIGINALS[1]).read_text(encoding="utf-8").split("\n", 1)[1]
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    httpserver.expect_request("/story").respond_with_data(
        f"<html><head><title>Exchange begins</title></head><body><article><h1>Exchange begins</h1>{paras}"
        f"</article></body></html>", content_type="text/html")
    url = httpserver.url_for("/story")
    db = tmp_path / "kb.db"
    refused = run("ingest", url, "--db", db, "-q")
    assert refused.exit_code == 1 and "a loopback address: refused" in refused.output and httpserver.log == []
    fetched = run("ingest", url, "--db", db, "-q", "--allow-private")
    assert fetched.exit_code == 0, fetched.output
    row = sqlite3.connect(db).execute("SELECT doc, url, title FROM reports").fetchone()
    assert row == (url, url, "Exchange begins")


def test_posting_a_copy_answers_its_original(tmp_path):
    import asyncio

    import httpx

    from parley.serve.app import create_app

    text = (EXAMPLES / ORIGINALS[0]).read_text(encoding="utf-8")
    app = create_app(str(tmp_path / "kb.db"), token="t0ken")
    headers = {"Authorization": "Bearer t0ken"}

    async def post_both():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as client:
            first = await client.post("/api/reports", json={"id": "wire-1", "text": text}, headers=headers)
            copy = await client.post("/api/reports", json={"id": "site-1", "text": _republish(text, "Site headline"),
                                                           "url": "https://site.example/a"}, headers=headers)
            page = await client.get(f"/api/reports/{first.json()['id']}")
            return first, copy, page.json()

    first, copy, page = asyncio.run(post_both())
    app.state.writer.close()
    assert first.status_code == 201 and copy.status_code == 200, copy.text
    assert copy.json()["id"] == first.json()["id"] and copy.json()["duplicate"] is True
    assert [(c["doc"], c["outlet"]) for c in page["copies"]] == [("site-1", "site.example")]
