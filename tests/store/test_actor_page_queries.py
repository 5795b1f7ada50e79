"""The aggregates of an actor page (role timeline, positions) over the report dates roles and positions keep."""

from __future__ import annotations

import sqlite3
from datetime import date

from parley.models import Extraction, LocalActor, Position, Report, Role, Span
from parley.resolve.actors import GlobalActor
from parley.store import queries
from parley.store.db import Store, migrations


def touched() -> list[GlobalActor]:
    return [GlobalActor("ivan-bilyk", "Ivan Bilyk", "person", None, False, {"Ivan Bilyk"}),
            GlobalActor("ukraine", "Ukraine", "country", None, False, {"Ukraine"})]


def column(conn: sqlite3.Connection, sql: str) -> list:
    return [r[0] for r in conn.execute(sql)]


def add(store: Store, doc: str, published: date | None, roles=(), positions=()) -> None:
    """One report naming Ivan Bilyk (ref 0) of Ukraine (ref 1), with the given (title, former) roles and
    (issue, stance) positions of Bilyk."""
    text = f"{doc}: Ivan Bilyk of Ukraine spoke."
    span = Span(0, len(text), 0, len(text))
    actors = [LocalActor(ref=0, kind="person", name="Ivan Bilyk", id="ivan-bilyk"),
              LocalActor(ref=1, kind="country", name="Ukraine", id="ukraine")]
    ext = Extraction(report=Report(doc=doc, text=text, published=published), actors=actors,
                     roles=[Role(0, title, 1, former, span) for title, former in roles],
                     positions=[Position(0, issue, stance, span) for issue, stance in positions])
    assert store.add(ext, touched()) is not None


def test_roles_and_positions_keep_their_reports_date(fresh_store):
    add(fresh_store, "a.txt", date(2025, 3, 1), roles=[("Defence Minister", False)],
        positions=[("ceasefire", "support")])
    add(fresh_store, "b.txt", None, roles=[("Defence Minister", False)], positions=[("ceasefire", "support")])
    c = fresh_store.conn
    assert column(c, "SELECT published FROM roles ORDER BY id") == ["2025-03-01", None]
    assert column(c, "SELECT published FROM positions ORDER BY id") == ["2025-03-01", None]
    c.execute("UPDATE reports SET published = '2025-04-01' WHERE doc = 'b.txt'")
    assert column(c, "SELECT published FROM roles ORDER BY id") == ["2025-03-01", "2025-04-01"]
    assert column(c, "SELECT published FROM positions ORDER BY id") == ["2025-03-01", "2025-04-01"]


def test_migration_dates_the_facts_stored_before_it(tmp_path):
    path = tmp_path / "kb.db"
    conn = sqlite3.connect(path)
    for version, _, sql in migrations():
        if version < 5:
            conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
    conn.executescript(
        "INSERT INTO actors (id, name, kind, name_key) VALUES ('ivan-bilyk', 'Ivan Bilyk', 'person', 'ivan bilyk');"
        "INSERT INTO reports (id, key, doc, published, text) VALUES (7, 'k', 'a.txt', '2025-03-01', 'Text.');"
        "INSERT INTO roles (report_id, actor_id, title, title_key, fact_key, start, \"end\", sent_start, sent_end) "
        "VALUES (7, 'ivan-bilyk', 'Defence Minister', 'defense minister', 'f', 0, 1, 0, 1);"
        "INSERT INTO positions (report_id, holder_id, issue, stance, fact_key, start, \"end\", sent_start, sent_end) "
        "VALUES (7, 'ivan-bilyk', 'ceasefire', 'support', 'f', 0, 1, 0, 1);")
    conn.close()
    with Store(path) as store:
        assert column(store.conn, "SELECT published FROM roles") == ["2025-03-01"]
        assert column(store.conn, "SELECT published FROM positions") == ["2025-03-01"]
        # A writer that gives the date itself keeps it.
        store.conn.execute(
            "INSERT INTO roles (report_id, actor_id, title, title_key, fact_key, start, \"end\", sent_start, sent_end, "
            "published) VALUES (7, 'ivan-bilyk', 'Defence Minister', 'defense minister', 'f', 0, 1, 0, 1, '2025-03')")
        assert column(store.conn, "SELECT published FROM roles ORDER BY id") == ["2025-03-01", "2025-03"]


def test_positions_group_counts_and_dates(fresh_store):
    add(fresh_store, "a.txt", date(2025, 3, 1), positions=[("ceasefire", "support"), ("ceasefire", "support")])
    add(fresh_store, "b.txt", date(2025, 6, 1), positions=[("ceasefire", "support")])
    add(fresh_store, "c.txt", None, positions=[("ceasefire", "oppose"), ("prisoner_exchange", "support")])
    expected = [
        {"holder": "ivan-bilyk", "holder_name": "Ivan Bilyk", "holder_kind": "person", "issue": "ceasefire",
         "stance": "support", "reports": 2, "first_seen": "2025-03-01", "last_seen": "2025-06-01"},
        {"holder": "ivan-bilyk", "holder_name": "Ivan Bilyk", "holder_kind": "person", "issue": "ceasefire",
         "stance": "oppose", "reports": 1, "first_seen": None, "last_seen": None},
        {"holder": "ivan-bilyk", "holder_name": "Ivan Bilyk", "holder_kind": "person",
         "issue": "prisoner_exchange", "stance": "support", "reports": 1, "first_seen": None, "last_seen": None},
    ]
    groups = queries.list_positions(fresh_store.conn, holder="ivan-bilyk")
    for g in groups:
        assert queries.fact_evidence(fresh_store.conn, "positions", g.pop("id"))["reports"] == g["reports"]
    assert groups == expected

    def without_ids(rows):
        return [{k: v for k, v in r.items() if k != "id"} for r in rows]

    assert without_ids(queries.list_positions(fresh_store.conn)) == expected
    assert without_ids(queries.list_positions(fresh_store.conn, issue="ceasefire", stance="oppose")) == [expected[1]]
