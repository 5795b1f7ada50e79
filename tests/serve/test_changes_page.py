"""The "What's new" page, its JSON twin and API, and copies on the report page (no model)."""

from __future__ import annotations

import httpx
import pytest

from parley.models import Report
from parley.resolve.copies import CopyMatch
from parley.serve.app import create_app
from parley.store.copies import record_copy
from parley.store.db import Store

pytestmark = pytest.mark.anyio


@pytest.fixture
async def fresh(build_knowledge_base, tmp_path):
    db = build_knowledge_base(tmp_path / "kb.db")
    with Store(db) as store:
        rid = store.conn.execute("SELECT id FROM reports WHERE doc = 'geneva-round.txt'").fetchone()[0]
        copy = Report(doc="reprint-1", text="(reprinted)", url="https://other.example/geneva", title="Geneva talks <b>open</b>",
                      sources=["Example Wire"], outlet="Other Daily <script>window.__pwned=7</script>")
        record_copy(store.conn, rid, copy, CopyMatch("k", 0.81, 0.9))
    app = create_app(str(db), token=None)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as c:
        yield c, rid


async def test_whats_new_lists_what_was_learned_with_evidence(fresh):
    client, rid = fresh
    data = (await client.get("/changes.json?since=1h")).json()
    assert {r["doc"] for r in data["reports"]} == {"geneva-round.txt", "ankara-talks.txt", "undated-note.txt",
                                                   "hostile.txt"}
    assert [c["report_id"] for c in data["copies"]] == [rid]
    assert {a["name"] for a in data["actors"]} >= {"Ada Vernon", "Boris Kalm", "Eve Mallory"}
    assert all(e["evidence"]["sentence"] for e in data["events"])
    # The two answers are a second apart at most: "now", and "since" (an hour before it), may differ.
    assert data == (await client.get("/api/changes?since=1h")).json() | {"now": data["now"], "since": data["since"]}
    page = await client.get("/changes?since=1h")
    assert page.status_code == 200 and "What's new" in page.text and "Ada Vernon" in page.text
    assert "<script>window.__pwned" not in page.text and "&lt;script&gt;" in page.text
    assert 'href="/changes.json?since=1h"' in page.text


async def test_whats_new_refuses_a_bad_since(fresh):
    client, _ = fresh
    res = await client.get("/changes.json?since=yesterdayish")
    assert res.status_code == 422 and "'yesterdayish' is neither a date" in res.json()["detail"][0]["msg"]
    page = await client.get("/changes?since=yesterdayish", headers={"accept": "text/html"})
    assert page.status_code == 422 and "neither a date" in page.text


async def test_report_page_shows_its_copies(fresh):
    client, rid = fresh
    data = (await client.get(f"/api/reports/{rid}")).json()
    assert [(c["outlet"], c["url"], c["similarity"]) for c in data["copies"]] == [
        ("Other Daily <script>window.__pwned=7</script>", "https://other.example/geneva", 0.81)]
    page = (await client.get(f"/reports/{rid}")).text
    assert "Republished by" in page and 'href="https://other.example/geneva"' in page
    assert "<script>window.__pwned=7" not in page and "Geneva talks &lt;b&gt;open&lt;/b&gt;" in page
