"""Syndicated copies in the store: fold a near-copy into the report it copies, and read them back.

`CopyLedger` is what ingest asks before extracting a report (see :mod:`parley.resolve.copies` for how a
copy is recognised): a copy becomes a row of ``copies`` (its outlet, URL, title, date and credited sources)
pointing at the canonical report, and costs a hash instead of a spaCy pass. Reports extracted in the same
run are indexed as soon as they are handed to extraction, so a copy arriving a moment after its original
is folded too, and recorded once the original is stored.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal

from parley.models import Report
from parley.resolve.copies import NUM_PERM, CopyIndex, CopyMatch, Signature, outlet_of, signature
from parley.store.sql import Connection, atomic

Folded = Literal["copy", "known"]


@dataclass(slots=True)
class _Pending:
    report: Report
    match: CopyMatch


def load_copy_index(conn: Connection) -> CopyIndex:
    """The index of every report stored in `conn`; reports without a stored signature get one."""
    index = CopyIndex()
    rows = conn.execute("SELECT r.id, r.key, s.signature, s.num_perm, s.shingles, s.words FROM reports r "
                        "LEFT JOIN report_signatures s ON s.report_id = r.id ORDER BY r.id").fetchall()
    missing = []
    for rid, key, blob, num_perm, size, n_words in rows:
        if blob is not None and num_perm == NUM_PERM:
            sig = Signature.from_blob(blob, size, n_words)
        else:  # stored before migration 0012, or by a writer killed before it saved the signature
            text = conn.execute("SELECT text FROM reports WHERE id = ?", (rid,)).fetchone()[0]
            sig = signature(text)
            missing.append((rid, sig))
        index.add(key, sig)
    if missing:
        save_signatures(conn, missing)
    return index


def save_signatures(conn: Connection, items: list[tuple[int, Signature]]) -> None:
    with atomic(conn):
        conn.executemany("INSERT INTO report_signatures (report_id, num_perm, signature, shingles, words) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (report_id) DO UPDATE SET num_perm = excluded.num_perm, "
                         "signature = excluded.signature, shingles = excluded.shingles, words = excluded.words",
                         [(rid, NUM_PERM, s.to_blob(), s.size, s.words) for rid, s in items])


# One index per database file and process, extended with the reports stored since it was built: the web
# writer makes an Ingestor per posted report, and rebuilding the index each time would read every signature.
_INDEXES: dict[str, tuple[CopyIndex, int]] = {}
_LOCK = threading.Lock()


def _index_for(path: str, conn: Connection) -> CopyIndex:
    last = conn.execute("SELECT coalesce(max(id), 0) FROM reports").fetchone()[0]
    with _LOCK:
        cached = _INDEXES.get(path) if path != ":memory:" else None
        if cached is not None and cached[1] <= last:
            index, seen = cached
            for rid, key, blob, size, n_words in conn.execute(
                    "SELECT r.id, r.key, s.signature, s.shingles, s.words FROM reports r LEFT JOIN report_signatures "
                    "s ON s.report_id = r.id WHERE r.id > ? ORDER BY r.id", (seen,)).fetchall():
                if blob is None:
                    text = conn.execute("SELECT text FROM reports WHERE id = ?", (rid,)).fetchone()[0]
                    sig = signature(text)
                    save_signatures(conn, [(rid, sig)])
                else:
                    sig = Signature.from_blob(blob, size, n_words)
                index.add(key, sig)
        else:  # first use, or the file was replaced by one with fewer reports
            index = load_copy_index(conn)
        if path != ":memory:":
            _INDEXES[path] = (index, last)
        return index


class CopyLedger:
    """Folds near-copies for one Store. Create one per ingest run (the index behind it is shared)."""

    def __init__(self, conn: Connection, path: str = ":memory:"):
        self.conn = conn
        self.path = path
        self._index: CopyIndex | None = None
        self._pending: dict[str, list[_Pending]] = {}  # key of a report being extracted -> its copies
        self._signatures: dict[str, Signature] = {}  # key -> signature, for reports being extracted

    @property
    def index(self) -> CopyIndex:
        if self._index is None:
            self._index = _index_for(self.path, self.conn)
        return self._index

    def fold(self, report: Report) -> Folded | None:
        """"copy" when `report` copies a known report (recorded, or pending until that one is stored),
        "known" when this very copy is recorded already, None when it is to be extracted."""
        key = report.key
        if self.conn.execute("SELECT 1 FROM copies WHERE key = ?", (key,)).fetchone():
            return "known"
        sig = signature(report.text)
        match = self.index.match(sig)
        if match is None:
            # To be extracted: index it now, so its copies later in this run are folded into it.
            self._signatures[key] = sig
            self.index.add(key, sig)
            return None
        if match.key in self._signatures:
            self._pending.setdefault(match.key, []).append(_Pending(report, match))
            return "copy"
        row = self.conn.execute("SELECT id FROM reports WHERE key = ?", (match.key,)).fetchone()
        if row is None:  # indexed by a run that never stored it (killed, or extraction failed)
            self._signatures[key] = sig
            return None
        record_copy(self.conn, row[0], report, match)
        return "copy"

    def stored(self, report: Report, report_id: int | None) -> None:
        """`report` was stored as `report_id` (None: it already was): keep its signature, record its copies."""
        key = report.key
        sig = self._signatures.pop(key, None) or signature(report.text)
        if report_id is None:
            row = self.conn.execute("SELECT id FROM reports WHERE key = ?", (key,)).fetchone()
            report_id = row[0] if row else None
        if report_id is None:
            return
        save_signatures(self.conn, [(report_id, sig)])
        self.index.add(key, sig)
        for p in self._pending.pop(key, []):
            record_copy(self.conn, report_id, p.report, p.match)


def record_copy(conn: Connection, report_id: int, copy: Report, match: CopyMatch) -> int | None:
    """Store `copy` as a copy of report `report_id`; None if it was recorded already."""
    with atomic(conn):
        row = conn.execute(
            "INSERT INTO copies (report_id, key, doc, url, title, outlet, published, origin, similarity) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id",
            (report_id, copy.key, copy.doc, copy.url, copy.title, copy.outlet or outlet_of(copy.url),
             copy.published.isoformat() if copy.published else None, copy.origin, round(match.similarity, 3))).fetchone()
        if row is None:
            return None
        copy_id = int(row[0])
        conn.executemany("INSERT INTO copy_sources (copy_id, source) VALUES (?, ?) ON CONFLICT DO NOTHING",
                         [(copy_id, s) for s in copy.sources])
    return copy_id


def copies_of(conn: Connection, report_id: int) -> list[dict[str, Any]]:
    """The recorded copies of one report, in the order they arrived, with their credited sources."""
    rows = [dict(r) for r in conn.execute(
        "SELECT id, doc, url, title, outlet, published, origin, similarity, ingested_at FROM copies "
        "WHERE report_id = ? ORDER BY id", (report_id,))]
    sources: dict[int, list[str]] = {}
    for cid, source in conn.execute("SELECT cs.copy_id, cs.source FROM copy_sources cs JOIN copies c "
                                    "ON c.id = cs.copy_id WHERE c.report_id = ? ORDER BY cs.rowid", (report_id,)):
        sources.setdefault(cid, []).append(source)
    for r in rows:
        r["sources"] = sources.get(r["id"], [])
    return rows


def republished_by(conn: Connection, report_id: int) -> list[str]:
    """Outlets that carried the report as a copy, and the sources those copies credit, first seen first."""
    out: dict[str, None] = {}
    for c in copies_of(conn, report_id):
        for name in ([c["outlet"]] if c["outlet"] else []) + c["sources"]:
            out.setdefault(name, None)
    return list(out)


def find_report(conn: Connection, ref: str) -> int | None:
    """A report's id from its id, its doc name or its URL; also the canonical report of a copy's doc/URL."""
    if ref.isdigit():
        row = conn.execute("SELECT id FROM reports WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return row[0]
    for sql in ("SELECT id FROM reports WHERE doc = ? OR url = ? ORDER BY id LIMIT 1",
                "SELECT report_id FROM copies WHERE doc = ? OR url = ? ORDER BY id LIMIT 1"):
        row = conn.execute(sql, (ref, ref)).fetchone()
        if row:
            return row[0]
    return None
