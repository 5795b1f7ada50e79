"""Happenings read from the store as typed rows (:class:`parley.resolve.happenings.Happening`).

They are computed from the stored events on each call: one pass over the events of the happening types
(about 90 rows for the 27 examples). Filters apply to the merged happenings, so a happening is found by any
of its participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.resolve.contradictions import Contradiction
from parley.resolve.happenings import EventRow, Happening, build_happenings, load_cues, pairs
from parley.store.sql import Connection
from parley.store.timelines import headline


def side_map(conn: Connection) -> dict[str, str]:
    """Each actor's side: a country is its own; a person or organization acts for its country where known."""
    return {r[0]: (r[0] if r[1] == "country" else (r[2] or r[0]))
            for r in conn.execute("SELECT id, kind, country FROM actors")}


def event_rows(conn: Connection, types: frozenset[str] | None = None) -> list[EventRow]:
    types = types or load_cues().types
    marks = ",".join("?" * len(types))
    parts: dict[int, tuple[list[str], list[str]]] = {}
    for p in conn.execute(f"SELECT ep.event_id, ep.actor_id, ep.part FROM event_participants ep JOIN events e ON "
                          f"e.id = ep.event_id WHERE e.type IN ({marks}) ORDER BY ep.event_id, ep.part, ep.ord",
                          sorted(types)):
        slot = parts.setdefault(p[0], ([], []))
        (slot[0] if p[2] == "actor" else slot[1]).append(p[1])
    sources: dict[int, tuple[str, ...]] = {}
    for rid, src in conn.execute("SELECT report_id, source FROM report_sources ORDER BY report_id, rowid"):
        sources[rid] = (*sources.get(rid, ()), src)
    rows = []
    for e in conn.execute(
            f"SELECT e.id, e.report_id, e.type, e.date, e.place, e.cue, e.start, e.sent_start, r.doc, r.title, "
            f"substr(r.text, 1, 400) AS head, r.published, r.est_start, r.est_end, "
            f"substr(r.text, e.sent_start + 1, e.sent_end - e.sent_start) AS sentence "
            f"FROM events e JOIN reports r ON r.id = e.report_id WHERE e.type IN ({marks}) ORDER BY e.id",
            sorted(types)):
        actors, targets = parts.get(e["id"], ([], []))
        rows.append(EventRow(
            id=e["id"], report_id=e["report_id"], doc=e["doc"], headline=headline(e["title"], e["head"] or ""),
            report_date=e["published"], report_window=(e["est_start"], e["est_end"]) if e["est_end"] else None,
            sources=sources.get(e["report_id"], ()), type=e["type"], date=e["date"], place=e["place"],
            cue=e["cue"], actors=tuple(actors), targets=tuple(targets), sentence=e["sentence"] or "",
            cue_start=e["start"] - e["sent_start"], sent_start=e["sent_start"]))
    return rows


def happening_rows(conn: Connection, *, type: str | None = None, actor: str | None = None,
                   since: str | None = None, until: str | None = None,
                   include_proposed: bool = False) -> list[Happening]:
    """Happenings oldest first (undated last); proposed ones only when asked for."""
    out = build_happenings(event_rows(conn), side_map(conn))
    if not include_proposed:
        out = [h for h in out if h.status == "held"]
    if type:
        out = [h for h in out if h.type == type]
    if actor:
        out = [h for h in out if actor in h.actors or actor in h.targets]
    if since:
        out = [h for h in out if h.date and h.date >= since]
    if until:
        out = [h for h in out if h.date and h.date[:len(until)] <= until]
    return sorted(out, key=lambda h: (h.date is None, h.date or "", h.type, h.id))


def happening_pairs(conn: Connection) -> list[tuple[str, str, Happening]]:
    """(actor, actor, happening) for each pair of sides meeting in a held consult or agree happening."""
    sides = side_map(conn)
    meeting = load_cues().meeting
    return [(a, b, h) for h in happening_rows(conn) if h.type in meeting for a, b in pairs(h, sides)]


def contradiction_rows(conn: Connection) -> list[Contradiction]:
    """Where the reports disagree: on a happening's date, place or numbers, or on a holder's stance."""
    from parley.resolve.contradictions import happening_contradictions, stance_contradictions
    from parley.store.stances import stance_rows

    found = happening_rows(conn)
    return (happening_contradictions(found, load_cues().meeting) + agreement_rows(conn, found)
            + stance_contradictions(stance_rows(conn)))


