"""Negotiations in the web view: the `negotiation=` filter every list page takes, and the negotiations page.

- `NegotiationParam` is the query parameter: an id of `negotiations.toml`; an unknown id is a 422, as an
  unknown event type is.
- `/negotiations` (HTML), `/negotiations.json` and `/api/negotiations` list them with their report counts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import AfterValidator, BaseModel, BeforeValidator

from parley.lexicon import load_negotiations
from parley.serve.deps import Db
from parley.serve.schemas import no_blank_params
from parley.store import negotiations as store_negotiations


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _known(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    ids = [n.id for n in load_negotiations()]
    if value not in ids:
        raise ValueError(f"no negotiation {value[:60]!r}; known: {', '.join(ids) or 'none'}")
    return value


def _negotiation_ids() -> list[str]:
    try:
        return [n.id for n in load_negotiations()]
    except ValueError:
        return []  # a broken data file is reported where it is used, not at import


# The schema lists the ids (as of the data read when the app module loads), so an OpenAPI client knows them.
NegotiationParam = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_known),
                             Query(description="only reports attached to this negotiation (ids at /api/negotiations)",
                                   json_schema_extra={"enum": _negotiation_ids()})]


def negotiation_options() -> list[dict[str, str]]:
    """(id, name) of every negotiation, for the filter selectors."""
    return [{"id": n.id, "name": n.name} for n in load_negotiations()]


def negotiation_issues(negotiation: str | None) -> tuple[str, ...]:
    """The issues of one negotiation (empty for none): the issue board of a filtered page shows these."""
    return next((n.issues for n in load_negotiations() if n.id == negotiation), ())


class NegotiationSummary(BaseModel):
    """One negotiation of `negotiations.toml` and how many stored reports attach to it."""

    id: str
    name: str
    aliases: list[str]
    parties: list[str]
    mediators: list[str]
    issues: list[str]
    since: str | None
    until: str | None
    reports: int
    first_report: str | None
    last_report: str | None


class NegotiationList(BaseModel):
    items: list[NegotiationSummary]


def negotiations_data(db: Db) -> dict[str, Any]:
    items = db.run(store_negotiations.list_negotiations)
    return NegotiationList.model_validate({"items": items}).model_dump(mode="json")


def negotiations_router(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter()

    @router.get("/api/negotiations", response_model=NegotiationList, tags=["api"], dependencies=[Depends(no_blank_params)],
                summary="The negotiations followed, with the number of reports attached to each")
    def api_negotiations(data: Annotated[dict, Depends(negotiations_data)]) -> Any:
        return data

    @router.get("/negotiations.json", include_in_schema=False)
    def negotiations_json(data: Annotated[dict, Depends(negotiations_data)]) -> Any:
        return JSONResponse(data)

    @router.get("/negotiations", response_class=HTMLResponse, include_in_schema=False)
    def negotiations_page(request: Request, data: Annotated[dict, Depends(negotiations_data)]) -> Any:
        return templates.TemplateResponse(request, "negotiations.html",
                                          {"negotiations": data["items"], "json_url": "/negotiations.json"})

    return router
