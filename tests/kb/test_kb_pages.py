"""The knowledge-base pages over the bundled examples: timeline by day, rounds, network, issue matrix."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from parley.serve.app import create_app


@pytest.fixture(scope="module")
def get(examples_db):
    app = create_app(str(examples_db))

    def fetch(path: str, status: int = 200):
        async def go():
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
                return await c.get(path)
        r = asyncio.run(go())
        assert r.status_code == status, (path, r.text[:300])
        return r.json() if path.split("?")[0].endswith(".json") else r.text
    return fetch


def test_timeline_groups_happenings_by_day_and_counts_what_it_leaves_out(get):
    data = get("/happenings.json")
    days = [d["date"] for d in data["days"]]
    assert days == sorted(days) and len(days) == len(set(days))
    assert all(len(d) == 10 for d in days)  # no background years, no months among the days
    assert "2022" not in "".join(days)
    assert data["undated_not_shown"] > 0
    page = get("/happenings")
    assert f"{data['undated_not_shown']} undated events not shown" in page
    # One happening per real event: no event sentence appears in two happenings.
    seen = [e["event_id"] for d in data["days"] for h in d["items"] for e in h["evidence"]]
    assert len(seen) == len(set(seen))


def test_proposed_putin_zelenskyy_meeting_is_not_a_happening(get):
    data = get("/happenings.json")
    held = [h for d in data["days"] for h in d["items"]]
    for h in held:
        ids = {p["id"] for p in h["actors"] + h["targets"]}
        assert not {"volodymyr-zelenskyy", "vladimir-putin"} <= ids, h
    assert any({"volodymyr-zelenskyy", "vladimir-putin"} <= {p["id"] for p in h["actors"] + h["targets"]}
               for h in data["proposed"])


def test_network_links_the_delegation_heads_and_never_an_actor_with_its_country(get):
    net = get("/network.json")["network"]
    pairs = {(e["source"], e["target"]): e for e in net["edges"]}
    assert pairs[("rustem-umerov", "vladimir-medinsky")]["weight"] >= 2
    assert all(a != b for a, b in pairs)
    assert ("ukraine", "volodymyr-zelenskyy") not in pairs
    page = get("/network")
    assert 'aria-label="legend"' in page and "country" in page


def test_round_pages_say_where_when_who_and_what_was_agreed(get):
    rounds = get("/rounds.json")["rounds"]
    june = next(r for r in rounds if r["date"] == "2025-06-02")
    assert june["place"] == "Istanbul" and {"ukraine", "russia"} <= set(june["sides"])
    assert {h["id"] for h in june["heads"].values()} == {"rustem-umerov", "vladimir-medinsky"}
    detail = get(f"/rounds/{june['id']}.json")["round"]
    assert "rustem-umerov" in {p["id"] for p in detail["attended"]["ukraine"]}
    assert detail["said"] and detail["demands"]
    # The round's own agreements are told in quotations ("We have agreed ..."): the sentences say so.
    assert any("six thousand" in e["sentence"] for e in detail["agreed_sentences"])
    page = get(f"/rounds/{june['id']}")
    assert "Talks in Istanbul, 2025-06-02" in page and "What was agreed" in page
    # Three rounds in Istanbul: 16 May, 2 June and 23 July.
    assert {r["date"] for r in rounds if r["place"] == "Istanbul"} >= {"2025-05-16", "2025-06-02", "2025-07-23"}
    get("/rounds/no-such-round", 404)


def test_issue_board_leads_with_the_actor_issue_matrix(get):
    page = get("/issues")
    assert page.index('class="matrix"') < page.index('class="issue"')
    data = get("/issues.json")
    row = next(r for r in data["matrix"] if r["holder"]["id"] == "ukraine")
    cell = next(c for c in row["cells"] if c["issue"] == "ceasefire")
    assert cell["latest"] == "support"
    history = get("/stances.json?holder=russia&issue=ceasefire")["details"]
    assert len(history) == 1 and len(history[0]["history"]) >= 2


def test_contradictions_page_answers(get):
    assert isinstance(get("/contradictions.json")["contradictions"], list)
    assert "Where the sources disagree" in get("/contradictions")


def test_hostile_report_text_is_escaped_on_the_new_pages(tmp_path):
    from tests.serve.conftest import build_knowledge_base

    app = create_app(str(build_knowledge_base(tmp_path / "h.db")))

    async def go():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            return [(await c.get(p)).text for p in ("/happenings", "/network", "/stances", "/rounds")]
    for page in asyncio.run(go()):
        assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in asyncio.run(go())[0]
