"""The store: migrations, one transaction per report, no duplicates."""

from __future__ import annotations

import sqlite3

import pytest

from parley.models import Extraction, LocalActor, Mention, Report, Span
from parley.store.db import Store, migrations


def extraction(text="Mayor Ivan Bilyk met envoys.", doc="r.txt"):
    actor = LocalActor(ref=0, kind="person", name="Ivan Bilyk",
                       mentions=[Mention("Ivan Bilyk", Span(6, 16, 0, len(text)))], id="ivan-bilyk")
    return Extraction(report=Report(doc=doc, text=text), actors=[actor])


def touched():
    from parley.resolve.actors import GlobalActor

    return [GlobalActor("ivan-bilyk", "Ivan Bilyk", "person", None, False, {"Ivan Bilyk"})]


def test_migrations_apply_once_and_set_the_version(tmp_path):
    path = tmp_path / "kb.db"
    Store(path).close()
    Store(path).close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == migrations()[-1][0]


def test_same_text_is_stored_once(fresh_store):
    assert fresh_store.add(extraction(), touched()) is not None
    assert fresh_store.add(extraction(doc="copy.txt"), touched()) is None
    assert fresh_store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    assert fresh_store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 1


def test_a_failed_write_leaves_nothing_behind(fresh_store):
    ext = extraction()
    ext.actors[0].mentions.append(None)  # a broken record: fails half-way through the inserts
    with pytest.raises(AttributeError):
        fresh_store.add(ext, touched())
    for table in ("reports", "actors", "mentions", "report_actors"):
        assert fresh_store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_full_text_search_finds_reports(fresh_store):
    from parley.store.pages import list_reports

    fresh_store.add(extraction(), touched())
    hits, total = fresh_store.run(list_reports, q="envoys")
    assert total == len(hits) == 1
    assert fresh_store.run(list_reports, q="envoy") == ([], 0)  # words as typed: no stemming on either backend
