"""The store's side of negotiations: which reports attach to which negotiation, kept current.

`report_negotiations` (migration 0011) is derived data. `Store.add` attaches each new report in its own
transaction; a writer that opens the database recomputes every report's attachments when the negotiations
data (or an issue cue they use) has changed since they were computed, so editing `negotiations.toml` or
migrating an older knowledge base needs no extra step. `recompute` forces it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from parley.lexicon import Negotiation, load_lexicon, load_negotiations
from parley.resolve.negotiations import ReportFacts, attach
from parley.store.sql import Connection, atomic

# Reports read per batch when recomputing: bounds memory at any size of knowledge base.
BATCH = 500


def fingerprint(negotiations: tuple[Negotiation, ...] | None = None) -> str:
    """A digest of the data attachment depends on: the negotiations and the issue cues."""
    negotiations = load_negotiations() if negotiations is None else negotiations
    issues = load_lexicon().cues.get("positions", {}).get("issues", {})
    data = {"negotiations": [asdict(n) for n in negotiations], "issues": issues}
    return hashlib.sha1(json.dumps(data, sort_keys=True, default=list).encode("utf-8")).hexdigest()


def report_facts(conn: Connection, report_ids: list[int]) -> dict[int, ReportFacts]:
    """What attachment reads of each stored report."""
    marks = ",".join("?" * len(report_ids))
    actors: dict[int, set[str]] = {rid: set() for rid in report_ids}
    countries: dict[int, set[str]] = {rid: set() for rid in report_ids}
    for r in conn.execute(f"SELECT ra.report_id, ra.actor_id, a.country FROM report_actors ra "
                          f"JOIN actors a ON a.id = ra.actor_id WHERE ra.report_id IN ({marks})", report_ids):
        actors[r[0]].add(r[1])
        if r[2]:
            countries[r[0]].add(r[2])
    out = {}
    for r in conn.execute(f"SELECT id, title, text, published FROM reports WHERE id IN ({marks})",
                          report_ids):
        out[r[0]] = ReportFacts(frozenset(actors[r[0]]), frozenset(countries[r[0]]),
                                f"{r[1] or ''}\n{r[2]}", r[3])
    return out


def attach_reports(conn: Connection, report_ids: list[int]) -> int:
    """(Re)compute the attachments of `report_ids` inside the caller's transaction; the rows written."""
    lex, negotiations = load_lexicon(), load_negotiations()
    written = 0
    for i in range(0, len(report_ids), BATCH):
        chunk = report_ids[i:i + BATCH]
        conn.execute(f"DELETE FROM report_negotiations WHERE report_id IN ({','.join('?' * len(chunk))})", chunk)
        rows = [(a.negotiation, rid, a.score, a.reason)
                for rid, facts in report_facts(conn, chunk).items() for a in attach(facts, lex, negotiations)]
        conn.executemany("INSERT INTO report_negotiations (negotiation_id, report_id, score, reason) "
                         "VALUES (?, ?, ?, ?)", rows)
        written += len(rows)
    return written


def recompute(conn: Connection) -> int:
    """Recompute every report's attachments (in one transaction) and record the data's fingerprint."""
    with atomic(conn):
        conn.execute("DELETE FROM report_negotiations")
        ids = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
        written = attach_reports(conn, ids)
        conn.execute("DELETE FROM negotiation_data")
        conn.execute("INSERT INTO negotiation_data (fingerprint) VALUES (?)", (fingerprint(),))
    return written


def ensure_current(conn: Connection) -> bool:
    """Recompute the attachments when the negotiations data changed since they were computed; whether it did."""
    row = conn.execute("SELECT fingerprint FROM negotiation_data").fetchone()
    if row is not None and row[0] == fingerprint():
        return False
    recompute(conn)
    return True


# --- reads ---------------------------------------------------------------------------------------------

def in_negotiation(column: str) -> str:
    """A condition on `column` (a report id) for a `negotiation = ?` filter; bind the negotiation id."""
    return f"{column} IN (SELECT report_id FROM report_negotiations WHERE negotiation_id = ?)"


def list_negotiations(conn: Connection, negotiations: Iterable[Negotiation] | None = None
                      ) -> list[dict[str, Any]]:
    """Every negotiation of the data with its number of reports and first and last report dates."""
    stats = {r["negotiation_id"]: dict(r) for r in conn.execute(
        "SELECT rn.negotiation_id, count(*) AS reports, min(r.published) AS first_report, "
        "max(r.published) AS last_report FROM report_negotiations rn "
        "JOIN reports r ON r.id = rn.report_id GROUP BY rn.negotiation_id")}
    out = []
    for n in load_negotiations() if negotiations is None else negotiations:
        s = stats.get(n.id, {})
        out.append({"id": n.id, "name": n.name, "aliases": list(n.aliases), "parties": list(n.parties),
                    "mediators": list(n.mediators), "issues": list(n.issues), "since": n.since, "until": n.until,
                    "reports": s.get("reports", 0), "first_report": s.get("first_report"),
                    "last_report": s.get("last_report")})
    return out


def report_negotiations(conn: Connection, report_id: int) -> list[dict[str, Any]]:
    """The negotiations one report attaches to, best evidence first, with why."""
    names = {n.id: n.name for n in load_negotiations()}
    return [{"id": r["negotiation_id"], "name": names.get(r["negotiation_id"], r["negotiation_id"]),
             "score": r["score"], "reason": r["reason"]}
            for r in conn.execute("SELECT negotiation_id, score, reason FROM report_negotiations WHERE report_id = ? "
                                  "ORDER BY score DESC, negotiation_id", (report_id,))]
