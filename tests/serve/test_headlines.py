"""Pages name reports by their headlines, never by file name where a headline exists; the actor list shows
each actor's country; an unknown actor's page names the likeliest ids, as the CLI does."""

from __future__ import annotations

import re

import pytest

from parley.ingest.headline import first_line_headline, headline

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("text, expected", [
    ("Kremlin cool on summit after Istanbul round\n\nThe Kremlin on Thursday said ...", "Kremlin cool on summit after "
                                                                                       "Istanbul round"),
    ("LIVE: talks in Istanbul — as it happened\n\n09:40 — Rubio meets officials.", "LIVE: talks in Istanbul — as it "
                                                                                   "happened"),
    ("date 2025-05-16\nZelenskiy meets Erdogan in Ankara\n\nBody.", "Zelenskiy meets Erdogan in Ankara"),
    ("KYIV, July 15 (Reuters) - President Zelenskiy met envoy Kellogg.", None),   # a dateline opens the body
    ("SUMY (AP) — A drone struck a bus", None),
    ("Russia and Ukraine accused each other of stalling the return of bodies.\n\nMore.", None),  # a sentence
    ("Ukraine has received the bodies of 6,057 people that Russia says are Ukrainian soldiers, completing the "
     "repatriation it agreed to at talks in Istanbul on June 2, the Coordination HQ said", None),  # too long
    ("", None),
])
def test_first_line_only_when_it_reads_as_a_headline(text, expected):
    assert first_line_headline(text) == expected


def test_title_wins_then_first_line_then_file_name():
    assert headline("  Geneva   round ", "Other first line\n\nBody.", "g.txt") == "Geneva round"
    assert headline(None, "Other first line\n\nBody.", "g.txt") == "Other first line"
    assert headline(None, "A body sentence that ends here.", "g.txt") == "g.txt"


async def test_pages_name_reports_by_headline(client, report_ids):
    for path in ["/", "/reports", "/timeline", "/actors/ada-vernon", "/issues", "/network"]:
        page = (await client.get(path)).text
        assert "geneva-round.txt" not in page, path
    assert "Geneva round opens" in (await client.get("/reports")).text
    assert ">Geneva round opens</a>" in (await client.get("/timeline")).text
    report = (await client.get(f"/reports/{report_ids['geneva-round.txt']}")).text
    assert "<h1>Geneva round opens</h1>" in report
    # No title and no headline-like first line: the file name is what there is.
    assert "ankara-talks.txt" in (await client.get("/reports")).text


async def test_hostile_headline_is_text(client):
    page = (await client.get("/reports")).text
    assert "&lt;script&gt;window.__pwned=5&lt;/script&gt; Lviv meeting" in page
    assert "<script>window.__pwned" not in page


async def test_actor_list_shows_country_or_side(client):
    page = (await client.get("/actors")).text
    assert "<th>Country or side</th>" in page
    row = re.search(r'<tr><td><a class="actor" href="/actors/russia">Russia</a>.*?</tr>', page, re.S)
    assert row and '<td class="side">Russia</td>' in row[0]
    data = (await client.get("/api/actors?kind=country")).json()
    assert {a["id"]: a["country_name"] for a in data["items"]}["turkey"] == "Turkey"


async def test_unknown_actor_page_suggests_ids(client):
    r = await client.get("/api/actors/vernon")
    assert r.status_code == 404
    assert "did you mean ada-vernon?" in r.json()["detail"]
