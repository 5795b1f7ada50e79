"""Reports attach to negotiations as they are stored, and again whenever negotiations.toml changes."""

from __future__ import annotations

import pytest

from parley.lexicon import load_lexicon, load_negotiations
from parley.store import negotiations as store_negotiations
from parley.store import queries
from parley.store.db import Store
from tests import negotiation_kb


def attached(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for doc, neg in store.conn.execute("SELECT r.doc, rn.negotiation_id FROM report_negotiations rn "
                                       "JOIN reports r ON r.id = rn.report_id ORDER BY r.doc, rn.negotiation_id"):
        out.setdefault(doc, []).append(neg)
    return out


@pytest.fixture
def kb(tmp_path):
    return negotiation_kb.build(tmp_path / "kb.db")


def test_each_report_attaches_by_its_parties_and_words(kb):
    with Store(kb) as store:
        assert attached(store) == {"istanbul.txt": ["russia-ukraine"], "karabakh.txt": ["armenia-azerbaijan"]}
        reasons = {r["id"]: r["reason"] for r in store_negotiations.report_negotiations(store.conn, 2)}
        assert reasons == {"armenia-azerbaijan": "party azerbaijan; aliases Karabakh, Syunik; issue transit_route"}


def test_listing_counts_reports_per_negotiation(kb):
    with Store(kb) as store:
        rows = {r["id"]: r for r in store_negotiations.list_negotiations(store.conn)}
    assert rows["russia-ukraine"]["reports"] == 1 and rows["russia-ukraine"]["first_report"] == "2025-05-16"
    assert rows["armenia-azerbaijan"]["reports"] == 1
    assert rows["sudan"]["reports"] == 0 and rows["sudan"]["first_report"] is None


def test_the_filter_keeps_only_the_negotiations_facts(kb):
    with Store(kb) as store:
        c = store.conn
        assert {r["id"] for r in queries.list_actors(c, negotiation="armenia-azerbaijan")} == {"azerbaijan", "armen-vale"}
        assert [e["place"] for e in queries.list_events(c, negotiation="russia-ukraine")] == ["Istanbul"]
        assert [q["speaker"] for q in queries.list_quotes(c, negotiation="armenia-azerbaijan")] == ["armen-vale"]
        assert [(p["holder"], p["issue"]) for p in queries.list_positions(c, negotiation="russia-ukraine")] == [
            ("olena-hart", "ceasefire")]
        assert [r["doc"] for r in store.records("russia-ukraine")] == ["istanbul.txt"]
        assert len(queries.list_events(c)) == 3  # no filter: everything


def test_editing_the_negotiations_recomputes_on_the_next_open(kb, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "negotiations.toml").write_text(
        '[[negotiation]]\nid = "bridges"\nname = "Bridge talks"\nparties = ["turkey"]\n'
        'aliases = ["new bridge"]\n', encoding="utf-8")
    monkeypatch.setenv("PARLEY_DATA", str(data))
    load_negotiations.cache_clear()
    load_lexicon.cache_clear()
    try:
        with Store(kb) as store:
            assert attached(store) == {"elsewhere.txt": ["bridges"]}
    finally:
        monkeypatch.delenv("PARLEY_DATA")
        load_negotiations.cache_clear()
        load_lexicon.cache_clear()
    with Store(kb) as store:  # the bundled data again
        assert "istanbul.txt" in attached(store) and "elsewhere.txt" not in attached(store)


def test_a_database_from_before_migration_0011_gets_its_attachments(kb):
    with Store(kb) as store:
        store.conn.execute("DELETE FROM report_negotiations")
        store.conn.execute("DELETE FROM negotiation_data")
        store.conn.commit()
    with Store(kb) as store:
        assert len(attached(store)) == 2


def test_the_python_api_exports_one_negotiation(kb):
    from parley.api import export_records

    assert [r["doc"] for r in export_records(kb, negotiation="armenia-azerbaijan")] == ["karabakh.txt"]
    assert len(list(export_records(kb))) == 3
