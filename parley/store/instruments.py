"""Instruments in the store (migration 0013): writes inside a report's transaction, and the reads the CLI,
the web view, the exports and the records share.

An instrument's *status* is the type of its latest dated step; *stances* on it are the accept/reject steps
of each actor, kept like stances on an issue (support/oppose, with the reports and dates stating them).
"""

from __future__ import annotations

from typing import Any

from parley.models import Extraction
from parley.resolve.instruments import GlobalInstrument
from parley.store.sql import NO_LIMIT, Connection, dialect_of

# Steps that say where an actor stands on an instrument.
STANCE_OF_STEP = {"accept": "support", "sign": "support", "agree": "support", "propose": "support",
                  "hand_over": "support", "reject": "oppose", "suspend": "oppose"}
# Steps that stand for the instrument only in its author's hands: handing over one's own memorandum.
AUTHOR_STEPS = frozenset({"propose", "hand_over"})
KINDS = ("agreement", "memorandum", "plan", "proposal", "declaration", "list", "programme", "initiative")
_SENTENCE = "substr(r.text, {t}.sent_start + 1, {t}.sent_end - {t}.sent_start)"


def known_instruments(conn: Connection) -> list[GlobalInstrument]:
    aliases: dict[str, set[str]] = {}
    for iid, alias in conn.execute("SELECT instrument_id, alias FROM instrument_aliases ORDER BY rowid"):
        aliases.setdefault(iid, set()).add(alias)
    return [GlobalInstrument(r["id"], r["name"], r["kind"], r["owner_id"], r["proper"], r["topic"], r["figure"],
                             r["first_date"], aliases.get(r["id"], set()), set((r["parties"] or "").split()))
            for r in conn.execute("SELECT * FROM instruments ORDER BY rowid")]  # in the order they were met


def write_instruments(c: Connection, rid: int | None, ext: Extraction, touched: list[GlobalInstrument]) -> None:
    """Store one report's instruments (called inside the report's transaction, after its events)."""
    from parley.store.db import fact_key

    gid = {a.ref: a.id for a in ext.actors}
    c.executemany(
        "INSERT INTO instruments (id, name, kind, owner_id, proper, topic, figure, first_date, parties) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "figure = excluded.figure, first_date = excluded.first_date, parties = excluded.parties",
        [(g.id, g.name, g.kind, g.owner, g.proper, g.topic, g.figure, g.first_date, " ".join(sorted(g.parties)))
         for g in touched])
    c.executemany("INSERT INTO instrument_aliases (instrument_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
                  [(g.id, a) for g in touched for a in sorted(g.aliases)])
    events = c.execute("SELECT id, sent_start FROM events WHERE report_id = ?", (rid,)).fetchall()
    for inst in ext.instruments:
        if inst.id is None:
            continue  # not resolved: nothing to point at
        c.executemany(
            'INSERT INTO instrument_mentions (report_id, instrument_id, text, start, "end", sent_start, sent_end) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(rid, inst.id, m.text, m.span.start, m.span.end, m.span.sent_start, m.span.sent_end)
             for m in inst.mentions])
        sentences = {m.span.sent_start for m in inst.mentions}
        c.executemany("INSERT INTO instrument_events (instrument_id, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                      [(inst.id, e["id"]) for e in events if e["sent_start"] in sentences])
        for s in inst.steps:
            actors = [gid[x] for x in s.actors]
            step_id = c.execute(
                'INSERT INTO instrument_steps (report_id, instrument_id, type, date, cue, detail, fact_key, start, '
                '"end", sent_start, sent_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
                (rid, inst.id, s.type, s.date, s.cue, s.detail, fact_key("step", inst.id, s.type, sorted(actors), s.date),
                 s.span.start, s.span.end, s.span.sent_start, s.span.sent_end)).fetchone()[0]
            c.executemany("INSERT INTO instrument_step_actors (step_id, actor_id, part, ord) VALUES (?, ?, ?, ?)",
                          [(step_id, a, "actor", i) for i, a in enumerate(actors)]
                          + [(step_id, gid[t], "target", i) for i, t in enumerate(s.targets)])
        c.executemany(
            'INSERT INTO instrument_provisions (report_id, instrument_id, text, issue, start, "end", sent_start, '
            "sent_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rid, inst.id, p.text, p.issue, p.span.start, p.span.end, p.span.sent_start, p.span.sent_end)
             for p in inst.provisions])


