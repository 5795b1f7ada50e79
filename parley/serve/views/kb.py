"""Pages over the merged knowledge base: the timeline of happenings by day, rounds of talks, where each side
stands (actor × issue matrix and histories), and contradictions between sources. Each page has a `.json`
twin built from the same context, as the other pages do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from parley.resolve.happenings import Happening
from parley.resolve.roles import load_posts
from parley.serve.deps import Db
from parley.store import Store
from parley.store.happenings import (
    Round,
    actor_names,
    contradiction_rows,
    happening_rows,
    people_of_reports,
    quotes_of_reports,
    reports_of_day,
    requests_of_reports,
    round_rows,
    side_map,
)
from parley.store.stances import stance_rows
from parley.store.timelines import date_label, headline, role_timeline_rows

# The matrix on the issue board shows this many holders (those with the most stances), so it fits a screen.
MATRIX_HOLDERS = 14


def _names(db: Store) -> dict[str, str]:
    return db.run(actor_names)


def _happening(h: Happening, names: dict[str, str]) -> dict[str, Any]:
    d = h.as_dict()
    d["date_label"] = date_label(h.date, h.date_precision)
    d["actors"] = [{"id": a, "name": names.get(a, a)} for a in h.actors]
    d["targets"] = [{"id": a, "name": names.get(a, a)} for a in h.targets]
    return d


def happenings_context(db: Store, type: str | None = None, actor: str | None = None) -> dict[str, Any]:
    names = _names(db)
    held = db.run(happening_rows, type=type or None, actor=actor or None)
    days: dict[str, list[dict[str, Any]]] = {}
    hidden = 0
    for h in held:
        if h.date_precision != "day" or h.background:
            hidden += 1
            continue
        days.setdefault(h.date or "", []).append(_happening(h, names))
    proposed = [_happening(h, names) for h in db.run(happening_rows, type=type or None, actor=actor or None,
                                                     include_proposed=True) if h.status == "proposed"]
    return {"filters": {"type": type, "actor": actor},
            "days": [{"date": d, "items": items} for d, items in sorted(days.items())],
            "undated_not_shown": hidden, "proposed": proposed}


def _round(r: Round, names: dict[str, str]) -> dict[str, Any]:
    return {"id": r.id, "date": r.date, "place": r.place, "sides": r.sides, "reports": r.reports,
            "heads": {side: {"id": a, "name": names.get(a, a)} for side, a in r.heads.items()},
            "happenings": [_happening(h, names) for h in r.happenings],
            "agreed": [_happening(h, names) for h in r.agreed]}


def rounds_context(db: Store) -> dict[str, Any]:
    names = _names(db)
    return {"rounds": [{k: v for k, v in _round(r, names).items() if k not in ("happenings", "agreed")}
                       for r in db.run(round_rows)]}


def round_context(db: Store, round_id: str) -> dict[str, Any]:
    names = _names(db)
    match = next((r for r in db.run(round_rows) if r.id == round_id), None)
    if match is None:
        raise HTTPException(404, f"no round of talks with id {round_id!r}")
    found = _round(match, names)
    sides = db.run(side_map)
    day = found["date"]
    people = {p["id"] for h in found["happenings"] for p in h["actors"] + h["targets"]}
    people |= {p["id"] for p in found["heads"].values()}
    report_ids = sorted({e["report_id"] for h in found["happenings"] + found["agreed"] for e in h["evidence"]})
    # Who spoke for whom: people named in the round's reports with a post on its day.
    people |= db.run(people_of_reports, report_ids)
    attended: dict[str, list[dict[str, Any]]] = {}
    catalog = load_posts()
    for pid in sorted(people):
        if sides.get(pid, pid) not in found["sides"]:
            continue
        posts = [s for s in db.run(role_timeline_rows, pid) if (s.since or "") <= day and (s.until is None or s.until >= day)]
        delegation = [s for s in posts if s.post_id in ("delegation-head", "delegation-member")]
        if pid in found["sides"]:
            continue  # the side itself heads its list
        named = any(pid == p["id"] for h in found["happenings"] for p in h["actors"] + h["targets"])
        if not delegation and not named:
            continue
        attended.setdefault(sides.get(pid, pid), []).append(
            {"id": pid, "name": names.get(pid, pid), "posts": [s.post for s in posts if s.post_id in catalog.single_holder
                                                               or s.post_id in ("delegation-member",)]})
    demands = [{"side": sides.get(r["actor_id"], r["actor_id"]), "actor": {"id": r["actor_id"],
                                                                           "name": names.get(r["actor_id"], r["actor_id"])},
                "sentence": " ".join((r["sentence"] or "").split()), "report_id": r["report_id"], "doc": r["doc"],
                "sent_start": r["sent_start"]}
               for r in db.run(requests_of_reports, report_ids)
               if sides.get(r["actor_id"], r["actor_id"]) in found["sides"]]
    said = [{"speaker": {"id": r["speaker_id"], "name": names.get(r["speaker_id"], r["speaker_id"])},
             "text": r["text"], "report_id": r["report_id"], "doc": r["doc"], "sent_start": r["sent_start"],
             "sentence": r["text"]}
            for r in db.run(quotes_of_reports, report_ids)]
    # One sentence demanding for two actors of a side is one demand.
    merged: dict[tuple[str, int, int], dict[str, Any]] = {}
    for d in demands:
        key = (d["side"], d["report_id"], d["sent_start"])
        if key in merged:
            merged[key]["actors"].append(d["actor"])
        else:
            merged[key] = {**d, "actors": [d["actor"]], "side_name": names.get(d["side"], d["side"])}
    # What was agreed: the day's agreements, and the sentences of the round's reports that say more (an
    # agreement told in several quotations is one happening from one of them).
    shown = {(e["report_id"], " ".join(e["sentence"].split())) for h in found["agreed"] for e in h["evidence"][:3]}
    agreed_sentences = [e for e in _agreed_sentences(db, report_ids, day) if (e["report_id"], e["sentence"]) not in shown]
    return {"round": {**found, "attended": attended, "demands": list(merged.values()), "said": said,
                      "agreed_sentences": agreed_sentences,
                      "side_names": {side: names.get(side, side) for side in found["sides"]}}}


def _agreed_sentences(db: Store, report_ids: list[int], day: str) -> list[dict[str, Any]]:
    """Sentences of the round's reports of its day that tell what was agreed ("We have agreed ...")."""
    import re

    from parley.lexicon import _read

    # The verbs ("agreed", "agrees"), not the noun: "ready to offer a large agreement" agrees nothing.
    forms = [f for f in _read("cues.toml").get("events", {}).get("agree", []) if f.startswith("agree")
             and not f.endswith("ment")]
    cue = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I) if forms else None
    if cue is None or not report_ids:
        return []
    out = []
    for r in db.run(reports_of_day, report_ids, day):
        for m in re.finditer(r"[^.!?\n]+[.!?]?[\"”]?", r["text"]):
            if cue.search(m.group(0)):
                out.append({"report_id": r["id"], "doc": r["doc"], "headline": headline(r["title"], r["text"][:400]),
                            "sent_start": m.start(), "sentence": " ".join(m.group(0).split())})
    return out


