"""The JSON API: shapes, filters, errors, pagination bounds; against the hand-made knowledge base."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio

PLOVER = ["agree", "consult", "support", "cooperate", "aid", "request", "accuse", "reject", "concede", "threaten",
          "protest", "sanction", "mobilize", "coerce", "assault"]


async def get_json(client, path: str, status: int = 200):
    r = await client.get(path)
    assert r.status_code == status, (path, r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


# --- reports -------------------------------------------------------------------------------------------


async def test_report_list_shape_newest_first(client):
    data = await get_json(client, "/api/reports")
    assert data["total"] == 4 and data["limit"] == 50 and data["offset"] == 0 and data["next_offset"] is None
    assert [r["doc"] for r in data["items"]] == ["hostile.txt", "ankara-talks.txt", "geneva-round.txt",
                                                 "undated-note.txt"]
    geneva = data["items"][2]
    assert set(geneva) == {"id", "doc", "headline", "published", "title", "url", "sources"}
    assert geneva["headline"] == "Geneva round opens"
    assert geneva["published"] == "2025-03-10" and geneva["title"] == "Geneva round opens"
    assert geneva["sources"] == ["Example Wire"]


async def test_report_list_pages(client):
    first = await get_json(client, "/api/reports?limit=3")
    assert len(first["items"]) == 3 and first["next_offset"] == 3
    rest = await get_json(client, "/api/reports?limit=3&offset=3")
    assert [r["doc"] for r in rest["items"]] == ["undated-note.txt"] and rest["next_offset"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "limit=abc", "offset=-1", "offset=99999999"])
async def test_report_list_bounds(client, query):
    data = await get_json(client, f"/api/reports?{query}", 422)
    assert data["detail"][0]["loc"][0] == "query"


async def test_report_search(client):
    data = await get_json(client, "/api/reports?q=prisoner+exchange")
    assert [r["doc"] for r in data["items"]] == ["ankara-talks.txt"] and data["total"] == 1
    assert (await get_json(client, "/api/reports?q=ceasefire"))["total"] == 2
    assert (await get_json(client, "/api/reports?q=Lviv+Ankara"))["total"] == 0  # every term must occur


@pytest.mark.parametrize("q", ['"', "ceasefire AND", "NEAR(a b)", "*", "text:ceasefire", "-ceasefire", "a OR",
                               "'; DROP TABLE reports; --", "(", "^x", "ceasefire\"*"])
async def test_report_search_input_is_never_fts_syntax(client, q):
    r = await client.get("/api/reports", params={"q": q})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == len(r.json()["items"]) <= 4


async def test_report_detail_has_facts_with_spans(client, report_ids):
    data = await get_json(client, f"/api/reports/{report_ids['geneva-round.txt']}")
    text = data["text"]
    assert data["doc"] == "geneva-round.txt" and data["sources"] == ["Example Wire"]
    vernon = next(a for a in data["actors"] if a["id"] == "ada-vernon")
    assert [m["text"] for m in vernon["mentions"]] == ["Ada Vernon", "Vernon"]
    for m in vernon["mentions"]:
        assert text[m["span"]["start"]:m["span"]["end"]] == m["text"]
        assert m["span"]["sent_start"] <= m["span"]["start"] < m["span"]["sent_end"]
    assert [(r["actor"], r["title"], r["of"], r["of_name"]) for r in data["roles"]] == [
        ("ada-vernon", "Foreign Minister", "ukraine", "Ukraine"), ("boris-kalm", "envoy", "russia", "Russia")]
    (quote,) = data["quotes"]
    assert text[quote["span"]["start"]:quote["span"]["end"]] == quote["text"]
    consult = next(e for e in data["events"] if e["type"] == "consult")
    assert consult["actors"] == [{"id": "ada-vernon", "name": "Ada Vernon"}, {"id": "boris-kalm", "name": "Boris Kalm"}]
    assert consult["place"] == "Geneva" and text[consult["span"]["start"]:consult["span"]["end"]] == "met"
    assert {(p["holder"], p["issue"], p["stance"]) for p in data["positions"]} == {
        ("ada-vernon", "ceasefire", "support"), ("boris-kalm", "ceasefire", "oppose"),
        ("boris-kalm", "root_causes", "support")}


@pytest.mark.parametrize("path", ["/api/reports/9999", "/api/actors/no-such-actor", "/api/nothing-here"])
async def test_unknown_ids_are_404_json(client, path):
    data = await get_json(client, path, 404)
    assert isinstance(data["detail"], str)


# --- actors --------------------------------------------------------------------------------------------


async def test_actor_list_and_filters(client):
    data = await get_json(client, "/api/actors")
    assert data["items"][0]["id"] == "ada-vernon" and data["items"][0]["reports"] == 3
    assert set(data["items"][0]) == {"id", "name", "kind", "country", "country_name", "reports", "aliases"}
    ukraine = next(a for a in data["items"] if a["id"] == "ukraine")
    assert (ukraine["country"], ukraine["country_name"]) == ("ukraine", "Ukraine")
    countries = await get_json(client, "/api/actors?kind=country")
    assert {a["id"] for a in countries["items"]} == {"ukraine", "russia", "turkey"}
    by_name = await get_json(client, "/api/actors?name=Dunmore")
    assert [a["id"] for a in by_name["items"]] == ["clara-dunmore"]
    page = await get_json(client, "/api/actors?limit=2")
    assert len(page["items"]) == 2 and page["next_offset"] == 2
    await get_json(client, "/api/actors?kind=planet", 422)


async def test_actor_detail(client):
    data = await get_json(client, "/api/actors/ada-vernon")
    assert data["aliases"] == ["Ada Vernon", "Vernon"] and data["reports"] == 3
    assert [(r["title"], r["first_seen"], r["status"]) for r in data["roles"]] == [
        ("Foreign Minister", "2025-03-10", "current"), ("Prime Minister", None, "current")]
    assert data["roles"][0]["evidence"][0]["sentence"].startswith("GENEVA, March 10")
    assert [q["text"] for q in data["quotes"]] == ["We want a full ceasefire before anything else."]
    assert [(e["type"], e["date"]) for e in data["events"]] == [
        ("consult", "2025-05-01"), ("reject", "2025-03-10"), ("consult", "2025-03-10"), ("request", None)]
    assert [(p["issue"], p["stance"], p["reports"]) for p in data["positions"]] == [("ceasefire", "support", 1)]
    co = {c["id"]: (c["shared_events"], c["shared_reports"]) for c in data["co_actors"]}
    assert co["boris-kalm"] == (2, 1) and co["eve-mallory"] == (1, 1) and co["ukraine"] == (0, 2)


async def test_former_role_on_actor(client):
    data = await get_json(client, "/api/actors/clara-dunmore")
    # The post is named by its catalogue label (parley/data/posts.toml), whatever the report's wording.
    assert [(r["title"], r["status"]) for r in data["roles"]] == [("Defence Minister", "former")]


# --- events, timeline ----------------------------------------------------------------------------------


async def test_events_newest_first_undated_last(client):
    data = await get_json(client, "/api/events")
    dates = [e["date"] for e in data["items"]]
    assert len(dates) == 7 and dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1], reverse=True)
    e = data["items"][0]
    assert set(e) == {"id", "type", "date", "place", "cue", "actors", "targets", "reports", "evidence"}
    assert set(e["evidence"]) == {"report_id", "doc", "headline", "published", "sent_start", "sent_end", "sentence"}


@pytest.mark.parametrize(("query", "count"), [
    ("type=consult", 3), ("type=accuse", 1), ("actor=boris-kalm", 4), ("actor=nobody", 0),
    ("since=2025-04-01", 4), ("until=2025-03-31", 2), ("since=2025-04&until=2025-04", 2), ("until=2025-03", 2),
    ("since=2025", 6), ("place=geneva", 1), ("type=consult&actor=eve-mallory", 1),
])
async def test_event_filters(client, query, count):
    data = await get_json(client, f"/api/events?{query}")
    assert len(data["items"]) == count


@pytest.mark.parametrize("query", ["type=negotiate", "since=yesterday", "since=2025-02-30", "until=2025-13",
                                   "since=2025-5-1", "limit=1000", "type=", "type=&since=", "actor=%20"])
async def test_bad_event_filters_are_422(client, query):
    data = await get_json(client, f"/api/events?{query}", 422)
    assert data["detail"][0]["loc"][:1] == ["query"]


async def test_blank_filters_mean_any_on_pages_only(client):
    # An HTML form sends its "any" choice as an empty field; the API names an empty value as an error.
    data = await get_json(client, "/timeline.json?type=&since=")
    assert len(data["events"]["items"]) == len((await get_json(client, "/api/timeline"))["items"])
    errors = (await get_json(client, "/api/events?type=&since=", 422))["detail"]
    assert {tuple(e["loc"]) for e in errors} == {("query", "type"), ("query", "since")}


async def test_every_plover_type_is_accepted(client):
    for t in PLOVER:
        await get_json(client, f"/api/events?type={t}")


async def test_timeline_is_dated_and_ascending(client):
    data = await get_json(client, "/api/timeline")
    dates = [e["date"] for e in data["items"]]
    assert len(dates) == 6 and None not in dates and dates == sorted(dates)
    assert len((await get_json(client, "/api/timeline?actor=clara-dunmore"))["items"]) == 2
    page = await get_json(client, "/api/timeline?limit=4&offset=4")
    assert len(page["items"]) == 2 and page["next_offset"] is None


# --- quotes, positions ---------------------------------------------------------------------------------


async def test_quotes(client):
    data = await get_json(client, "/api/quotes")
    assert len(data["items"]) == 3
    assert set(data["items"][0]) == {"id", "speaker", "speaker_name", "text", "date", "reports", "evidence"}
    assert [q["speaker"] for q in (await get_json(client, "/api/quotes?speaker=clara-dunmore"))["items"]] == [
        "clara-dunmore"]
    assert [q["speaker"] for q in (await get_json(client, "/api/quotes?q=full+ceasefire"))["items"]] == ["ada-vernon"]
    assert len((await get_json(client, "/api/quotes?since=2025-04-01"))["items"]) == 2
    assert len((await get_json(client, "/api/quotes?until=2025-03-31"))["items"]) == 1
    assert (await client.get("/api/quotes", params={"q": 'NEAR("x" "y")'})).status_code == 200
    await get_json(client, "/api/quotes?since=03/10/2025", 422)


async def test_positions(client):
    data = await get_json(client, "/api/positions")
    groups = {(g["holder"], g["issue"], g["stance"]): g for g in data["items"]}
    assert set(groups) == {("ada-vernon", "ceasefire", "support"), ("boris-kalm", "ceasefire", "oppose"),
                           ("boris-kalm", "root_causes", "support"), ("clara-dunmore", "prisoner_exchange", "support"),
                           ("eve-mallory", "ceasefire", "oppose")}
    g = groups[("boris-kalm", "ceasefire", "oppose")]
    assert g["first_seen"] == g["last_seen"] == "2025-03-10" and g["reports"] == 1
    assert g["evidence"][0]["sentence"] == "Kalm rejected the ceasefire plan and demanded talks on root causes."
    assert len((await get_json(client, "/api/positions?issue=ceasefire"))["items"]) == 3
    assert len((await get_json(client, "/api/positions?holder=boris-kalm"))["items"]) == 2
    await get_json(client, "/api/positions?issue=peace", 422)


# --- documentation -------------------------------------------------------------------------------------


async def test_openapi_documents_every_endpoint_and_shape(client):
    spec = await get_json(client, "/api/openapi.json")
    paths = spec["paths"]
    for path in ["/api/reports", "/api/reports/{report_id}", "/api/actors", "/api/actors/{actor_id}", "/api/events",
                 "/api/quotes", "/api/positions", "/api/timeline"]:
        assert "get" in paths[path], path
        assert "$ref" in paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert "post" in paths["/api/reports"]
    assert {"ReportDetail", "ActorDetail", "EventList", "QuoteList", "PositionList", "IngestResult"} <= set(
        spec["components"]["schemas"])
    types = next(p for p in paths["/api/events"]["get"]["parameters"] if p["name"] == "type")
    assert PLOVER == next(s for s in types["schema"]["anyOf"] if "enum" in s)["enum"]


async def test_api_docs_page_is_self_hosted(client):
    r = await client.get("/api/docs")
    assert r.status_code == 200 and "/api/events" in r.text and "EventList" in r.text
    assert "cdn" not in r.text.lower() and "<script" not in r.text