# --- reads -------------------------------------------------------------------------------------------

def _steps(conn: Connection, where: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT s.id, s.instrument_id, s.type, s.date, s.cue, s.detail, s.report_id, s.sent_start, s.sent_end, "
        f"r.doc, r.published, {_SENTENCE.format(t='s')} AS sentence FROM instrument_steps s "
        f"JOIN reports r ON r.id = s.report_id WHERE {where} ORDER BY coalesce(s.date, r.published, '9999'), s.id",
        args).fetchall()
    parts: dict[int, dict[str, list[str]]] = {}
    ids = [r["id"] for r in rows]
    if ids:
        marks = ",".join("?" * len(ids))
        for p in conn.execute(f"SELECT step_id, actor_id, part FROM instrument_step_actors WHERE step_id IN ({marks}) "
                              f"ORDER BY step_id, part, ord", ids):
            parts.setdefault(p["step_id"], {"actor": [], "target": []})[p["part"]].append(p["actor_id"])
    out = []
    for r in rows:
        p = parts.get(r["id"], {"actor": [], "target": []})
        out.append({"id": r["id"], "instrument": r["instrument_id"], "type": r["type"], "actors": p["actor"],
                    "targets": p["target"], "date": r["date"], "detail": r["detail"], "cue": r["cue"],
                    "reports": [r["doc"]],
                    "evidence": {"report_id": r["report_id"], "doc": r["doc"], "published": r["published"],
                                 "sent_start": r["sent_start"], "sent_end": r["sent_end"],
                                 "sentence": " ".join((r["sentence"] or "").split())}})
    return out


def merge_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One step however many reports state it: same type, actors and date."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for s in steps:
        key = (s["instrument"], s["type"], tuple(sorted(s["actors"])), s["date"], s["detail"])
        if key in merged:
            m = merged[key]
            if s["reports"][0] not in m["reports"]:
                m["reports"].append(s["reports"][0])
            m["evidence_all"].append(s["evidence"])
        else:
            merged[key] = {**s, "reports": list(s["reports"]), "evidence_all": [s["evidence"]]}
    return list(merged.values())


def _aliases(conn: Connection, iid: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT alias FROM instrument_aliases WHERE instrument_id = ? ORDER BY "
                                       "length(alias), alias", (iid,))]


