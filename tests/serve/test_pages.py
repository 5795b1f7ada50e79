"""The web pages: each renders, links its claims to sentences, has a `.json` twin equal to the API data, serves
only its own assets, and shows hostile report text as inert text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.anyio

STATIC = Path(__file__).resolve().parents[2] / "parley" / "serve" / "static"


@pytest.fixture
def pages(report_ids) -> list[str]:
    return ["/", "/timeline", "/timeline?type=consult&since=2025-01-01", "/actors", "/actors?kind=person",
            "/actors/ada-vernon", "/actors/eve-mallory", "/actors/boris-kalm", "/issues", "/network", "/reports",
            "/reports?q=script", *(f"/reports/{i}" for i in report_ids.values())]


async def html(client, path: str, status: int = 200) -> str:
    r = await client.get(path)
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


async def test_every_page_renders_with_security_headers(client, pages):
    for path in pages:
        r = await client.get(path)
        assert r.status_code == 200, path
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/api/events", "/timeline.json", "/static/parley.css", "/nowhere", "/api/actors/x"])
async def test_security_headers_on_every_kind_of_response(client, path):
    r = await client.get(path)
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


async def test_hostile_report_is_inert_on_every_page(client, pages):
    hostile = ["<script>window.__pwned", "<img src=x onerror", "onerror=\"window", "javascript:window"]
    for path in pages:
        page = await html(client, path)
        for bit in hostile[:3]:
            assert bit not in page, (path, bit)
        # javascript: may appear as escaped text, never as a link or source.
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", page, re.I), path
        # The only script parley sends is its own file.
        assert re.findall(r"<script[^>]*>", page) in ([], ['<script src="/static/network.js">']), path


async def test_hostile_text_shows_escaped_where_it_is_quoted(client, report_ids):
    report = await html(client, f"/reports/{report_ids['hostile.txt']}")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in report
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in report
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt; Lviv meeting" in report  # the title
    actor = await html(client, "/actors/eve-mallory")
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt; is my answer." in actor  # the quotation
    timeline = await html(client, "/timeline")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; Ada Vernon met Eve Mallory in Lviv." in timeline
    assert "&lt;a href=&#34;javascript:window.__pwned=6&#34;&gt;read more&lt;/a&gt;" in timeline


async def test_report_urls_link_only_when_http(client, report_ids):
    geneva = await html(client, f"/reports/{report_ids['geneva-round.txt']}")
    assert 'href="https://example.org/geneva"' in geneva
    hostile = await html(client, f"/reports/{report_ids['hostile.txt']}")
    assert "original</a>" not in hostile


async def test_report_page_highlights_and_anchors_facts(client, report_ids):
    page = await html(client, f"/reports/{report_ids['geneva-round.txt']}")
    assert '<span id="s-0" class="sent has-event has-mention has-role"' in page
    assert '<a class="mention k-person" href="/actors/ada-vernon" title="Ada Vernon">Ada Vernon</a>' in page
    assert '<mark class="quote" title="Ada Vernon (quotation)">We want a full ceasefire before anything else.</mark>' in page
    assert page.count('id="s-0"') == 1


async def test_every_evidence_link_reaches_its_sentence(client, pages):
    links: set[tuple[str, str]] = set()
    for path in pages:
        links |= set(re.findall(r'href="(/reports/\d+)#(s-\d+)"', await html(client, path)))
    assert len(links) >= 10
    for report, anchor in sorted(links):
        assert f'id="{anchor}"' in await html(client, report), (report, anchor)


async def test_timeline_filter_changes_the_rows(client):
    def rows(page: str) -> int:
        return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>") if "<tbody>" in page else 0

    everything = await html(client, "/timeline")
    consults = await html(client, "/timeline?type=consult")
    ranged = await html(client, "/timeline?type=&actor=&since=2025-04-01&until=2025-04-30")
    assert (rows(everything), rows(consults), rows(ranged)) == (6, 3, 2)
    assert '<option value="consult" selected>' in consults


async def test_bad_filters_and_unknown_ids_get_html_errors(client):
    assert "not a date" in await html(client, "/timeline?since=soon", 422)
    assert "no actor with id" in await html(client, "/actors/nobody", 404)
    await html(client, "/reports/424242", 404)
    await html(client, "/no/such/page", 404)


# --- .json twins ---------------------------------------------------------------------------------------


async def json_of(client, path: str):
    r = await client.get(path)
    assert r.status_code == 200, (path, r.text)
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


@pytest.mark.parametrize(("page", "key", "api"), [
    ("/timeline.json", "events", "/api/timeline"),
    ("/timeline.json?type=consult&until=2025-04", "events", "/api/timeline?type=consult&until=2025-04"),
    ("/actors.json", "actors", "/api/actors"),
    ("/actors.json?kind=country", "actors", "/api/actors?kind=country"),
    ("/actors/ada-vernon.json", "actor", "/api/actors/ada-vernon"),
    ("/actors/eve-mallory.json", "actor", "/api/actors/eve-mallory"),
    ("/reports.json?q=ceasefire", "reports", "/api/reports?q=ceasefire"),
])
async def test_json_twin_equals_api(client, page, key, api):
    assert (await json_of(client, page))[key] == await json_of(client, api)


async def test_report_twin_equals_api(client, report_ids):
    for rid in report_ids.values():
        assert (await json_of(client, f"/reports/{rid}.json"))["report"] == await json_of(client, f"/api/reports/{rid}")


async def test_issue_board_twin_holds_the_api_positions(client):
    board = (await json_of(client, "/issues.json"))["issues"]
    assert [i["issue"] for i in board][:3] == ["ceasefire", "prisoner_exchange", "leaders_meeting"]
    flat = [g for i in board for side in ("support", "oppose") for g in i[side]]
    api = (await json_of(client, "/api/positions"))["items"]
    key = lambda g: (g["holder"], g["issue"], g["stance"])  # noqa: E731
    assert sorted(flat, key=key) == sorted(api, key=key)
    ceasefire = board[0]
    assert [g["holder"] for g in ceasefire["support"]] == ["ada-vernon"]
    assert sorted(g["holder"] for g in ceasefire["oppose"]) == ["boris-kalm", "eve-mallory"]


async def test_overview_twin(client):
    data = await json_of(client, "/index.json")
    assert data["counts"] == {"reports": 4, "actors": 7, "roles": 4, "quotes": 3, "events": 7, "positions": 5}
    assert data["top_actors"][0]["id"] == "ada-vernon"
    assert data["latest_events"][0]["date"] == "2025-05-01"


async def test_network_twin_has_the_consult_pairs(client):
    net = (await json_of(client, "/network.json"))["network"]
    assert {n["id"] for n in net["nodes"]} == {"ada-vernon", "boris-kalm", "clara-dunmore", "eve-mallory"}
    assert {(e["source"], e["target"]) for e in net["edges"]} == {
        ("ada-vernon", "boris-kalm"), ("boris-kalm", "clara-dunmore"), ("ada-vernon", "eve-mallory")}
    page = await html(client, "/network")
    assert 'data-source="/network.json"' in page and page.count("<tr>") == 4  # header + three pairs


async def test_pages_link_their_json_twin(client):
    page = await html(client, "/timeline?type=consult&actor=")
    assert 'href="/timeline.json?type=consult"' in page


# --- assets --------------------------------------------------------------------------------------------


async def test_pages_load_only_their_own_assets(client, pages):
    for path in pages:
        page = await html(client, path)
        for ref in re.findall(r"""<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]*)\"""", page):
            assert ref.startswith("/"), (path, ref)


async def test_static_files_fetch_nothing_from_outside(client):
    names = sorted(p.name for p in STATIC.iterdir())
    assert {"parley.css", "network.js", "favicon.svg"} <= set(names)
    for name in names:
        r = await client.get(f"/static/{name}")
        assert r.status_code == 200
        outside = re.findall(r"https?://(?!www\.w3\.org/2000/svg)[^\s\"')]+", r.text)
        assert outside == [], (name, outside)
        assert "@import" not in r.text and "innerHTML" not in r.text
