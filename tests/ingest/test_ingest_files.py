"""iter_reports over files of every kind, good and bad, written to a temporary folder."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from parley.ingest import DEFAULT_MAX_BYTES, IngestError, iter_reports
from parley.models import Report

PAGE = """<!doctype html>
<html><head>
<title>Envoys reach a grain deal | Example Times</title>
<meta property="og:title" content="Envoys reach a grain deal">
<meta property="article:published_time" content="2023-08-14T22:40:00+03:00">
<link rel="canonical" href="https://times.example.org/world/envoys-grain-deal">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Envoys reach a grain deal</h1>
<p>Envoys from both sides agreed late on Monday to reopen two ports for grain ships, after three days of talks
in a hotel outside the city, Anadolu reported.</p>
<p>"The corridor opens on Friday," the chief mediator, Selin Aras, told journalists after the signing.</p>
<p>The deal runs for ninety days and can be extended if both sides agree before it lapses.</p>
</article>
<footer>All rights reserved.</footer>
</body></html>
"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example.org/</link><description>Wire</description>
<item>
  <title>Mediators set a date</title>
  <link>https://wire.example.org/2023/mediators-date</link>
  <guid>urn:example-wire:101</guid>
  <pubDate>Tue, 15 Aug 2023 01:30:00 +0300</pubDate>
  <description><![CDATA[<p>Mediators set the next round for September, <b>Interfax</b> reported.</p>
  <p>Both delegations &amp; their advisers will attend.</p><script>track()</script>]]></description>
</item>
<item>
  <title>An entry with a dateline only</title>
  <link>https://wire.example.org/2023/08/dateline-only</link>
  <description>LISBON, Aug. 16 (Reuters) - The sides met for an hour.</description>
</item>
<item><title>Empty entry</title><link>https://wire.example.org/empty</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:atom</id>
<updated>2023-08-20T10:00:00Z</updated>
<entry><title>Prisoners return home</title><id>urn:atom:7</id>
<link href="https://atom.example.org/prisoners"/>
<published>2023-08-19T23:50:00-04:00</published><updated>2023-08-20T08:00:00Z</updated>
<content type="html">&lt;p&gt;Forty prisoners returned home on Saturday, writes UNN.&lt;/p&gt;</content>
</entry></feed>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reports(items: list[Report | IngestError]) -> list[Report]:
    return [item for item in items if isinstance(item, Report)]


def errors(items: list[Report | IngestError]) -> dict[str, str]:
    return {item.origin: item.reason for item in items if isinstance(item, IngestError)}


# --- plain text ----------------------------------------------------------------------------------------


def test_plain_text_with_header_on_its_own_line(tmp_path):
    path = write(tmp_path, "010_geneva.txt", "date 2023-03-02\n\nDelegates met in Geneva, writes UNN.\n")
    [report] = iter_reports([path])
    assert report == Report(doc="010_geneva.txt", text="Delegates met in Geneva, writes UNN.",
                            published=date(2023, 3, 2), sources=["UNN"], origin=str(path))


def test_plain_text_with_header_and_body_on_one_line(tmp_path):
    path = write(tmp_path, "011", " date 2023-03-02 On the eve of the round, delegates met.\n\nMore text.")
    [report] = iter_reports(path)  # a single path is accepted as well as a list
    assert report.published == date(2023, 3, 2)
    assert report.text == "On the eve of the round, delegates met.\n\nMore text."
    assert report.doc == "011"


def test_plain_text_dateline_and_windows_newlines(tmp_path):
    path = write(tmp_path, "note.md", b"\xef\xbb\xbfRIGA, June 3, 2022 (AFP) - Talks opened.\r\nSecond line.\r\n")
    [report] = iter_reports([path])
    assert report.published == date(2022, 6, 3)
    assert report.sources == ["AFP"]
    assert report.text == "RIGA, June 3, 2022 (AFP) - Talks opened.\nSecond line."


def test_plain_text_without_any_date(tmp_path):
    [report] = iter_reports([write(tmp_path, "a.text", "Delegates met again, with no date in sight.")])
    assert report.published is None
    assert report.sources == []


def test_plain_text_with_impossible_header_date(tmp_path):
    path = write(tmp_path, "bad.txt", "date 2023-13-01\nBody.")
    [error] = iter_reports([path])
    assert isinstance(error, IngestError)
    assert error.origin == str(path) and "2023-13-01" in error.reason


# --- JSON Lines ----------------------------------------------------------------------------------------