def agreement_rows(conn: Connection, found: list[Happening]) -> list[Contradiction]:
    """Agreements another report of the same day denies: the reports of the agreements' days are read."""
    import re

    from parley.lexicon import _read
    from parley.resolve.contradictions import Sentence, agreement_contradictions

    days = sorted({h.date for h in found if h.type == "agree" and h.date})
    if not days:
        return []
    cues = _read("cues.toml")
    issues = {i: [re.compile(p, re.I) for p in pats] for i, pats in cues.get("positions", {}).get("issues", {}).items()}
    not_agreed = [re.compile(p, re.I) for p in _read("happenings.toml").get("not_agreed", {}).get("patterns", [])]
    sentences = []
    for r in conn.execute(f"SELECT id, doc, title, published, text FROM reports WHERE published IN "
                          f"({','.join('?' * len(days))})", days):
        for m in re.finditer(r"[^.!?\n]+[.!?]?", r["text"]):
            if any(p.search(m.group(0)) for p in not_agreed):
                sentences.append(Sentence(r["id"], r["doc"], headline(r["title"], r["text"][:400]), r["published"],
                                          m.start(), m.group(0).strip()))
    return agreement_contradictions(found, sentences, issues, not_agreed)


def happening_network(conn: Connection, *, max_nodes: int = 60) -> dict[str, object]:
    """Who met whom: pairs of actors in the same held meeting or agreement happening.

    Proposed and refused meetings draw nothing; an actor never pairs with itself or the country it speaks
    for. Weight: the number of happenings; each edge keeps its latest happening's date and evidence.
    """
    edges: dict[tuple[str, str], dict[str, object]] = {}
    found = happening_pairs(conn)
    # The heads of the delegations meet at each round of talks, whether or not a sentence names them.
    for r in round_rows(conn):
        heads = sorted(r.heads.values())
        found += [(a, b, r.happenings[0]) for i, a in enumerate(heads) for b in heads[i + 1:]]
    for a, b, h in found:
        e = edges.setdefault((a, b), {"source": a, "target": b, "weight": 0, "date": None, "evidence": None,
                                      "happening": h.id, "types": []})
        e["weight"] = int(str(e["weight"])) + 1
        types = e["types"]
        if isinstance(types, list) and h.type not in types:
            types.append(h.type)
        if e["evidence"] is None or (h.date or "") >= str(e["date"] or ""):
            ev = h.evidence[0]
            e["date"], e["happening"] = h.date, h.id
            e["evidence"] = {"report_id": ev.report_id, "doc": ev.doc, "headline": ev.headline,
                             "published": ev.report_date, "sent_start": ev.sent_start,
                             "sent_end": ev.sent_start + len(ev.sentence), "sentence": " ".join(ev.sentence.split())}
    degree: dict[str, int] = {}
    for (a, b), e in edges.items():
        w = int(str(e["weight"]))
        degree[a] = degree.get(a, 0) + w
        degree[b] = degree.get(b, 0) + w
    keep = set(sorted(degree, key=lambda k: (-degree[k], k))[:max_nodes])
    info = {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT id, name, kind, country FROM actors")}
    nodes = [{"id": k, "name": info[k][0], "kind": info[k][1], "side": info[k][2] if info[k][1] != "country" else k,
              "degree": degree[k]} for k in sorted(keep, key=lambda k: (-degree[k], k)) if k in info]
    kept = [e for (a, b), e in sorted(edges.items(), key=lambda kv: (-int(str(kv[1]["weight"])), kv[0]))
            if a in keep and b in keep]
    return {"nodes": nodes, "edges": kept}


@dataclass(slots=True)
class Round:
    """A round of talks or a summit: the meetings of one day at one place, what they agreed, who led."""

    id: str
    date: str
    place: str
    sides: list[str]
    happenings: list[Happening]
    agreed: list[Happening]
    reports: int
    heads: dict[str, str]  # side -> the head of its delegation that day


def round_rows(conn: Connection) -> list[Round]:
    """Rounds of talks and summits: held meetings of two or more sides at a place, on a day; meetings of
    the same day without a place that the same sides attend join them."""
    held = happening_rows(conn)
    meetings = [h for h in held if h.type == "consult" and h.date_precision == "day" and len(h.sides) >= 2]
    rounds: dict[tuple[str, str], list[Happening]] = {}
    for h in meetings:
        if h.place:
            rounds.setdefault((h.date or "", h.place), []).append(h)
    for h in meetings:
        if not h.place:
            for (day, _place), hs in rounds.items():
                if day == h.date and set(hs[0].sides) <= set(h.sides):
                    hs.append(h)
                    break
            else:
                # Talks whose reports give no place take the place of what they agreed that day.
                deal = next((a for a in held if a.type == "agree" and a.date == h.date and a.place
                             and len(set(a.sides) & set(h.sides)) >= 2), None)
                if deal and deal.place:
                    rounds.setdefault((h.date or "", deal.place), []).append(h)
    out = []
    for (day, place), hs in sorted(rounds.items()):
        main = hs[0]
        agreed = [a for a in held
                  if a.type == "agree" and a.date == day and (a.place in (None, place))]
        sides = sorted({s for h in hs for s in h.sides})
        heads = delegation_heads(conn, day, sides)
        # Delegations meet delegations: a head is at a round only when the other side's head is too.
        out.append(Round(main.id, day, place, sides, hs, agreed, len({e.report_id for h in hs for e in h.evidence}),
                         heads if len(heads) >= 2 else {}))
    return out


def delegation_heads(conn: Connection, day: str, sides: list[str]) -> dict[str, str]:
    """Who headed each side's delegation on `day`, by the role timelines (side -> actor id)."""
    from parley.resolve.roles import load_posts
    from parley.store.timelines import role_timeline_rows, title_keys

    catalog = load_posts()
    keys = [k for k in title_keys(conn) if catalog.post_of(k)[0] == "delegation-head"]
    if not keys:
        return {}
    people = [r[0] for r in conn.execute(
        f"SELECT DISTINCT actor_id FROM roles WHERE title_key IN ({','.join('?' * len(keys))})", keys)]
    out: dict[str, str] = {}
    sides_of = side_map(conn)
    for pid in people:
        for span in role_timeline_rows(conn, pid):
            side = sides_of.get(span.of or "", span.of or "") if span.of else sides_of.get(pid)
            if (span.post_id == "delegation-head" and side in sides and (span.since or "9999") <= day
                    and (span.until is None or day <= span.until)):
                out.setdefault(side, pid)
    return out


# --- the reads of a round's page (parley.serve.views.kb) ------------------------------------------

def actor_names(conn: Connection) -> dict[str, str]:
    """Every actor's display name by id."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM actors")}


def people_of_reports(conn: Connection, report_ids: list[int]) -> set[str]:
    """The people named in any of `report_ids`."""
    return {r[0] for r in conn.execute(f"SELECT DISTINCT ra.actor_id FROM report_actors ra WHERE ra.kind = 'person' "
                                       f"AND ra.report_id IN ({','.join('?' * len(report_ids))})", report_ids)}


def requests_of_reports(conn: Connection, report_ids: list[int]) -> list[dict[str, Any]]:
    """Each requesting actor of a `request` event in `report_ids`, with its sentence, in event order."""
    return [dict(r) for r in conn.execute(
        f"SELECT DISTINCT ep.actor_id, e.report_id, e.sent_start, r.doc, "
        f"substr(r.text, e.sent_start + 1, e.sent_end - e.sent_start) AS sentence FROM events e "
        f"JOIN event_participants ep ON ep.event_id = e.id AND ep.part = 'actor' "
        f"JOIN reports r ON r.id = e.report_id WHERE e.type = 'request' AND e.report_id IN "
        f"({','.join('?' * len(report_ids))}) ORDER BY e.id", report_ids)]


def quotes_of_reports(conn: Connection, report_ids: list[int]) -> list[dict[str, Any]]:
    """The quotes of `report_ids` with their report's doc, in quote order."""
    return [dict(r) for r in conn.execute(
        f"SELECT q.speaker_id, q.text, q.report_id, q.sent_start, r.doc FROM quotes q "
        f"JOIN reports r ON r.id = q.report_id WHERE q.report_id IN ({','.join('?' * len(report_ids))}) "
        f"ORDER BY q.id", report_ids)]


def reports_of_day(conn: Connection, report_ids: list[int], day: str) -> list[dict[str, Any]]:
    """id, doc, title and text of those of `report_ids` published on `day`."""
    return [dict(r) for r in conn.execute(
        f"SELECT id, doc, title, text FROM reports WHERE id IN ({','.join('?' * len(report_ids))}) "
        f"AND published = ?", (*report_ids, day))]
