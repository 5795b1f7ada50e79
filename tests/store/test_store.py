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


def test_a_failed_write_inside_a_longer_transaction_undoes_only_itself(fresh_store):
    # Ingest stores a chunk of reports in one transaction, each report in a savepoint of it.
    broken = extraction("Mayor Ivan Bilyk met envoys again.", doc="broken.txt")
    broken.actors[0].mentions.append(None)  # fails half-way through its inserts
    with fresh_store.transaction():
        assert fresh_store.add(extraction(), touched()) is not None
        with pytest.raises(AttributeError):
            fresh_store.add(broken, touched())
        assert fresh_store.add(extraction("Mayor Ivan Bilyk left.", doc="after.txt"), touched()) is not None
    docs = [r[0] for r in fresh_store.conn.execute("SELECT doc FROM reports ORDER BY id")]
    assert docs == ["r.txt", "after.txt"]
    assert fresh_store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2


def test_full_text_search_finds_reports(fresh_store):
    from parley.store.pages import list_reports

    fresh_store.add(extraction(), touched())
    hits, total = fresh_store.run(list_reports, q="envoys")
    assert total == len(hits) == 1
    assert fresh_store.run(list_reports, q="envoy") == ([], 0)  # words as typed: no stemming on either backend


@pytest.mark.model
def test_a_report_that_cannot_be_stored_costs_only_itself(tmp_path, monkeypatch):
    """Ingest stores the chunk of reports a worker sends back in one transaction: a report that fails half-way
    through its writes is undone alone, and the reports before and after it in the chunk are stored."""
    import parley.store.db as db
    from parley.api import ingest_paths

    real = db.attach_reports

    def fragile(conn, ids):  # runs after the report's rows are written
        (doc,) = conn.execute("SELECT doc FROM reports WHERE id = ?", (ids[0],)).fetchone()
        if doc == "b.txt":
            raise ValueError("simulated failure")
        return real(conn, ids)

    monkeypatch.setattr(db, "attach_reports", fragile)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("a.txt", "Mayor Ivan Bilyk met envoys in Vienna."),
                       ("b.txt", "Mayor Olena Hrytsenko met envoys in Oslo."),
                       ("c.txt", "Mayor Petro Kovalenko met envoys in Bern.")]:
        (folder / name).write_text(text, encoding="utf-8")
    errors = []
    summary = ingest_paths([folder], tmp_path / "kb.db", processes=1, on_error=errors.append)
    assert summary.new == 2
    assert [(e.origin, e.reason.split(" (")[0]) for e in errors] == [(str(folder / "b.txt"), "could not be stored")]
    with Store(tmp_path / "kb.db") as store:
        assert [r[0] for r in store.conn.execute("SELECT doc FROM reports ORDER BY id")] == ["a.txt", "c.txt"]
        names = {r[0] for r in store.conn.execute("SELECT text FROM mentions")}
        assert "Olena Hrytsenko" not in names and {"Ivan Bilyk", "Petro Kovalenko"} <= names


def _plan_report(doc: str, text: str, mention: str = "Harbour Plan") -> Extraction:
    """A report naming one proper-named plan (as `mention`, its proper name), as the extraction would give it."""
    from parley.models import LocalInstrument

    start = text.index(mention)
    plan = LocalInstrument(ref=0, kind="plan", label=mention, proper=mention,
                           mentions=[Mention(mention, Span(start, start + len(mention), 0, len(text)))])
    return Extraction(report=Report(doc=doc, text=text), instruments=[plan])


def _plans(store: Store) -> list[tuple[str, ...]]:
    return [tuple(r) for r in store.conn.execute("SELECT id, name FROM instruments ORDER BY id")]


def test_an_instrument_another_writer_stored_meanwhile_is_found_not_made_again(new_db):
    """Each ingest holds the instruments it knows in memory; one another process stored since is read before
    resolving a report that names an instrument, so both reports point at one instrument."""
    from parley.api import Ingestor

    target = new_db()
    with Store(target) as first, Store(target) as second:
        one, two = Ingestor(first, fold_copies=False), Ingestor(second, fold_copies=False)
        one.store_extraction(_plan_report("a.txt", "The Harbour Plan was tabled in Oslo."))
        # Made anew, it would be "harbour-peace-plan": the second ingest knew no instrument when it began.
        two.store_extraction(_plan_report("b.txt", "Delegates read the Harbour Peace Plan again.",
                                          "Harbour Peace Plan"))
        assert _plans(first) == [("harbour-plan", "Harbour Plan")]


def test_an_instrument_of_a_report_that_failed_is_not_kept_in_memory(fresh_store, monkeypatch):
    """A report whose writes fail is undone in the database; what resolving it taught the ingest about its
    instruments is dropped too, so the next report does not store the failed report's names for them."""
    from parley.api import Ingestor
    from parley.store import instruments as store_instruments

    ingestor = Ingestor(fresh_store, fold_copies=False)
    real = store_instruments.write_instruments

    def fragile(c, rid, ext, touched):
        if ext.report.doc == "a.txt":
            raise ValueError("simulated failure")
        return real(c, rid, ext, touched)

    monkeypatch.setattr(store_instruments, "write_instruments", fragile)
    with pytest.raises(ValueError):
        ingestor.store_extraction(_plan_report("a.txt", "Envoys saw the Harbour Plan draft first.",
                                                "Harbour Plan draft"))
    ingestor.store_extraction(_plan_report("b.txt", "Delegates read the Harbour Plan again."))
    aliases = {r[0] for r in fresh_store.conn.execute("SELECT alias FROM instrument_aliases")}
    assert aliases == {"Harbour Plan"}


def test_the_fingerprint_stays_while_nothing_is_written_and_moves_with_a_report_from_anywhere(new_db):
    """The web view's answer cache keys on it: another connection's report must move it, a read must not."""
    from parley.store.pages import fingerprint

    target = new_db()
    with Store(target) as writer, Store(target) as reader:
        writer.add(extraction(), touched())
        before = reader.run(fingerprint)
        reader.conn.execute("SELECT count(*) FROM mentions").fetchone()
        assert reader.run(fingerprint) == before
        writer.add(extraction("Mayor Ivan Bilyk left.", doc="after.txt"), touched())
        assert reader.run(fingerprint) != before
