"""Report dates: a dateline without a year takes its neighbours' year; bare years never date a report."""

from __future__ import annotations

from datetime import date

from parley.api import ingest_paths
from parley.extract.dates import estimate_window
from parley.ingest.metadata import dateline_without_year, year_from_neighbours
from parley.store.db import Store


def test_dateline_month_and_day_without_a_year():
    assert dateline_without_year("ODESA, March 3 (AP) — Ships left port.") == (3, 3)
    assert dateline_without_year("ODESA, March 3, 2024 (AP) — Ships left port.") is None
    assert dateline_without_year("Ships left port on March 3.") is None


def test_the_year_is_the_one_nearest_the_neighbours():
    assert year_from_neighbours(5, 17, [date(2025, 5, 16), date(2025, 7, 23)]) == date(2025, 5, 17)
    # A late-December dateline among early-January reports belongs to the year before.
    assert year_from_neighbours(12, 30, [date(2026, 1, 2), date(2026, 1, 5)]) == date(2025, 12, 30)
    assert year_from_neighbours(2, 29, [date(2025, 3, 1)]) == date(2024, 2, 29)
    assert year_from_neighbours(5, 17, []) is None


def test_a_year_within_the_neighbours_span_wins_over_one_nearer_their_median():
    dated = [date(2024, 11, 26), date(2025, 6, 2), date(2025, 8, 14), date(2025, 8, 15), date(2025, 11, 24)]
    assert year_from_neighbours(1, 19, dated) == date(2025, 1, 19)


def test_background_years_do_not_date_a_report():
    assert estimate_window("Turkey hosted the failed 2022 talks; deportations continued since 2022.") is None
    start, end = estimate_window("The round held on 2 June 2025 ended early.")
    assert start == "2025-06-02" and end > start


def test_ingest_gives_a_yearless_dateline_the_batchs_year(tmp_path):
    # The yearless report comes first in the folder; it still gets the dated report's year.
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text("VARNA, June 4 (AP) — Port officials in Bulgaria said ferry crossings "
                                    "resumed on Wednesday after a strike ended.\n", encoding="utf-8")
    (reports / "b.txt").write_text("date 2031-06-10\nBulgarian ferry unions signed a new wage agreement "
                                    "with the port authority.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    summary = ingest_paths([reports], str(db), processes=1)
    assert summary.new == 2 and not summary.failed
    with Store(db) as store:
        got = dict(store.conn.execute("SELECT doc, published FROM reports").fetchall())
        precision = dict(store.conn.execute("SELECT doc, date_precision FROM reports").fetchall())
    assert got == {"a.txt": "2031-06-04", "b.txt": "2031-06-10"}
    assert precision == {"a.txt": "day", "b.txt": "day"}