def stances_context(db: Store, holder: str | None = None, issue: str | None = None) -> dict[str, Any]:
    names = _names(db)
    rows = db.run(stance_rows)
    counts: dict[str, int] = {}
    for h in rows:
        counts[h.holder] = counts.get(h.holder, 0) + 1
    holders = sorted(counts, key=lambda k: (-counts[k], names.get(k, k)))[:MATRIX_HOLDERS]
    issues = sorted({h.issue for h in rows})
    cells = {(h.holder, h.issue): h for h in rows}
    matrix = [{"holder": {"id": k, "name": names.get(k, k)},
               "cells": [{"issue": i, "latest": cells[(k, i)].latest if (k, i) in cells else None,
                          "date": date_label(cells[(k, i)].latest_date,
                                             "estimated" if cells[(k, i)].latest_estimated else None)
                          if (k, i) in cells else None,
                          "conditions": cells[(k, i)].conditions if (k, i) in cells else [],
                          "disagreement": bool(cells[(k, i)].disagreement) if (k, i) in cells else False}
                         for i in issues]} for k in holders]
    details = [dict(h.as_dict(), holder_name=names.get(h.holder, h.holder)) for h in rows
               if (not holder or h.holder == holder) and (not issue or h.issue == issue)]
    for d in details:
        points: Any = d["history"]
        for p in points:
            p["date_label"] = date_label(p["date"], "estimated" if p["estimated"] else None)
    return {"filters": {"holder": holder, "issue": issue}, "issues": issues, "matrix": matrix, "details": details}


def contradictions_context(db: Store) -> dict[str, Any]:
    return {"contradictions": [c.as_dict() for c in db.run(contradiction_rows)]}


def kb_router(templates: Jinja2Templates) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def twin(path: str, template: str, build: Callable[..., dict[str, Any]]) -> None:
        json_path = f"{path}.json"

        def context(request: Request, db: Db) -> dict[str, Any]:
            args = {k: v for k, v in {**request.path_params, **request.query_params}.items() if v}
            if any(len(v) > 200 for v in args.values()):
                raise HTTPException(422, "a filter value is longer than 200 characters")
            allowed = list(inspect.signature(build).parameters)[1:]  # after `db`: the page's filters
            kwargs = {k: v for k, v in args.items() if k in allowed}
            # Merged answers read every fact of their kind: keep them until the database changes.
            return request.app.state.cache.get(db, (template, tuple(sorted(kwargs.items()))),
                                               lambda: build(db, **kwargs))

        @pages.get(json_path, name=f"{template}-json")
        def as_json(ctx: dict = Depends(context)) -> Any:  # noqa: B008
            return JSONResponse(ctx)

        @pages.get(path, response_class=HTMLResponse, name=template)
        def as_html(request: Request, ctx: dict = Depends(context)) -> Any:  # noqa: B008
            query = f"?{request.url.query}" if request.url.query else ""
            return templates.TemplateResponse(request, template, {**ctx, "json_url": f"{request.url.path}.json{query}"})

    twin("/happenings", "happenings.html", happenings_context)
    twin("/rounds", "rounds.html", rounds_context)
    twin("/rounds/{round_id}", "round.html", round_context)
    twin("/stances", "stances.html", stances_context)
    twin("/contradictions", "contradictions.html", contradictions_context)
    return pages
