"""The "What's new" page (`/changes`), its `.json` twin and `/api/changes`: what the knowledge base learned
since a moment (see `parley.store.changes`), every item linked to its evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from parley.serve.deps import Db
from parley.serve.schemas import no_blank_params
from parley.store.changes import DURATION_PATTERN, parse_since, what_changed

DEFAULT_SINCE = "1d"
MAX_SINCE_CHARS = 40
PAGE_ITEMS = 200


def changes_context(db: Db,
                    since: Annotated[str, Query(max_length=MAX_SINCE_CHARS, description="a date (2025-05-16) or "
                                                "a duration back from now (90m, 24h, 7d)",
                                                json_schema_extra={"anyOf": [
                                                    {"type": "string", "format": "date"},
                                                    {"type": "string", "format": "date-time"},
                                                    {"type": "string", "pattern": DURATION_PATTERN}]})] = DEFAULT_SINCE,
                    ) -> dict[str, Any]:
    since = since.strip() or DEFAULT_SINCE
    try:
        moment = parse_since(since)
    except ValueError as exc:
        # The API's 422 shape (a list of {loc, msg, type}), as FastAPI's own validation errors have.
        raise HTTPException(422, [{"loc": ["query", "since"], "msg": str(exc), "type": "value_error"}]) from exc
    data = db.run(what_changed, moment, limit=PAGE_ITEMS)
    return {"asked": since, "now": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"), **data}


def changes_router() -> APIRouter:
    router = APIRouter()

    @router.get("/api/changes", tags=["api"], dependencies=[Depends(no_blank_params)],
                responses={422: {"description": "`since` is neither a date nor a duration"}}, summary="What the knowledge base learned since a moment: new "
                "reports and copies, actors, roles begun and ended, events, quotations, stance changes")
    def api_changes(ctx: Annotated[dict, Depends(changes_context)]) -> Any:
        return ctx

    @router.get("/changes.json", include_in_schema=False)
    def changes_json(ctx: Annotated[dict, Depends(changes_context)]) -> Any:
        return JSONResponse(ctx)

    @router.get("/changes", response_class=HTMLResponse, include_in_schema=False)
    def changes_page(request: Request, ctx: Annotated[dict, Depends(changes_context)]) -> Any:
        json_url = "/changes.json" + (f"?since={ctx['asked']}" if ctx["asked"] != DEFAULT_SINCE else "")
        return request.app.state.templates.TemplateResponse(request, "changes.html", {**ctx, "json_url": json_url})

    return router
