"""Instruments where a user reads them: the CLI, the JSON API, the pages and the exports, over a small
knowledge base of hand-made extractions (no model). One report is hostile: its text must stay text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from parley.api import Ingestor
from parley.cli import cli
from parley.models import (
    Event,
    Extraction,
    InstrumentStep,
    LocalActor,
    LocalInstrument,
    Mention,
    Provision,
    Report,
    Span,
)
from parley.store.db import Store

HOSTILE = "<script>window.__pwned=1</script>"


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), 0, len(text))


def _report(doc: str, published: date, text: str, memo_form: str, steps: list[tuple[str, str, str]],
            provision: str | None = None) -> Extraction:
    actors = [LocalActor(0, "country", "Russia", [Mention("Russia", _span(text, "Russia"))], "russia", "russia"),
              LocalActor(1, "country", "Ukraine", [Mention("Ukraine", _span(text, "Ukraine"))], "ukraine", "ukraine")]
    ref = {"russia": 0, "ukraine": 1}
    memo = LocalInstrument(0, "memorandum", memo_form, [Mention(memo_form, _span(text, memo_form))], owner=0)
    for stype, actor, cue in steps:
        memo.steps.append(InstrumentStep(stype, [ref[actor]], [], published.isoformat(), cue, _span(text, cue)))
    if provision:
        memo.provisions.append(Provision(provision, "ceasefire", _span(text, provision)))
    event = Event("agree" if "agreed" in text else "reject", [0], [1], published.isoformat(), None, "x",
                  _span(text, memo_form))
    return Extraction(report=Report(doc=doc, text=text, published=published), actors=actors, events=[event],
                      instruments=[memo])


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instruments") / "kb.db"
    first = "Russia handed its memorandum to Ukraine; it calls for a ceasefire in two stages."
    second = f"Ukraine rejected the Russian document {HOSTILE} as an ultimatum."
    with Store(path) as store:
        ingestor = Ingestor(store)
        ingestor.store_extraction(_report("one.txt", date(2025, 6, 2), first, "its memorandum",
                                          [("hand_over", "russia", "handed")], "a ceasefire in two stages"))
        ingestor.store_extraction(_report("two.txt", date(2025, 6, 4), second, f"the Russian document {HOSTILE}",
                                          [("reject", "ukraine", "rejected")]))
    return path


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def client(kb):
    from parley.serve.app import create_app

    async with httpx.AsyncClient(transport=httpx.ASGITransport(create_app(str(kb))), base_url="http://t") as c:
        yield c


def test_cli_lists_instruments_as_json_with_their_steps(kb):
    res = CliRunner().invoke(cli, ["instruments", "--db", str(kb), "--json"])
    assert res.exit_code == 0, res.output
    (memo,) = json.loads(res.output)
    assert {"id", "name", "kind", "aliases", "steps"} <= set(memo)
    assert memo["id"] == "russia-memorandum" and memo["kind"] == "memorandum" and memo["reports"] == 2
    assert [(s["type"], s["actors"], s["date"], s["reports"]) for s in memo["steps"]] == [
        ("hand_over", ["russia"], "2025-06-02", ["one.txt"]), ("reject", ["ukraine"], "2025-06-04", ["two.txt"])]
    assert memo["status"] == "reject"
    res = CliRunner().invoke(cli, ["instruments", "--db", str(kb), "--kind", "list", "--json"])
    assert res.exit_code == 0 and json.loads(res.output) == []


def test_cli_shows_one_instrument_and_names_a_missing_one(kb):
    res = CliRunner().invoke(cli, ["instrument", "russia-memorandum", "--db", str(kb)])
    assert res.exit_code == 0, res.output
    assert "Russia's memorandum  [russia-memorandum, memorandum]  status: reject" in res.output
    assert "ukraine: oppose (two.txt)" in res.output and "a ceasefire in two stages  [ceasefire]" in res.output
    res = CliRunner().invoke(cli, ["instrument", "nope", "--db", str(kb)])
    assert res.exit_code == 1 and "no instrument with id 'nope'" in res.output and "Traceback" not in res.output


def test_records_carry_what_each_report_says_of_its_instruments(kb):
    with Store(kb) as store:
        records = list(store.records())
    assert [r["instruments"][0]["steps"][0]["type"] for r in records] == ["hand_over", "reject"]
    assert records[0]["instruments"][0]["provisions"] == [{"text": "a ceasefire in two stages", "issue": "ceasefire"}]


def test_exports_write_an_instruments_table(kb, tmp_path):
    res = CliRunner().invoke(cli, ["export", "--format", "csv", "--db", str(kb), "-o", str(tmp_path / "kb")])
    assert res.exit_code == 0, res.output
    table = (tmp_path / "kb.instruments.csv").read_text(encoding="utf-8").splitlines()
    assert table[0] == "id,name,kind,owner,reports,status,aliases,steps"
    assert table[1].startswith("russia-memorandum,Russia's memorandum,memorandum,russia,2,reject,")
    steps = (tmp_path / "kb.instrument_steps.csv").read_text(encoding="utf-8").splitlines()
    assert len(steps) == 3


@pytest.mark.anyio
async def test_api_and_page_of_an_instrument(client):
    r = await client.get("/api/instruments?kind=memorandum")
    assert r.status_code == 200 and [i["id"] for i in r.json()] == ["russia-memorandum"]
    r = await client.get("/api/instruments/russia-memorandum")
    data = r.json()
    assert [s["actor"] for s in data["stances"]] == ["russia", "ukraine"]
    assert [s["stance"] for s in data["stances"]] == ["support", "oppose"]
    assert len(data["events"]) == 2  # the events whose sentence names it point to it
    assert (await client.get("/api/instruments/nope")).status_code == 404
    assert (await client.get("/api/instruments?kind=treaty")).status_code == 422
    page = (await client.get("/instruments/russia-memorandum")).text
    assert "Status over time" in page and "a ceasefire in two stages" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page


@pytest.mark.anyio
async def test_actor_and_report_pages_link_to_their_instruments(client):
    for path in ("/actors/russia", "/actors/ukraine", "/reports/1", "/reports/2"):
        page = (await client.get(path)).text
        assert 'href="/instruments/russia-memorandum"' in page, path
    listing = (await client.get("/instruments")).text
    assert HOSTILE not in listing
