"""Property-based fuzzing of every reader (text, JSON Lines, HTML, feeds), no model: whatever a file holds,
reading it yields reports and named errors only, never an exception; every report is valid Unicode text,
every error one printable line that names its input. PARLEY_FUZZ=long runs many more examples.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.ingest import READERS, IngestError, iter_reports
from parley.ingest.guard import unicode_problem
from parley.models import Report

pytestmark = pytest.mark.fuzz

EXAMPLES = 2000 if os.environ.get("PARLEY_FUZZ") == "long" else 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=os.environ.get("PARLEY_FUZZ") != "long", suppress_health_check=list(HealthCheck))
EXTENSIONS = sorted(READERS)


def read_all(path: Path, **kwargs) -> list[Report | IngestError]:
    items = list(iter_reports(path, **kwargs))
    for item in items:
        if isinstance(item, IngestError):
            assert item.origin.startswith(str(path)), item
            assert "\n" not in str(item) and item.reason.strip(), item
            str(item).encode("utf-8")  # printable: no lone surrogate
        else:
            assert isinstance(item, Report)
            assert item.text.strip() and unicode_problem(item.text) is None
            for name in (item.doc, item.origin, item.title, item.url):
                assert name is None or unicode_problem(name) is None
    return items


# Bytes that look a little like each format, mixed with anything at all.
MARKUP = st.sampled_from([b"<html>", b"<body>", b"<p>", b"</p>", b"<rss version='2.0'><channel>", b"<item>",
                          b"<description>", b"</item>", b"<?xml version='1.0' encoding='koi8-r'?>", b"&#xd800;",
                          b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content>", b"<![CDATA[", b"]]>",
                          b"date 2025-05-16\n", b"\n\n", "Умеров і Мединський".encode(), b"\xff\xfe", b"\x00",
                          b'{"text": "', b'"}\n', b"\\ud800", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>&a;"])
CONTENT = st.lists(st.one_of(MARKUP, st.binary(max_size=40), st.text(max_size=40).map(str.encode)),
                   max_size=30).map(b"".join)


@FUZZ
@given(extension=st.sampled_from(EXTENSIONS), data=CONTENT)
def test_any_bytes_in_any_reader_give_reports_or_named_errors(extension, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{extension}"
        path.write_bytes(data)
        items = read_all(path)
    assert items  # an input always gives something: a report or the reason it gave none


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=4), max_leaves=12)
RECORD = st.fixed_dictionaries({}, optional={"id": JSON_VALUE, "text": st.one_of(JSON_VALUE, st.text(min_size=1)),
                                            "title": JSON_VALUE, "url": JSON_VALUE, "published": JSON_VALUE})
LINE = st.one_of(RECORD.map(json.dumps), JSON_VALUE.map(json.dumps), st.text(max_size=60).map(
    lambda s: s.replace("\n", " ").replace("\r", " ").replace("\x0b", " ").replace("\x0c", " ")
    .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ")
    .replace("\u2028", " ").replace("\u2029", " ")))


@FUZZ
@given(lines=st.lists(LINE, min_size=1, max_size=20))
def test_every_json_line_gives_one_report_or_one_named_error(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        items = read_all(path)
    numbered = [n for n, line in enumerate(lines, 1) if line.strip()]
    if items and items[0].origin == str(path):  # refused whole (binary: over a tenth control codes)
        assert len(items) == 1 and isinstance(items[0], IngestError)
        return
    if not numbered:
        assert [str(i) for i in items] == [f"{path}: empty file (no JSON lines)"]
        return
    # One item per non-blank line, in order, errors named by their line.
    assert len(items) == len(numbered)
    for n, item in zip(numbered, items, strict=True):
        assert item.origin == f"{path}:{n}"


@FUZZ
@given(text=st.text(min_size=1, max_size=400))
def test_any_text_file_is_read_or_refused_by_name(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        items = read_all(path)
    assert len(items) == 1


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: os.symlink("b", d / "a") or os.symlink("a", d / "b") or d / "a", "symbolic link loop"),
    (lambda d: os.symlink("/dev/zero", d / "z.txt") or d / "z.txt", "not a regular file"),
    (lambda d: os.symlink("gone.txt", d / "l.txt") or d / "l.txt", "broken symbolic link"),
    (lambda d: os.mkfifo(d / "p.txt") or d / "p.txt", "not a regular file"),
    (lambda d: (d / "empty").mkdir() or d / "empty", "folder holds no files"),
    (lambda d: d / "missing.txt", "no such file"),
])
def test_odd_paths_on_the_command_line_are_named(tmp_path, make, reason):
    path = make(tmp_path)
    items = list(iter_reports(path))
    assert len(items) == 1 and isinstance(items[0], IngestError), items
    assert items[0].origin == str(path) and reason in items[0].reason


def test_a_folder_nested_thousands_deep_is_walked():
    # Outside pytest's tmp_path: pytest (and shutil, os.walk) remove folders recursively and would hit the
    # recursion limit on this one, in every later session that cleans old temporary folders.
    top = Path(tempfile.mkdtemp(prefix="parley-deep-"))
    deep = top
    try:
        for _ in range(1100):  # deeper than Python's recursion limit
            deep = deep / "d"
            deep.mkdir()
        (deep / "r.txt").write_text("Rustem Umerov arrived in Istanbul.", encoding="utf-8")
        items = list(iter_reports(top))
    finally:
        (deep / "r.txt").unlink(missing_ok=True)
        while deep != top.parent:
            deep.rmdir()
            deep = deep.parent
    assert [type(i) for i in items] == [Report]


def test_a_file_name_that_is_not_utf8_is_read_and_printable(tmp_path):
    name = os.fsdecode(b"r\xe9sum\xe9.txt")
    (tmp_path / name).write_text("Hakan Fidan opened the talks.", encoding="utf-8")
    (report,) = iter_reports(tmp_path)
    assert report.doc == "r\\xe9sum\\xe9.txt" and unicode_problem(report.origin) is None


def test_an_unforeseen_reader_failure_is_named_and_the_batch_goes_on(tmp_path, monkeypatch):
    import parley.ingest as ingest

    def explode(path, max_bytes):
        yield from ()
        raise MemoryError("simulated")

    monkeypatch.setitem(ingest.READERS, ".html", explode)
    (tmp_path / "a.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rustem Umerov arrived in Istanbul.", encoding="utf-8")
    first, second = iter_reports(tmp_path)
    assert isinstance(first, IngestError) and "unexpected MemoryError: simulated" in first.reason
    assert isinstance(second, Report)
