"""Malformed inputs of every kind parley reads, each with the name its error must carry, and good reports.

`write_batch(folder, copy)` lays out one batch: good reports (the bundled examples, each made unique)
mixed with bad inputs of every kind the robustness issue listed and more: files that are binary, empty, not
UTF-8, too big; JSON lines that are malformed, nested too deeply, hold a 5,000-digit number or a lone
surrogate, have fields of the wrong type; HTML and feeds with nothing to read; links that loop or point at a
device; a FIFO; a file name that is not UTF-8 (a good report, which must be stored). It
returns what the run must do with each: the names of the bad inputs and the docs of the good reports.

Used by the fuzz tests (`tests/fuzz/`) and by `bench/robustness.py`, which runs many batches.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))

GOOD_RECORD = "Rustem Umerov met Vladimir Medinsky in Istanbul on {day} May 2025 for a round of talks ({tag})."


@dataclass
class Batch:
    bad: set[str] = field(default_factory=set)  # origins every bad input must be named by
    good: set[str] = field(default_factory=set)  # docs of the good reports, each to be stored exactly once


def _bad_json_lines(tag: str) -> list[str]:
    ok = {"text": GOOD_RECORD.format(day=1, tag=tag)}
    return [
        "{not json at all",
        "[" * 100_000,                                    # RecursionError in json.loads
        '{"id": ' + "9" * 5000 + ', "text": "x"}',        # over Python's 4,300-digit int conversion limit
        '{"id": "a", "text": "lone \\ud800 surrogate"}',
        '{"id": "b\\udc00", "text": "fine text"}',
        '{"id": "c", "title": "\\udfff", "text": "fine text"}',
        '"just a string"',
        "[1, 2, 3]",
        json.dumps({"text": 42}),
        json.dumps({"id": "no-text"}),
        json.dumps({"text": "   "}),
        json.dumps({"id": True, "text": "x"}),
        json.dumps({"id": 1.5, "text": "x"}),
        json.dumps({"id": {"a": 1}, "text": "x"}),
        json.dumps({**ok, "published": "yesterday"}),
        json.dumps({**ok, "published": "2025-02-30"}),
        json.dumps({**ok, "url": ["http://example.org"]}),
        json.dumps({**ok, "title": {"t": 1}}),
        "null",
        "NaN",
    ]


def write_batch(folder: Path, copy: int) -> Batch:
    """One batch of inputs under `folder` (created); `copy` makes its good reports distinct from other batches'."""
    folder.mkdir(parents=True)
    batch = Batch()
    tag = f"batch {copy}"

    # Good reports: the examples, made unique per batch; one behind a file name that is not UTF-8.
    for path in EXAMPLES:
        target = folder / path.name
        target.write_text(path.read_text(encoding="utf-8") + f"\n({tag})\n", encoding="utf-8")
        batch.good.add(path.name)
    odd = os.fsdecode(b"caf\xe9-report.txt")
    (folder / odd).write_text(GOOD_RECORD.format(day=2, tag=tag) + "\n", encoding="utf-8")
    batch.good.add("caf\\xe9-report.txt")

    def bad(name: str | Path, data: bytes | str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        batch.bad.add(str(path))

    # Text files.
    bad("binary.txt", b"\x00\x01\x02" * 100)
    bad("controls.txt", bytes(range(1, 9)) * 50)
    bad("utf16.txt", "Talks in Istanbul".encode("utf-16"))
    bad("latin1.txt", "Talks in Istanbul \u00e9t\u00e9".encode("latin-1"))
    bad("empty.txt", b"")
    bad("blank.txt", b"   \n\n\t  \n")
    bad("only-date.txt", b"date 2025-05-16\n\n")
    bad("bad-date.txt", b"date 2025-13-45\nTalks resumed.\n")
    bad("too-long.txt", ("Talks went on. " * 140_000) + "\n")   # 2.1 M characters: over the cap for one report
    bad("notes.docx", b"PK\x03\x04 not a report type")
    bad("sub/deeper/binary.md", b"\x00" * 10)
    # JSON Lines: one good record in each file, every other line bad.
    for n, name in enumerate(("records.jsonl", "more.ndjson")):
        lines = _bad_json_lines(tag)
        good = json.dumps({"id": f"good-{copy}-{n}", "text": GOOD_RECORD.format(day=3 + n, tag=tag)})
        lines.insert(len(lines) // 2, good)
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        batch.good.add(f"good-{copy}-{n}")
        batch.bad.update(f"{folder / name}:{i + 1}" for i, line in enumerate(lines) if line != good)
    with (folder / "badbytes.jsonl").open("wb") as f:
        f.write(b'{"id": "x", "text": "caf\xe9"}\n')
    batch.bad.add(f"{folder / 'badbytes.jsonl'}:1")
    bad("empty.jsonl", b"\n\n")
    # HTML pages.
    bad("empty.html", b"")
    bad("nothing.html", b"<html><head><title>t</title></head><body></body></html>")
    bad("binary.htm", b"\x00PNG\x00\x00")
    bad("deep.html", "<html><body>" + "<div>" * 50_000 + "x" + "</div>" * 50_000 + "</body></html>")
    # Feeds.
    bad("not-a-feed.xml", b"just some words, not XML")
    bad("no-entries.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    bad("binary.atom", b"\x00\x00\x00\x00")
    bad("empty.rss", b"")
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
            b"<item><title>no text</title></item></channel></rss>")
    (folder / "textless.rss").write_bytes(feed)
    batch.bad.add(f"{folder / 'textless.rss'}#1")
    # The file system itself.
    (folder / "links").mkdir()
    os.symlink("loop-b", folder / "links" / "loop-a")
    os.symlink("loop-a", folder / "links" / "loop-b")
    os.symlink("/dev/zero", folder / "links" / "zero.txt")
    os.symlink("missing-target.txt", folder / "links" / "broken.txt")
    os.symlink(folder / "sub", folder / "links" / "to-folder")
    batch.bad.update(str(folder / "links" / n) for n in ("loop-a", "loop-b", "zero.txt", "broken.txt", "to-folder"))
    os.mkfifo(folder / "pipe.txt")
    batch.bad.add(str(folder / "pipe.txt"))
    (folder / "drafts").mkdir()  # an empty folder inside the tree is no error (named on the command line, it is)
    (folder / "drafts" / ".hidden").write_text("skipped", encoding="utf-8")
    return batch
