"""Parameters a hostile client sends: each is a 4xx with its reason, never a 500, and headers on every answer."""

from __future__ import annotations

import os
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.anyio

PAGES_WITH_TEXT = ["/api/reports?q=", "/api/quotes?q=", "/reports?q=", "/reports.json?q=", "/api/actors?name=",
                   "/actors?name=", "/api/events?actor=", "/timeline?place=", "/api/quotes?speaker=",
                   "/api/positions?holder=", "/issues?holder="]
ID_ROUTES = ["/api/reports/{}", "/reports/{}", "/reports/{}.json", "/api/evidence/roles/{}", "/api/evidence/quotes/{}",
             "/api/evidence/events/{}", "/api/evidence/positions/{}"]


def assert_headers(r: httpx.Response) -> None:
    assert r.headers.get("x-content-type-options") == "nosniff", (r.request.url, r.status_code)
    assert "default-src 'self'" in r.headers.get("content-security-policy", ""), (r.request.url, r.status_code)


@pytest.mark.parametrize("page", PAGES_WITH_TEXT)
@pytest.mark.parametrize("bad", ["a\x00b", "\x00", "peace\x1b[31m", "x\x7f"])
async def test_control_characters_in_text_are_422(client, page, bad):
    r = await client.get(page + quote(bad))
    assert r.status_code == 422, (page, bad, r.status_code, r.text[:300])
    assert "control character" in r.text
    assert_headers(r)


@pytest.mark.parametrize("route", ID_ROUTES)
@pytest.mark.parametrize("number", [2**63, 2**64 + 5, 10**40, -1])
async def test_ids_beyond_64_bits_are_422(client, route, number):
    r = await client.get(route.format(number))
    assert r.status_code == 422, (route, number, r.status_code, r.text[:300])
    assert_headers(r)


@pytest.mark.parametrize("route", ID_ROUTES)
async def test_the_largest_id_is_a_plain_404(client, route):
    r = await client.get(route.format(2**63 - 1))
    assert r.status_code == 404
    assert_headers(r)


@pytest.mark.parametrize("query", ["type=", "issue=", "kind=", "type=%20"])
async def test_blank_enum_values_are_422_on_the_api(client, query):
    path = {"type": "/api/events", "issue": "/api/positions", "kind": "/api/actors"}[query.split("=")[0]]
    r = await client.get(f"{path}?{query}")
    assert r.status_code == 422 and "empty value" in r.text


async def test_an_internal_error_is_a_500_with_the_security_headers(kb_path, monkeypatch):
    from parley.serve.app import create_app
    from parley.store import pages as queries

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(queries, "counts", broken)
    app = create_app(str(kb_path))  # its own answer cache: nothing computed before the break
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as c:
        r = await c.get("/index.json")
    assert r.status_code == 500
    assert "simulated" not in r.text  # the reason is logged, not shown
    assert_headers(r)


PAGES = ["/", "/timeline", "/reports", "/actors", "/issues", "/network", "/api/reports", "/api/actors",
         "/api/events", "/api/timeline", "/api/quotes", "/api/positions", "/timeline.json", "/actors.json"]
PARAMS = ["q", "name", "kind", "type", "actor", "since", "until", "place", "speaker", "issue", "holder", "limit",
          "offset"]


@pytest.fixture(scope="module")
def anyio_backend():
    return "asyncio"


@settings(max_examples=400 if os.environ.get("PARLEY_FUZZ") == "long" else 60, deadline=None, database=None, derandomize=os.environ.get("PARLEY_FUZZ") != "long",
          suppress_health_check=list(HealthCheck))
@given(page=st.sampled_from(PAGES), params=st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=30), max_size=4))
def test_no_parameter_of_any_page_gets_a_500(app, page, params):
    import anyio

    async def fetch():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as c:
            return await c.get(page, params=params)

    r = anyio.run(fetch)
    assert r.status_code < 500, (page, params, r.status_code)
    assert r.status_code in (200, 422), (page, params, r.status_code, r.text[:200])
    assert_headers(r)


@pytest.mark.parametrize("actor", ["%00", "a%00b", "%ED%A0%80", "%FF", "..%2F..%2Fetc%2Fpasswd", "x" * 3000])
@pytest.mark.parametrize("base", ["/api/actors/", "/actors/", "/actors/{}.json"])
async def test_odd_actor_ids_are_not_found_not_errors(client, base, actor):
    path = base.format(actor) if "{}" in base else base + actor
    r = await client.get(path)
    assert r.status_code in (404, 422), (path, r.status_code, r.text[:200])
    assert_headers(r)


@pytest.mark.parametrize("field", ["text", "title", "id", "url"])
async def test_a_posted_lone_surrogate_is_422_naming_the_field(build_knowledge_base, tmp_path, field):
    from parley.serve.app import create_app

    app = create_app(str(build_knowledge_base(tmp_path / "kb.db")), token="s3cret")
    body = {"text": "Rustem Umerov arrived in Istanbul.", field: "bad \\ud800 value"}
    raw = "{" + ", ".join(f'"{k}": "{v}"' for k, v in body.items()) + "}"  # the escape as a client sends it
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://parley.test") as c:
        r = await c.post("/api/reports", content=raw, headers={"Authorization": "Bearer s3cret",
                                                                  "Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    # pydantic refuses it ("unable to parse raw data as a unicode string") before parley sees the body.
    assert r.json()["detail"][0]["loc"] == ["body", field] and "unicode" in r.text
    assert_headers(r)