def test_json_lines_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "r1", "text": "Envoys met in Baku, Ukrinform reports.", "published": "2023-05-01",
                    "url": "https://example.org/r1", "title": "Envoys meet"}),
        "",  # blank lines are skipped, not errors
        '{"id": "r2", "text": "broken" "published": 1}',
        json.dumps({"id": "r3", "text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "r5", "text": "Fine text.", "published": "01/05/2023"}),
        json.dumps({"text": "BAKU, May 2 (AP) — No id here.", "url": "https://example.org/2023/05/02/x"}),
        json.dumps({"id": 7, "text": "Numeric id.", "published": "2023-05-03T23:30:00-05:00"}),
        json.dumps({"id": "r8"}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = list(iter_reports([path]))

    good = reports(items)
    assert [r.doc for r in good] == ["r1", f"{path}:7", "7"]
    assert good[0] == Report(doc="r1", text="Envoys met in Baku, Ukrinform reports.", published=date(2023, 5, 1),
                             url="https://example.org/r1", title="Envoys meet", sources=["Ukrinform"],
                             origin=f"{path}:1")
    assert good[1].published == date(2023, 5, 2)  # dateline, year from the URL
    assert good[1].sources == ["AP"]
    assert good[2].published == date(2023, 5, 3)  # the date as written, not moved to UTC

    bad = errors(items)
    assert set(bad) == {f"{path}:3", f"{path}:4", f"{path}:5", f"{path}:6", f"{path}:9"}
    assert bad[f"{path}:3"].startswith("malformed JSON (Expecting ',' delimiter")
    assert bad[f"{path}:4"] == "missing or empty 'text'"
    assert bad[f"{path}:5"] == "expected a JSON object, got an array"
    assert "'01/05/2023'" in bad[f"{path}:6"] and "YYYY-MM-DD" in bad[f"{path}:6"]
    assert bad[f"{path}:9"] == "missing or empty 'text'"


def test_ingest_error_str_names_path_and_line(tmp_path):
    path = write(tmp_path, "one.ndjson", '{"id": 1 "text": "x"}\n')
    [error] = iter_reports([path])
    assert str(error).startswith(f"{path}:1: malformed JSON (Expecting ',' delimiter")


def test_json_lines_bad_utf8_line_and_long_line(tmp_path):
    good = json.dumps({"id": "ok", "text": "Short and fine."}).encode()
    long = json.dumps({"id": "long", "text": "x" * 500}).encode()
    path = write(tmp_path, "mixed.jsonl", b'{"id": "l1", "text": "caf\xe9"}\n' + long + b"\n" + good + b"\n")
    items = list(iter_reports([path], max_bytes=200))
    assert [r.doc for r in reports(items)] == ["ok"]
    bad = errors(items)
    assert "not valid UTF-8" in bad[f"{path}:1"]
    assert "over the 200 bytes limit" in bad[f"{path}:2"]


def test_json_lines_empty_file(tmp_path):
    path = write(tmp_path, "empty.jsonl", "\n\n  \n")
    assert errors(list(iter_reports([path]))) == {str(path): "empty file (no JSON lines)"}


# --- HTML ----------------------------------------------------------------------------------------------


def test_html_page(tmp_path):
    path = write(tmp_path, "deal.html", PAGE)
    [report] = iter_reports([path])
    assert report.doc == "deal.html"
    assert report.title == "Envoys reach a grain deal"
    assert report.published == date(2023, 8, 14)
    assert report.url == "https://times.example.org/world/envoys-grain-deal"
    assert report.text.startswith("Envoys from both sides agreed")  # the repeated <h1> is dropped
    assert "ninety days" in report.text
    assert "Sport" not in report.text and "All rights reserved" not in report.text
    assert report.sources == ["Anadolu"]


def test_html_declared_charset_is_honoured_and_undeclared_is_refused(tmp_path):
    body = "<p>Переговори у Женеві тривали три години, а сторони домовилися зустрітися знову.</p>" * 3
    page = f'<html><head><meta charset="windows-1251"><title>T</title></head><body>{body}</body></html>'
    declared = write(tmp_path, "declared.htm", page.encode("cp1251"))
    undeclared = write(tmp_path, "undeclared.htm", page.replace(' charset="windows-1251"', "").encode("cp1251"))
    items = list(iter_reports([declared, undeclared]))
    assert "Женеві" in reports(items)[0].text
    assert "not valid UTF-8" in errors(items)[str(undeclared)]


def test_html_without_text(tmp_path):
    path = write(tmp_path, "blank.html", "<html><head><title>Nothing</title></head><body></body></html>")
    assert errors(list(iter_reports([path]))) == {str(path): "no main text found in the HTML page"}


# --- feeds ---------------------------------------------------------------------------------------------


def test_rss_feed_one_report_per_entry(tmp_path):
    path = write(tmp_path, "wire.rss", FEED)
    items = list(iter_reports([path]))
    first, second = reports(items)
    assert first.doc == "urn:example-wire:101"
    assert first.title == "Mediators set a date"
    assert first.url == "https://wire.example.org/2023/mediators-date"
    assert first.published == date(2023, 8, 15)  # the feed's own calendar date, not UTC's Aug 14
    assert first.text == ("Mediators set the next round for September, Interfax reported.\n"
                          "Both delegations & their advisers will attend.")
    assert first.sources == ["Interfax"]
    assert first.origin == f"{path}#1"
    assert second.doc == "https://wire.example.org/2023/08/dateline-only"  # no guid: the link
    assert second.published == date(2023, 8, 16)  # dateline + year from the link
    assert second.sources == ["Reuters"]
    assert errors(items) == {f"{path}#3": "feed entry has no text (no content or summary)"}


def test_atom_feed(tmp_path):
    [report] = iter_reports([write(tmp_path, "a.atom", ATOM)])
    assert report.doc == "urn:atom:7"
    assert report.published == date(2023, 8, 19)
    assert report.text == "Forty prisoners returned home on Saturday, writes UNN."
    assert report.sources == ["UNN"]


def test_xml_that_is_not_a_feed(tmp_path):
    path = write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    assert "no feed entries found" in errors(list(iter_reports([path])))[str(path)]


def test_feed_with_wrongly_declared_encoding_is_refused(tmp_path):
    feed = FEED.replace("Mediators set the next", "Médiateurs set the next").encode("latin-1")
    path = write(tmp_path, "latin.xml", feed)
    assert "declared encoding" in errors(list(iter_reports([path])))[str(path)]


# --- bad files in a batch ------------------------------------------------------------------------------


def test_bad_inputs_are_reported_and_good_files_still_come_through(tmp_path):
    good1 = write(tmp_path, "a_good.txt", "date 2023-01-09\nTalks resumed in Vienna.")
    binary = write(tmp_path, "b_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    controls = write(tmp_path, "c_controls.txt", bytes(range(1, 9)) * 20)
    empty = write(tmp_path, "d_empty.txt", "")
    blank = write(tmp_path, "e_blank.md", " \n\t\n\u00a0\n")
    latin = write(tmp_path, "f_latin1.txt", "Caf\xe9 talks in Z\xfcrich.".encode("latin-1"))
    utf16 = write(tmp_path, "g_utf16.txt", "Talks resumed.".encode("utf-16"))
    big = write(tmp_path, "h_big.txt", "x" * 300)
    unsupported = write(tmp_path, "i_table.csv", "a,b\n1,2\n")
    header_only = write(tmp_path, "j_header_only.txt", "date 2023-01-09\n\n")
    good2 = write(tmp_path, "k_good.txt", "Talks resumed in Oslo.")
    missing = tmp_path / "no_such_file.txt"

    items = list(iter_reports([tmp_path, missing], max_bytes=200))
    assert [r.doc for r in reports(items)] == ["a_good.txt", "k_good.txt"]
    bad = errors(items)
    assert list(bad) == [str(p) for p in (binary, controls, empty, blank, latin, utf16, big, unsupported,
                                          header_only, missing)]
    assert "binary file (contains NUL bytes)" in bad[str(binary)]
    assert "binary file" in bad[str(controls)] and "control codes" in bad[str(controls)]
    assert bad[str(empty)].startswith("empty file")
    assert bad[str(blank)].startswith("empty file")
    assert bad[str(latin)].startswith("not valid UTF-8 (byte 0xe9 at offset 3)")
    assert "UTF-16" in bad[str(utf16)]
    assert "over the 200 bytes limit" in bad[str(big)]
    assert "unsupported file type '.csv'" in bad[str(unsupported)]
    assert bad[str(header_only)] == "no text after the date header"
    assert bad[str(missing)] == "no such file or directory"
    assert {good1.name, good2.name} == {r.doc for r in reports(items)}


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", "Talks resumed.")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    # chmod 000 would not stop root from reading, so the refusal is simulated.
    monkeypatch.setattr(Path, "open", refuse)
    good = write(tmp_path, "open.txt", "Talks resumed in Oslo.")
    items = list(iter_reports([path, good]))
    assert errors(items) == {str(path): "cannot read file (Permission denied)"}
    assert [r.doc for r in reports(items)] == ["open.txt"]


# --- folders -------------------------------------------------------------------------------------------


def test_folders_are_walked_recursively_sorted_without_hidden_names(tmp_path):
    write(tmp_path, "b.txt", "Second file.")
    write(tmp_path, "a.txt", "First file.")
    write(tmp_path, "sub/c.txt", "Third file, in a sub-folder.")
    write(tmp_path, ".hidden.txt", "Never read.")
    write(tmp_path, ".git/config.txt", "Never read either.")
    docs = [item.doc for item in iter_reports([tmp_path]) if isinstance(item, Report)]
    assert docs == ["a.txt", "b.txt", "c.txt"]


def test_hidden_file_named_explicitly_is_read(tmp_path):
    [report] = iter_reports([write(tmp_path, ".notes.txt", "Read because it was asked for.")])
    assert report.doc == ".notes.txt"


def test_max_bytes_must_be_positive():
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    with pytest.raises(ValueError, match="max_bytes"):
        list(iter_reports([], max_bytes=0))
