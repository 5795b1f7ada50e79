"""POST /api/reports: bearer token, read-only mode, body limits, the ingest pipeline, reads during a write."""

from __future__ import annotations

import anyio
import httpx
import pytest

from parley.serve.app import MAX_BODY_BYTES, create_app

pytestmark = pytest.mark.anyio

TOKEN = "test-token-7f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Written for this test (not from any seed): a short wire report the real pipeline can read.
TEXT = ("KYIV, June 3 (Example Wire) - Defence Minister Rustem Umerov met Turkish Foreign Minister Hakan Fidan in "
        "Ankara on Tuesday to prepare a further round of talks, Umerov's office said.")


@pytest.fixture
def writable(tmp_path, build_knowledge_base):
    path = build_knowledge_base(tmp_path / "write.db")
    app = create_app(str(path), token=TOKEN)
    yield app
    app.state.writer.close()


@pytest.fixture
async def wclient(writable):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(writable), base_url="http://parley.test") as c:
        yield c


async def test_read_only_without_a_token(tmp_path, monkeypatch, build_knowledge_base):
    monkeypatch.delenv("PARLEY_TOKEN", raising=False)
    app = create_app(str(build_knowledge_base(tmp_path / "ro.db")))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        r = await c.post("/api/reports", json={"id": "x", "text": TEXT}, headers=AUTH)
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        assert (await c.get("/api/reports")).status_code == 200


async def test_token_comes_from_the_environment(tmp_path, monkeypatch, build_knowledge_base):
    monkeypatch.setenv("PARLEY_TOKEN", "from-env")
    app = create_app(str(build_knowledge_base(tmp_path / "env.db")))
    assert app.state.token == "from-env"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}, {"Authorization": "Bearer "}])
async def test_missing_or_wrong_token_is_401(wclient, headers):
    r = await wclient.post("/api/reports", json={"id": "x", "text": TEXT}, headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert (await wclient.get("/api/reports")).json()["total"] == 4


async def test_body_over_the_limit_is_413(wclient):
    big = {"id": "big", "text": "x" * (MAX_BODY_BYTES + 10)}
    r = await wclient.post("/api/reports", json=big, headers=AUTH)
    assert r.status_code == 413

    async def chunks():  # no Content-Length: the limit still holds while streaming
        for _ in range(3):
            yield b"x" * (MAX_BODY_BYTES // 2)

    r = await wclient.post("/api/reports", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize(("body", "field"), [
    ({"id": "x"}, "text"), ({"id": "x", "text": ""}, "text"), ({"id": "x", "text": "  \n "}, "text"),
    ({"id": "x", "text": TEXT, "published": "June 3"}, "published"),
    ({"id": "x", "text": TEXT, "published": "2025-02-30"}, "published"),
    ({"id": "x", "text": TEXT, "published": ""}, "published"), ({"id": "x", "text": TEXT, "published": " "}, "published"),
    ({"id": ["x"], "text": TEXT}, "id"),
])
async def test_bad_bodies_are_422(wclient, body, field):
    r = await wclient.post("/api/reports", json=body, headers=AUTH)
    assert r.status_code == 422, r.text
    assert any(field in e["loc"] for e in r.json()["detail"])


async def test_malformed_json_is_422(wclient):
    r = await wclient.post("/api/reports", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422


@pytest.mark.model
async def test_ingest_then_duplicate(wclient):
    body = {"id": "kyiv-umerov-fidan", "text": TEXT, "published": "2025-06-03", "url": "https://example.org/k",
            "title": "Umerov meets Fidan"}
    r = await wclient.post("/api/reports", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["duplicate"] is False and created["doc"] == "kyiv-umerov-fidan"
    assert created["url"] == f"/api/reports/{created['id']}"
    report = (await wclient.get(created["url"])).json()
    assert report["text"] == TEXT and report["published"] == "2025-06-03" and report["title"] == "Umerov meets Fidan"
    assert {"rustem-umerov", "hakan-fidan"} <= {a["id"] for a in report["actors"]}
    assert (await wclient.get("/api/reports")).json()["total"] == 5

    again = await wclient.post("/api/reports", json={"doc": "other-name", "text": TEXT + "\n"}, headers=AUTH)
    assert again.status_code == 200 and again.json()["duplicate"] is True and again.json()["id"] == created["id"]
    assert (await wclient.get("/api/reports")).json()["total"] == 5


@pytest.mark.model
async def test_reads_keep_working_while_an_ingest_waits_for_the_writer(writable, wclient):
    lock = writable.state.writer.lock
    result = {}

    async def post():
        result["r"] = await wclient.post("/api/reports", json={"id": "late", "text": TEXT}, headers=AUTH)

    lock.acquire()  # an ingest in progress holds the writer
    async with anyio.create_task_group() as tg:
        tg.start_soon(post)
        try:
            await anyio.sleep(0.05)
            for path in ("/api/reports", "/timeline", "/api/actors/ada-vernon"):
                assert (await wclient.get(path)).status_code == 200
            assert "r" not in result  # the write is still waiting for the writer
        finally:
            lock.release()
    assert result["r"].status_code == 201
