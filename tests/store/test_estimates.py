"""Undated reports dated from the numbered rounds they tell of, as estimates."""

from __future__ import annotations

from parley.api import ingest_paths
from parley.store import queries
from parley.store.db import Store
from parley.store.estimates import rounds_named
from parley.store.timelines import date_label


def test_rounds_named_by_ordinal():
    assert rounds_named("after the second round of talks in Oslo") == {2}
    assert rounds_named("Their first direct talks since 2019, and a third round planned") == {1, 3}
    assert rounds_named("a round of golf") == set()


def test_an_undated_report_of_a_known_round_gets_an_estimated_window(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2031-03-02\nFishery negotiators from Norway and Iceland met for a second "
                                  "round of talks in Oslo on Monday.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The second round of fishery talks in Oslo ended without a quota deal.\n\n"
                                  '"We will be back next month," Norwegian Fisheries Minister Marianne Sivertsen '
                                  'Naess said.\n', encoding="utf-8")
    (folder / "c.txt").write_text("Quota officials in Reykjavik said the fleet stayed in port.\n", encoding="utf-8")
    ingest_paths([folder], str(tmp_path / "t.db"), processes=1)
    with Store(tmp_path / "t.db") as store:
        rows = {r[0]: tuple(r[1:]) for r in store.conn.execute(
            "SELECT doc, published, est_start, est_end, date_precision FROM reports")}
    assert rows["b.txt"] == (None, "2031-03-02", "2031-04-01", "estimated")
    assert rows["c.txt"] == (None, None, None, None)
    with Store(tmp_path / "t.db") as store:
        quotes = queries.list_quotes(store.conn)
    # Its quotations carry the estimate, never a day.
    assert [q["date"] for q in quotes] == ["~2031-03"]
    assert date_label("2031-03-02", "estimated") == "~March 2031"
    assert date_label("2031-03", None) == "March 2031" and date_label(None) == "undated"
