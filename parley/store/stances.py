"""Stance histories read from the store as typed rows (:class:`parley.resolve.stances.StanceHistory`)."""

from __future__ import annotations

from parley.resolve.stances import StanceHistory, StanceStatement, stance_histories
from parley.store.sql import Connection
from parley.store.timelines import headline


def stance_statements(conn: Connection) -> list[StanceStatement]:
    return [StanceStatement(
        position_id=r["id"], report_id=r["report_id"], doc=r["doc"], headline=headline(r["title"], r["head"] or ""),
        date=r["published"], estimated=r["est_start"], holder=r["holder_id"], holder_kind=r["kind"] or "person",
        holder_country=r["country"], issue=r["issue"], stance=r["stance"],
        sentence=" ".join((r["sentence"] or "").split()), sent_start=r["sent_start"])
        for r in conn.execute(
            "SELECT p.id, p.report_id, r.doc, r.title, substr(r.text, 1, 400) AS head, r.published, r.est_start, "
            "p.holder_id, a.kind, a.country, p.issue, p.stance, p.sent_start, "
            "substr(r.text, p.sent_start + 1, p.sent_end - p.sent_start) AS sentence "
            "FROM positions p JOIN reports r ON r.id = p.report_id LEFT JOIN actors a ON a.id = p.holder_id "
            "ORDER BY p.id")]


def stance_rows(conn: Connection, *, issue: str | None = None, holder: str | None = None) -> list[StanceHistory]:
    out = stance_histories(stance_statements(conn))
    return [h for h in out if (not issue or h.issue == issue) and (not holder or h.holder == holder)]


def latest_stances(conn: Connection) -> list[StanceHistory]:
    return stance_rows(conn)
