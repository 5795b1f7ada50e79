"""Instrument pages and API: the list of agreements, memoranda, plans and lists, and one page per instrument
(status over time, who stands where on it, provisions, evidence). Each page has its `.json` twin, built from
the same context as the API answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from parley.serve.deps import Db
from parley.serve.schemas import no_blank_params
from parley.store import instruments as store

KindParam = Annotated[Literal["agreement", "memorandum", "plan", "proposal", "declaration", "list", "programme",
                              "initiative"] | None, Query(description="Only instruments of this kind.")]
ActorParam = Annotated[str | None, Query(max_length=200, json_schema_extra={"minLength": 1, "pattern": "\\S"},
                                        description="Only instruments this actor owns or acts on.")]



def list_context(db: Db, kind: KindParam = None, actor: ActorParam = None) -> dict[str, Any]:
    return {"filters": {"kind": kind, "actor": actor},
            "instruments": db.run(store.list_instruments, kind=kind, actor=actor or None)}


def detail_context(db: Db, instrument_id: str) -> dict[str, Any]:
    data = db.run(store.instrument_detail, instrument_id)
    if data is None:
        raise HTTPException(404, f"no instrument with id {instrument_id!r}")
    names = db.run(store.instrument_actor_names, instrument_id, data["owner"])
    return {"instrument": data, "actor_names": names}


def instruments_router(templates: Jinja2Templates) -> APIRouter:
    """The instrument routes; `parley.serve.app` includes them."""
    router = APIRouter()

    @router.get("/api/instruments", dependencies=[Depends(no_blank_params)], tags=["instruments"])
    def api_list(ctx: Annotated[dict, Depends(list_context)]) -> Any:
        """Instruments (agreements, memoranda, plans, proposals, lists, programmes) with their steps."""
        return ctx["instruments"]

    @router.get("/api/instruments/{instrument_id}", tags=["instruments"], dependencies=[Depends(no_blank_params)],
                responses={404: {"description": "no such instrument"}})
    def api_detail(ctx: Annotated[dict, Depends(detail_context)]) -> Any:
        """One instrument: aliases, dated steps, stances, provisions, linked events and reports."""
        return ctx["instrument"]

    @router.get("/instruments.json", include_in_schema=False)
    def list_json(ctx: Annotated[dict, Depends(list_context)]) -> Any:
        return JSONResponse(ctx)

    @router.get("/instruments", response_class=HTMLResponse, include_in_schema=False)
    def list_page(request: Request, ctx: Annotated[dict, Depends(list_context)]) -> Any:
        return templates.TemplateResponse(request, "instruments.html", {**ctx, "json_url": "/instruments.json"})

    @router.get("/instruments/{instrument_id}.json", include_in_schema=False)
    def detail_json(ctx: Annotated[dict, Depends(detail_context)]) -> Any:
        return JSONResponse(ctx)

    @router.get("/instruments/{instrument_id}", response_class=HTMLResponse, include_in_schema=False)
    def detail_page(request: Request, ctx: Annotated[dict, Depends(detail_context)]) -> Any:
        return templates.TemplateResponse(request, "instrument.html",
                                          {**ctx, "json_url": request.url.path + ".json"})

    return router