def list_instruments(conn: Connection, *, kind: str | None = None, actor: str | None = None,
                     negotiation: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Instruments named in at least one report (of `negotiation`, if given), most reported first, each with
    its steps."""
    from parley.store.negotiations import in_negotiation

    where, args = ["1 = 1"], []
    if negotiation:
        where.append(in_negotiation("m.report_id"))
        args.append(negotiation)
    if kind:
        where.append("i.kind = ?")
        args.append(kind)
    if actor:
        where.append("(i.owner_id = ? OR i.id IN (SELECT s.instrument_id FROM instrument_steps s JOIN "
                     "instrument_step_actors a ON a.step_id = s.id WHERE a.actor_id = ?))")
        args += [actor, actor]
    rows = conn.execute(
        f"SELECT i.id, i.name, i.kind, i.owner_id, count(DISTINCT m.report_id) AS reports FROM instruments i "
        f"JOIN instrument_mentions m ON m.instrument_id = i.id WHERE {' AND '.join(where)} GROUP BY i.id "
        f"ORDER BY reports DESC, i.name LIMIT ?", (*args, limit if limit is not None else NO_LIMIT)).fetchall()
    out = []
    for r in rows:
        steps = merge_steps(_steps(conn, "s.instrument_id = ?", (r["id"],)))
        dated = [s for s in steps if s["date"]]
        out.append({"id": r["id"], "name": r["name"], "kind": r["kind"], "owner": r["owner_id"],
                    "aliases": _aliases(conn, r["id"]), "reports": r["reports"],
                    "status": dated[-1]["type"] if dated else (steps[-1]["type"] if steps else None),
                    "steps": [{k: s[k] for k in ("type", "actors", "targets", "date", "detail", "reports")}
                              for s in steps]})
    return out


def instrument_detail(conn: Connection, iid: str) -> dict[str, Any] | None:
    """One instrument: aliases, dated steps with evidence, stances, provisions, linked events, reports."""
    row = conn.execute("SELECT id, name, kind, owner_id FROM instruments WHERE id = ?", (iid,)).fetchone()
    if row is None:
        return None
    steps = merge_steps(_steps(conn, "s.instrument_id = ?", (iid,)))
    stances: dict[tuple[str, str], dict[str, Any]] = {}
    for s in steps:
        stance = STANCE_OF_STEP.get(s["type"])
        if stance is None:
            continue
        for a in s["actors"]:
            if s["type"] in AUTHOR_STEPS and row["owner_id"] not in (None, a):
                continue
            st = stances.setdefault((a, stance), {"actor": a, "stance": stance, "steps": [], "reports": []})
            st["steps"].append(s["type"])
            st["reports"] += [d for d in s["reports"] if d not in st["reports"]]
    provisions = [{"text": p["text"], "issue": p["issue"],
                   "evidence": {"report_id": p["report_id"], "doc": p["doc"], "published": p["published"],
                                "sent_start": p["sent_start"], "sent_end": p["sent_end"],
                                "sentence": " ".join((p["sentence"] or "").split())}}
                  for p in conn.execute(
                      f"SELECT p.text, p.issue, p.report_id, p.sent_start, p.sent_end, r.doc, r.published, "
                      f"{_SENTENCE.format(t='p')} AS sentence FROM instrument_provisions p JOIN reports r "
                      f"ON r.id = p.report_id WHERE p.instrument_id = ? ORDER BY coalesce(r.published, '9999'), p.id",
                      (iid,))]
    # Versions: the provisions as each dated report gives them, where more than one report does.
    versions: dict[str, list[str]] = {}
    for p in provisions:
        versions.setdefault(p["evidence"]["published"] or "undated", []).append(p["text"])
    mentions = [dict(m) for m in conn.execute(
        f"SELECT m.text, m.report_id, r.doc, r.published, {_SENTENCE.format(t='m')} AS sentence "
        f"FROM instrument_mentions m JOIN reports r ON r.id = m.report_id WHERE m.instrument_id = ? "
        f"ORDER BY r.id, m.start", (iid,))]
    reports: dict[int, dict[str, Any]] = {}
    for m in mentions:
        reports.setdefault(m["report_id"], {"report_id": m["report_id"], "doc": m["doc"],
                                            "published": m["published"], "mentions": []})["mentions"].append(
            {"text": m["text"], "sentence": " ".join((m["sentence"] or "").split())})
    events = [dict(e) for e in conn.execute(
        "SELECT e.id, e.type, e.date, r.doc FROM instrument_events ie JOIN events e ON e.id = ie.event_id "
        "JOIN reports r ON r.id = e.report_id WHERE ie.instrument_id = ? ORDER BY coalesce(e.date, '9999'), e.id",
        (iid,))]
    dated = [s for s in steps if s["date"]]
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "owner": row["owner_id"],
            "aliases": _aliases(conn, iid), "status": dated[-1]["type"] if dated else None,
            "steps": [{k: v for k, v in s.items() if k != "evidence"} for s in steps],
            "stances": list(stances.values()), "provisions": provisions,
            "versions": versions if len(versions) > 1 else {}, "events": events,
            "reports": list(reports.values())}


def instruments_of_report(conn: Connection, report_id: int) -> list[dict[str, Any]]:
    """The instruments one report names (for report and happening pages), in the order it names them."""
    return [dict(r) for r in conn.execute(
        "SELECT i.id, i.name, i.kind, min(m.start) AS first FROM instrument_mentions m JOIN instruments i "
        "ON i.id = m.instrument_id WHERE m.report_id = ? GROUP BY i.id ORDER BY first", (report_id,))]


def instruments_of_event(conn: Connection, event_id: int) -> list[dict[str, Any]]:
    """The instruments an event acts on (its sentence names them)."""
    return [dict(r) for r in conn.execute(
        "SELECT i.id, i.name, i.kind FROM instrument_events ie JOIN instruments i ON i.id = ie.instrument_id "
        "WHERE ie.event_id = ? ORDER BY i.name", (event_id,))]


def instruments_of_actor(conn: Connection, actor_id: str) -> list[dict[str, Any]]:
    """The instruments an actor owns or takes a step on, with the step types."""
    rows = conn.execute(
        f"SELECT i.id, i.name, i.kind, {dialect_of(conn).group_concat('s.type')} AS steps FROM instruments i "
        "LEFT JOIN instrument_steps s ON s.instrument_id = i.id "
        "LEFT JOIN instrument_step_actors a ON a.step_id = s.id "
        "WHERE i.owner_id = ? OR a.actor_id = ? GROUP BY i.id ORDER BY i.name", (actor_id, actor_id)).fetchall()
    return [{"id": r["id"], "name": r["name"], "kind": r["kind"],
             "steps": sorted((r["steps"] or "").split(",")) if r["steps"] else []} for r in rows]


def instrument_records(conn: Connection, report_id: int) -> list[dict[str, Any]]:
    """The `instruments` list of a report's exported record: what this report says of each instrument."""
    out = []
    for inst in instruments_of_report(conn, report_id):
        steps = _steps(conn, "s.instrument_id = ? AND s.report_id = ?", (inst["id"], report_id))
        # Each wording once, in the order the report first uses it.
        mentions = list(dict.fromkeys(r[0] for r in conn.execute(
            "SELECT text FROM instrument_mentions WHERE report_id = ? AND instrument_id = ? ORDER BY start, id",
            (report_id, inst["id"]))))
        provisions = [{"text": r["text"], "issue": r["issue"]} for r in conn.execute(
            "SELECT text, issue FROM instrument_provisions WHERE report_id = ? AND instrument_id = ? ORDER BY id",
            (report_id, inst["id"]))]
        out.append({"id": inst["id"], "name": inst["name"], "kind": inst["kind"], "mentions": mentions,
                    "steps": [{k: s[k] for k in ("type", "actors", "targets", "date", "detail")} for s in steps],
                    "provisions": provisions})
    return out


def instrument_table(conn: Connection) -> list[dict[str, Any]]:
    """One row per instrument for the CSV/Parquet exports."""
    return [{"id": r["id"], "name": r["name"], "kind": r["kind"], "owner": r["owner"], "reports": r["reports"],
             "status": r["status"], "aliases": r["aliases"],
             "steps": [f"{s['date'] or 'undated'} {s['type']} {','.join(s['actors'])}".strip() for s in r["steps"]]}
            for r in list_instruments(conn)]


def step_table(conn: Connection) -> list[dict[str, Any]]:
    """One row per stated step for the CSV/Parquet exports."""
    return [{"instrument": s["instrument"], "type": s["type"], "date": s["date"], "detail": s["detail"],
             "actors": s["actors"], "targets": s["targets"], "doc": s["evidence"]["doc"],
             "sentence": s["evidence"]["sentence"]} for s in _steps(conn, "1 = 1", ())]


def instrument_actor_names(conn: Connection, instrument_id: str, owner: str | None) -> dict[str, str]:
    """Names by id of an instrument's owner and of every actor of its steps."""
    return {r["id"]: r["name"] for r in conn.execute(
        "SELECT id, name FROM actors WHERE id = ? OR id IN (SELECT a.actor_id FROM instrument_step_actors a "
        "JOIN instrument_steps s ON s.id = a.step_id WHERE s.instrument_id = ?)", (owner or "", instrument_id))}
