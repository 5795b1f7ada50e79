"""The web view's negotiation filter (`?negotiation=`), its selector, and the negotiations page and API."""

from __future__ import annotations

import httpx
import pytest

from tests import negotiation_kb

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def neg_app(tmp_path_factory):
    from parley.serve.app import create_app

    return create_app(str(negotiation_kb.build(tmp_path_factory.mktemp("neg") / "kb.db")), token=None)


@pytest.fixture
async def web(neg_app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(neg_app), base_url="http://parley.test") as c:
        yield c


async def get_json(web, path: str):
    r = await web.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    return r.json()


async def test_list_apis_and_twins_filter_by_negotiation(web):
    q = "negotiation=armenia-azerbaijan"
    assert {a["id"] for a in (await get_json(web, f"/api/actors?{q}"))["items"]} == {"azerbaijan", "armen-vale"}
    assert [e["place"] for e in (await get_json(web, f"/api/events?{q}"))["items"]] == ["Washington"]
    assert [e["place"] for e in (await get_json(web, f"/timeline.json?{q}"))["events"]["items"]] == ["Washington"]
    assert [x["speaker"] for x in (await get_json(web, f"/api/quotes?{q}"))["items"]] == ["armen-vale"]
    assert [p["issue"] for p in (await get_json(web, f"/api/positions?{q}"))["items"]] == ["transit_route"]
    reports = await get_json(web, f"/api/reports?{q}")
    assert reports["total"] == 1 and reports["items"][0]["doc"] == "karabakh.txt"
    assert (await get_json(web, "/api/reports"))["total"] == 3
    # On a page or its .json twin an empty selector (a form sent as is) is no filter; on the API it is a 422.
    assert (await get_json(web, "/reports.json?negotiation="))["reports"]["total"] == 3
    assert (await web.get("/api/reports?negotiation=")).status_code == 422


async def test_issue_board_of_a_negotiation_shows_its_issues(web):
    board = (await get_json(web, "/issues.json?negotiation=armenia-azerbaijan"))["issues"]
    issues = [item["issue"] for item in board]
    assert "transit_route" in issues and "root_causes" not in issues
    assert [g["holder"] for item in board if item["issue"] == "transit_route" for g in item["support"]] == ["armen-vale"]


async def test_pages_carry_a_selector_with_the_chosen_negotiation(web):
    for path in ("/actors", "/timeline", "/reports", "/issues"):
        r = await web.get(f"{path}?negotiation=russia-ukraine")
        assert r.status_code == 200, path
        assert '<select name="negotiation">' in r.text, path
        assert '<option value="russia-ukraine" selected>' in r.text, path
    page = (await web.get("/actors?negotiation=russia-ukraine")).text
    assert "/actors/olena-hart" in page and "/actors/armen-vale" not in page


async def test_an_unknown_negotiation_is_a_422_naming_the_known_ones(web):
    r = await web.get("/api/events?negotiation=narnia")
    assert r.status_code == 422
    assert "no negotiation 'narnia'" in r.text and "russia-ukraine" in r.text
    page = await web.get("/actors?negotiation=%3Cscript%3Ex")
    assert page.status_code == 422 and "<script>x" not in page.text


async def test_negotiations_page_api_and_overview_list_them_with_counts(web):
    items = {n["id"]: n for n in (await get_json(web, "/api/negotiations"))["items"]}
    assert items["russia-ukraine"]["reports"] == 1 and items["armenia-azerbaijan"]["reports"] == 1
    assert items["sudan"]["reports"] == 0
    assert (await get_json(web, "/negotiations.json"))["items"] == list(items.values())
    page = (await web.get("/negotiations")).text
    assert "Armenia–Azerbaijan peace process" in page and "Sudan war talks" in page
    overview = await get_json(web, "/index.json")
    assert [n["id"] for n in overview["negotiations"]] == ["russia-ukraine", "armenia-azerbaijan"]
    home = (await web.get("/")).text
    assert 'href="/timeline?negotiation=armenia-azerbaijan"' in home


async def test_report_page_says_which_negotiations_it_belongs_to_and_why(web):
    reports = {r["doc"]: r["id"] for r in (await get_json(web, "/api/reports"))["items"]}
    twin = await get_json(web, f"/reports/{reports['karabakh.txt']}.json")
    assert twin["negotiations"] == [{"id": "armenia-azerbaijan", "name": "Armenia–Azerbaijan peace process", "score": 4,
                                     "reason": "party azerbaijan; aliases Karabakh, Syunik; issue transit_route"}]
    page = (await web.get(f"/reports/{reports['karabakh.txt']}")).text
    assert 'href="/timeline?negotiation=armenia-azerbaijan">Armenia–Azerbaijan peace process</a>' in page
    assert (await get_json(web, f"/reports/{reports['elsewhere.txt']}.json"))["negotiations"] == []


async def test_unfiltered_issue_board_also_shows_other_negotiations_issues_with_stances(web):
    issues = [item["issue"] for item in (await get_json(web, "/issues.json"))["issues"]]
    assert issues[0] == "ceasefire" and "transit_route" in issues and "minsk_group" not in issues
