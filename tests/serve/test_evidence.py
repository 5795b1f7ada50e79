"""Corroboration: one query returns every report that states the same fact (API and CLI)."""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest
from click.testing import CliRunner

from parley.cli import cli
from parley.serve.app import create_app
from tests.serve.conftest import Written, build_knowledge_base

SAME_POST = [
    Written(doc=f"r{i}.txt", published=f"2025-0{i}-01",
            sentences=[f"Report {i}: Envoy Ada Vernon of Ukraine spoke in Geneva."],
            actors=[("Ada Vernon", "person", None, ["Ada Vernon"]), ("Ukraine", "country", "ukraine", ["Ukraine"])],
            roles=[("Ada Vernon", "Envoy", "Ukraine", False, 0)])
    for i in (1, 2, 3)
]


@pytest.fixture
def kb(tmp_path):
    return build_knowledge_base(tmp_path / "kb.db", SAME_POST)


def first_role_id(kb) -> int:
    return sqlite3.connect(kb).execute("SELECT min(id) FROM roles").fetchone()[0]


@pytest.mark.anyio
async def test_api_returns_every_report_stating_the_fact(kb):
    transport = httpx.ASGITransport(app=create_app(str(kb)))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        r = await client.get(f"/api/evidence/roles/{first_role_id(kb)}")
        assert r.status_code == 200
        data = r.json()
        assert data["reports"] == 3
        assert sorted(e["doc"] for e in data["evidence"]) == ["r1.txt", "r2.txt", "r3.txt"]
        assert all("Ada Vernon" in e["sentence"] for e in data["evidence"])
        assert (await client.get("/api/evidence/roles/999999")).status_code == 404
        assert (await client.get("/api/evidence/secrets/1")).status_code == 422


def test_cli_evidence(kb):
    res = CliRunner().invoke(cli, ["evidence", "roles", str(first_role_id(kb)), "--db", str(kb), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["reports"] == 3
    missing = CliRunner().invoke(cli, ["evidence", "roles", "999999", "--db", str(kb)])
    assert missing.exit_code != 0 and "no role with id 999999" in missing.output


@pytest.fixture
def anyio_backend():
    return "asyncio"
