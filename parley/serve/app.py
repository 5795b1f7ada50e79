"""parley's web view and HTTP API: one ASGI app over one database file.

    from parley.serve.app import create_app
    app = create_app("parley.db", token="s3cret")     # uvicorn.run(app, host="127.0.0.1")

- `/api/...` answers JSON (shapes in `parley.serve.schemas`, documented at `/api/docs`).
- Every HTML page has a `.json` twin built from the same context (`/timeline` and `/timeline.json`): the
  context is a FastAPI dependency both routes share, the twin returns it, the page renders it.
- Reads open a read-only `Store` per request (`parley.store.reading`; WAL lets them run while a writer
  works) and ask it the store's functions (`db.run(q.list_reports, ...)`): no SQL and no connection here.
  Writes go through one `Writer` (a lock, one `Store`, the same `Ingestor` as the CLI) on a worker thread.
- Report text is untrusted: templates autoescape, highlighted text escapes every segment, links to
  report-supplied URLs must be http(s), and the Content-Security-Policy allows only parley's own assets.
"""

from __future__ import annotations

import gc
import hmac
import logging
import os
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import AfterValidator, BaseModel, BeforeValidator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley import __version__
from parley.serve import charts
from parley.serve.cache import AnswerCache
from parley.serve.deps import Db
from parley.serve.highlight import highlight, report_marks
from parley.serve.schemas import (
    EVENT_TYPES,
    ISSUES,
    ActorDetail,
    ActorKind,
    ActorList,
    EventList,
    EventType,
    FactEvidence,
    IngestResult,
    Issue,
    NewReport,
    PositionList,
    QuoteList,
    ReportDetail,
    ReportList,
    no_blank_params,
)
from parley.serve.views.changes import changes_router
from parley.serve.views.instruments import instruments_router
from parley.serve.views.negotiations import (
    NegotiationParam,
    negotiation_issues,
    negotiation_options,
    negotiations_router,
)
from parley.store import Store
from parley.store import negotiations as store_negotiations
from parley.store import pages as q
from parley.store import queries as store_queries
from parley.store.filters import date_filter, unknown_actor_message
from parley.store.instruments import instruments_of_actor, instruments_of_report

HERE = Path(__file__).resolve().parent
# 2 MiB: a thousand times the longest example report (2 kB), below the 5 MiB at which file ingest calls a
# file "not one report"; a body past it is refused (413) before it is parsed.
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                 b"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


# --- query parameters ----------------------------------------------------------------------------------

def _blank_to_none(value: Any) -> Any:
    """An empty form field (`?type=&since=`) means no filter."""
    return None if isinstance(value, str) and not value.strip() else value


def _check_date(value: str | None) -> str | None:
    return None if value is None else date_filter(value)


MAX_TEXT_PARAM = 200
# Control characters (NUL above all: FTS5 reads it as the end of the query, "unterminated string") and lone
# surrogates have no place in a search or a name; they are refused with 422 rather than reaching SQLite.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _check_text(value: str | None) -> str | None:
    # Checked here rather than with Query(max_length=...): that constraint would also see the None an empty
    # form field becomes.
    if value is not None and len(value) > MAX_TEXT_PARAM:
        raise ValueError(f"at most {MAX_TEXT_PARAM} characters")
    bad = _NOT_TEXT.search(value) if value is not None else None
    if bad:
        raise ValueError(f"character U+{ord(bad.group()):04X} at position {bad.start() + 1} is not allowed "
                         "(a control character or a lone surrogate)")
    return None if value is None else value.strip()


# The OpenAPI schema of the filters says exactly what is accepted: a date is a full date, a month or a year;
# text is up to MAX_TEXT_PARAM characters, none of them a control character, at least one not a space.
_DATE_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "string", "format": "date"},
                                          {"type": "string", "pattern": "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"},
                                          {"type": "string", "pattern": "^[1-9][0-9]{3}$"}]}
_TEXT_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "string", "maxLength": MAX_TEXT_PARAM,
                                           "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f]"
                                                      "[^\\x00-\\x1f\\x7f-\\x9f]*$"}]}
MAX_ID = 2**63 - 1  # SQLite's largest integer; a larger id in a URL is a 422, not an overflow

DateParam = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_check_date),
                      Query(description="YYYY-MM-DD, YYYY-MM or YYYY", json_schema_extra=_DATE_SCHEMA)]
TextParam = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_check_text),
                      Query(json_schema_extra=_TEXT_SCHEMA)]
SearchParam = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_check_text),
                        Query(alias="q", description="full-text search (every word must occur)",
                              json_schema_extra=_TEXT_SCHEMA)]
def _digits(value: Any) -> Any:
    """An id in a URL is digits only: "1\t" or " 1" is no id (pydantic alone would strip the blank)."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("an id is a whole number of digits")
    return value


IdParam = Annotated[int, PathParam(ge=0, le=MAX_ID), BeforeValidator(_digits)]
TypeParam = Annotated[EventType | None, BeforeValidator(_blank_to_none), Query(description="PLOVER event type")]
IssueParam = Annotated[Issue | None, BeforeValidator(_blank_to_none), Query()]
KindParam = Annotated[ActorKind | None, BeforeValidator(_blank_to_none), Query()]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]


# --- connections and the writer ------------------------------------------------------------------------


def answer_cache(request: Request) -> AnswerCache:
    return request.app.state.cache


Cache = Annotated[AnswerCache, Depends(answer_cache)]


class Writer:
    """The app's single writer: one Store, used under a lock, from worker threads."""

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        self.store: Store | None = None

    def ingest(self, report: Any) -> tuple[int, bool]:
        """Ingest one `parley.models.Report`; (report id, whether it was already stored)."""
        from parley.api import Ingestor

        with self.lock:
            if self.store is None:
                self.store = Store(self.path)
            found = self.store.report_id(report.key)
            if found is not None:
                return found, True
            # A fresh Ingestor per report: its resolver then sees actors another writer (the CLI) added.
            summary = Ingestor(self.store).ingest([report], processes=1)
            if summary.failed:
                raise HTTPException(422, str(summary.failed[0]))
            rid = self.store.report_id(report.key, copies=True)  # a copy: its original
            assert rid is not None  # stored or folded just now, or the Ingestor reported a failure
            return rid, summary.new == 0

    def close(self) -> None:
        with self.lock:
            if self.store is not None:
                self.store.close()
                self.store = None


bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer $PARLEY_TOKEN`")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "this server is read-only: start it with PARLEY_TOKEN set to accept reports")
    given = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


# --- middleware ----------------------------------------------------------------------------------------

class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette's own 500 page is sent from outside every middleware, without these headers; the
            # error is logged here and answered here, headers and all.
            logging.getLogger("parley.serve").exception("error answering %s %s", scope.get("method"),
                                                        scope.get("path"))
            if started:
                raise
            response = JSONResponse({"detail": "internal error: the server could not answer this request"},
                                    status_code=500)
            await response(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, whether or not they declare a Content-Length."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._refuse(send)
        # Read the body up front (bounded), then replay it to the app.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await self._refuse(send)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        response = JSONResponse({"detail": f"request body over {self.max_bytes} bytes"}, status_code=413)
        await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


# --- templates -----------------------------------------------------------------------------------------

def safe_url(url: str | None) -> str | None:
    """A report-supplied URL fit for an href: http(s) only, so `javascript:` links never become links."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def evidence_href(ev: dict[str, Any]) -> str:
    return f"/reports/{int(ev['report_id'])}#s-{int(ev['sent_start'])}"


def actor_href(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe="")


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(safe_url=safe_url, evidence_href=evidence_href, actor_href=actor_href,
                       issue_label=lambda s: s.replace("_", " "))
    env.globals.update(version=__version__, event_types=EVENT_TYPES, issues=ISSUES,
                       negotiation_options=negotiation_options())
    return Jinja2Templates(env=env)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path.endswith(".json") or path.startswith("/static/"))


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """Trim a `limit + 1` fetch to `limit` rows and say where the next page starts."""
    more = len(items) > limit
    return {"items": items[:limit], "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


def _dump(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Validate through the response model, as the API does, so a twin holds exactly the API's JSON."""
    return model.model_validate(data).model_dump(mode="json")


# --- contexts: one per page, shared by the page, its .json twin and (where it has one) the API ----------

def reports_data(db: Db, q_: SearchParam = None, negotiation: NegotiationParam = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items, total = db.run(q.list_reports, q=q_, negotiation=negotiation, limit=limit, offset=offset)
    next_offset = offset + limit if offset + limit < total else None
    return _dump(ReportList, {"items": items, "total": total, "limit": limit, "offset": offset,
                              "next_offset": next_offset})


def report_data(db: Db, report_id: IdParam) -> dict[str, Any]:
    data = db.run(q.report_detail, report_id)
    if data is None:
        raise HTTPException(404, f"no report with id {report_id}")
    return _dump(ReportDetail, data)


def actors_data(db: Db, cache: Cache, kind: KindParam = None, name: TextParam = None,
                negotiation: NegotiationParam = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = cache.get(db, ("actors", kind, name, negotiation, limit, offset),
                     lambda: db.run(q.list_actors, kind=kind, name=name, negotiation=negotiation, limit=limit + 1,
                                    offset=offset))
    return _dump(ActorList, _page(rows, limit, offset))


def actor_data(db: Db, cache: Cache, actor_id: str) -> dict[str, Any]:
    summary = cache.get(db, ("actor", actor_id), lambda: db.run(q.actor_summary, actor_id))
    if summary is None:
        raise HTTPException(404, db.run(unknown_actor_message, actor_id))
    return _dump(ActorDetail, {**summary, **db.run(q.actor_latest, actor_id)})


def events_data(db: Db, type: TypeParam = None, actor: TextParam = None, since: DateParam = None,
                until: DateParam = None, place: TextParam = None, negotiation: NegotiationParam = None,
                limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = db.run(q.list_events, type=type, actor=actor, since=since, until=until, place=place,
                  negotiation=negotiation, limit=limit + 1, offset=offset)
    return _dump(EventList, _page(rows, limit, offset))


def timeline_data(db: Db, type: TypeParam = None, actor: TextParam = None, since: DateParam = None,
                  until: DateParam = None, place: TextParam = None, negotiation: NegotiationParam = None,
                  limit: Limit = 200, offset: Offset = 0) -> dict[str, Any]:
    rows = db.run(q.list_events, type=type, actor=actor, since=since, until=until, place=place, dated_only=True,
                  ascending=True, negotiation=negotiation, limit=limit + 1, offset=offset)
    return _dump(EventList, _page(rows, limit, offset))


def quotes_data(db: Db, speaker: TextParam = None, q_: SearchParam = None,
                since: DateParam = None, until: DateParam = None, negotiation: NegotiationParam = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    rows = db.run(q.list_quotes, speaker=speaker, q=q_, since=since, until=until, negotiation=negotiation,
                  limit=limit + 1, offset=offset)
    return _dump(QuoteList, _page(rows, limit, offset))


def positions_data(db: Db, cache: Cache, issue: IssueParam = None, holder: TextParam = None,
                   negotiation: NegotiationParam = None) -> dict[str, Any]:
    groups = cache.get(db, ("positions", issue, holder, negotiation),
                       lambda: db.run(q.position_groups, issue=issue, holder=holder, negotiation=negotiation))
    return _dump(PositionList, {"items": groups})


# HTML page contexts built on the API data above.

def overview_context(db: Db, cache: Cache) -> dict[str, Any]:
    from parley.serve.views.kb import happenings_context

    latest_events = db.run(q.list_events, dated_only=True, limit=12)
    latest_reports, total = db.run(q.list_reports, limit=8)
    return {"counts": cache.get(db, ("counts",), lambda: db.run(q.counts)),
            "latest_events": _dump(EventList, _page(latest_events, 12, 0))["items"],
            "top_actors": cache.get(db, ("top_actors",), lambda: db.run(q.top_actors, 12)),
            "negotiations": [n for n in db.run(store_negotiations.list_negotiations) if n["reports"]],
            "latest_happenings": cache.get(db, ("latest_happenings",), lambda: [
                h for day in reversed(happenings_context(db)["days"]) for h in day["items"]][:12]),
            "latest_reports": _dump(ReportList, {"items": latest_reports, "total": total, "limit": 8, "offset": 0,
                                                 "next_offset": None})["items"]}


def timeline_context(db: Db, cache: Cache, events: Annotated[dict, Depends(timeline_data)], type: TypeParam = None,
                     actor: TextParam = None, since: DateParam = None, until: DateParam = None,
                     place: TextParam = None, negotiation: NegotiationParam = None) -> dict[str, Any]:
    options = cache.get(db, ("event_actors",), lambda: db.run(q.event_actor_options))
    return {"filters": {"type": type, "actor": actor, "since": since, "until": until, "place": place,
                        "negotiation": negotiation},
            "events": events, "actor_options": options}


def actors_context(actors: Annotated[dict, Depends(actors_data)], kind: KindParam = None,
                   name: TextParam = None, negotiation: NegotiationParam = None) -> dict[str, Any]:
    return {"filters": {"kind": kind, "name": name, "negotiation": negotiation}, "actors": actors}


def actor_context(db: Db, actor: Annotated[dict, Depends(actor_data)]) -> dict[str, Any]:
    return {"actor": actor, "instruments": db.run(instruments_of_actor, actor["id"])}


def report_context(db: Db, report: Annotated[dict, Depends(report_data)]) -> dict[str, Any]:
    return {"report": report, "negotiations": db.run(store_negotiations.report_negotiations, report["id"]),
            "instruments": db.run(instruments_of_report, report["id"])}


def reports_context(reports: Annotated[dict, Depends(reports_data)],
                    q_: SearchParam = None, negotiation: NegotiationParam = None) -> dict[str, Any]:
    return {"filters": {"q": q_, "negotiation": negotiation}, "reports": reports}


def issues_context(db: Db, cache: Cache, positions: Annotated[dict, Depends(positions_data)],
                   negotiation: NegotiationParam = None) -> dict[str, Any]:
    from parley.serve.views.kb import stances_context

    groups = positions["items"]
    board = []
    # Unfiltered, the board also shows the issues of other negotiations that have stances.
    for issue in negotiation_issues(negotiation) or (*ISSUES, *sorted({g["issue"] for g in groups} - set(ISSUES))):
        mine = [g for g in groups if g["issue"] == issue]
        board.append({"issue": issue, "support": [g for g in mine if g["stance"] == "support"],
                      "oppose": [g for g in mine if g["stance"] == "oppose"]})
    # The board leads with the actor x issue matrix of latest stances (parley.resolve.stances).
    stances = cache.get(db, ("stance_matrix",), lambda: stances_context(db))
    return {"issues": board, "matrix": stances["matrix"], "matrix_issues": stances["issues"],
            "filters": {"negotiation": negotiation}}


def network_context(db: Db, cache: Cache) -> dict[str, Any]:
    from parley.store.happenings import happening_network

    return {"network": cache.get(db, ("network",), lambda: db.run(happening_network))}


# --- the app -------------------------------------------------------------------------------------------

def create_app(db_path: str, *, token: str | None = None) -> FastAPI:
    """The web view and HTTP API over the database at `db_path` (created and migrated if missing).

    Writes (`POST /api/reports`) need `Authorization: Bearer <token>`; `token` defaults to $PARLEY_TOKEN,
    and without one the server is read-only.
    """
    db_path = str(db_path)
    # Create and migrate once, so per-request read-only connections find the current schema.
    Store(db_path).close()
    writer = Writer(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Move everything alive after start-up (FastAPI, pydantic, the templates: ~70,000 objects) out of
        # the cyclic collector's reach. Each full collection walked them all: 40 ms on a 2-core machine,
        # which put every twentieth request of a 50,000-report base over the 50 ms target.
        gc.collect()
        gc.freeze()
        yield
        writer.close()

    app = FastAPI(title="parley", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Actors, roles, quotes, events and positions read from news reports on the 2025 "
                              "Russia-Ukraine talks; every fact points at the report and sentence it came from.")
    app.state.db_path = db_path
    app.state.token = token if token is not None else (os.environ.get("PARLEY_TOKEN") or None)
    app.state.writer = writer
    app.state.cache = AnswerCache()
    templates = _templates()
    app.state.templates = templates

    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return templates.TemplateResponse(request, "error.html", {"status": exc.status_code,
                                                                      "messages": [str(exc.detail)]},
                                              status_code=exc.status_code, headers=exc.headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors(), exclude={"input", "ctx", "url"})
        if _wants_html(request):
            messages = [f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in errors]
            return templates.TemplateResponse(request, "error.html", {"status": 422, "messages": messages},
                                              status_code=422)
        return JSONResponse({"detail": errors}, status_code=422)

    app.include_router(api_router())
    app.include_router(pages_router(templates))
    app.include_router(negotiations_router(templates))
    app.include_router(changes_router())
    from parley.serve.views.kb import kb_router

    app.include_router(kb_router(templates))
    app.include_router(instruments_router(templates))
    return app


def api_router() -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(no_blank_params)])
    not_found: dict[int | str, dict[str, Any]] = {404: {"description": "no such id"}}
    bad_filter: dict[int | str, dict[str, Any]] = {422: {"description": "a filter is malformed (date format, unknown type)"}}

    @api.get("/reports", response_model=ReportList, responses=bad_filter,
             summary="Reports, newest first; `q` searches title and text")
    def list_reports(data: Annotated[dict, Depends(reports_data)]) -> Any:
        return data

    @api.get("/reports/{report_id}", response_model=ReportDetail, responses=not_found,
             summary="One report's text and every fact read from it, with spans")
    def get_report(data: Annotated[dict, Depends(report_data)]) -> Any:
        return data

    @api.post("/reports", response_model=IngestResult, status_code=201, summary="Ingest one report",
              responses={200: {"model": IngestResult, "description": "already stored (`duplicate: true`)"},
                         400: {"description": "body is not JSON"},
                         401: {"description": "missing or wrong bearer token"},
                         403: {"description": "server is read-only (no PARLEY_TOKEN)"},
                         413: {"description": f"body over {MAX_BODY_BYTES} bytes"}})
    async def post_report(body: NewReport, request: Request, response: Response,
                          _: Annotated[None, Depends(require_token)]) -> Any:
        report = _report_from(body)
        rid, duplicate = await run_in_threadpool(request.app.state.writer.ingest, report)
        if duplicate:
            response.status_code = 200
        return {"id": rid, "doc": report.doc, "duplicate": duplicate, "url": f"/api/reports/{rid}"}

    @api.get("/actors", response_model=ActorList, responses=bad_filter,
             summary="Actors, most reported first; filter by kind or name (any spelling)")
    def list_actors(data: Annotated[dict, Depends(actors_data)]) -> Any:
        return data

    @api.get("/actors/{actor_id}", response_model=ActorDetail, responses=not_found,
             summary="One actor: names, role timeline, quotes, events, positions, co-actors")
    def get_actor(data: Annotated[dict, Depends(actor_data)]) -> Any:
        return data

    @api.get("/events", response_model=EventList, responses=bad_filter,
             summary="PLOVER-coded events, newest first (undated last)")
    def list_events(data: Annotated[dict, Depends(events_data)]) -> Any:
        return data

    @api.get("/timeline", response_model=EventList, responses=bad_filter, summary="Dated events, oldest first")
    def timeline(data: Annotated[dict, Depends(timeline_data)]) -> Any:
        return data

    @api.get("/quotes", response_model=QuoteList, responses=bad_filter,
             summary="Quotations, latest first; `q` searches their text")
    def list_quotes(data: Annotated[dict, Depends(quotes_data)]) -> Any:
        return data

    @api.get("/positions", response_model=PositionList, responses=bad_filter,
             summary="Stances on the issues, grouped by holder, issue and stance, with evidence")
    def list_positions(data: Annotated[dict, Depends(positions_data)]) -> Any:
        return data

    @api.get("/evidence/{kind}/{fact_id}", response_model=FactEvidence, responses=not_found,
             summary="Every report and sentence stating one fact (a role, quote, event or position by id)")
    def fact_evidence(db: Db, kind: Literal["roles", "quotes", "events", "positions"], fact_id: IdParam) -> Any:
        data = db.run(store_queries.fact_evidence, kind, fact_id)
        if data is None:
            raise HTTPException(status_code=404, detail=f"no {kind[:-1]} with id {fact_id}")
        return data

    @api.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> Any:
        # Self-hosted API reference (FastAPI's Swagger UI loads its scripts from a CDN, which parley's
        # Content-Security-Policy and its no-outside-assets rule both forbid).
        spec = request.app.openapi()
        return request.app.state.templates.TemplateResponse(request, "apidocs.html", {"spec": spec})

    return api


def _report_from(body: NewReport) -> Any:
    from parley.ingest.jsonlines import parse_published
    from parley.ingest.load import normalize_newlines
    from parley.ingest.metadata import find_published, find_sources, year_in_url
    from parley.models import Report, content_hash

    text = normalize_newlines(body.text).strip()
    if not text:
        raise HTTPException(422, [{"loc": ["body", "text"], "msg": "text is empty", "type": "value_error"}])
    if body.published is not None and not body.published.strip():
        # The schema says a date or null; JSON Lines tolerate "" for no date, the API answers it as a blank
        # value (schemathesis's negative run posts it).
        raise HTTPException(422, [{"loc": ["body", "published"], "msg": "empty value: give a date as YYYY-MM-DD "
                                   "or leave it out", "type": "value_error"}])
    try:
        published: date | None = parse_published(body.published)
    except ValueError as exc:
        raise HTTPException(422, [{"loc": ["body", "published"], "msg": str(exc), "type": "value_error"}]) from exc
    url = body.url or None
    doc = body.id or body.doc or f"api-{content_hash(text)[:12]}"
    return Report(doc=doc, text=text, published=published or find_published(text, year_hint=year_in_url(url)),
                  url=url, title=body.title or None, sources=find_sources(text), origin="api")


def pages_router(templates: Jinja2Templates) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def twin(path: str, template: str, context: Callable[..., dict[str, Any]],
             extra: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        """Register `path` (HTML) and its `.json` twin, both from the `context` dependency."""
        json_path = "/index.json" if path == "/" else f"{path}.json"

        # Defaults, not Annotated: `context` is local here, and string annotations resolve in module scope.
        @pages.get(json_path, name=f"{template}-json")
        def as_json(ctx: dict = Depends(context)) -> Any:  # noqa: B008
            return JSONResponse(ctx)

        @pages.get(path, response_class=HTMLResponse, name=template)
        def as_html(request: Request, ctx: dict = Depends(context)) -> Any:  # noqa: B008
            view = {**ctx, **(extra(ctx) if extra else {}), "json_url": _json_url(request)}
            return templates.TemplateResponse(request, template, view)

    twin("/", "overview.html", overview_context)
    twin("/timeline", "timeline.html", timeline_context)
    twin("/reports", "reports.html", reports_context)
    twin("/reports/{report_id}", "report.html", report_context,
         lambda ctx: {"highlighted": highlight(ctx["report"]["text"], report_marks(ctx["report"]))})
    twin("/actors", "actors.html", actors_context)
    twin("/actors/{actor_id}", "actor.html", actor_context, lambda ctx: {"role_chart": _role_chart(ctx["actor"])})
    twin("/issues", "issues.html", issues_context, lambda ctx: {"charts": _issue_charts(ctx["issues"])})
    twin("/network", "network.html", network_context)
    return pages


def _json_url(request: Request) -> str:
    """This page's `.json` twin, with the same filters."""
    path = request.url.path
    base = "/index.json" if path == "/" else f"{path}.json"
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if v])
    return base + (f"?{query}" if query else "")


def _role_chart(actor: dict[str, Any]) -> charts.Chart:
    bars = []
    for r in actor["roles"]:
        ev = r["evidence"][0] if r["evidence"] else None
        label = r["title"] + (f" ({r['of_name'] or r['of']})" if r["of"] else "")
        bars.append(charts.Bar(label=label, start=r["first_seen"], end=r["last_seen"], css=r["status"],
                               href=evidence_href(ev) if ev else None,
                               tooltip=f"{label}: {r['first_seen'] or '?'} to {r['last_seen'] or '?'}, {r['status']}, "
                                       f"{r['reports']} report(s)"))
    return charts.bar_chart(bars)


def _issue_charts(board: list[dict[str, Any]]) -> dict[str, charts.Chart]:
    out = {}
    for item in board:
        bars = []
        for g in item["support"] + item["oppose"]:
            ev = g["evidence"][0] if g["evidence"] else None
            bars.append(charts.Bar(label=f"{g['holder_name']} ({g['stance']}s)", start=g["first_seen"],
                                   end=g["last_seen"], css=g["stance"], href=evidence_href(ev) if ev else None,
                                   tooltip=f"{g['holder_name']} {g['stance']}s {item['issue'].replace('_', ' ')}: "
                                           f"{g['reports']} report(s), {g['first_seen']} to {g['last_seen']}"))
        if bars:
            out[item["issue"]] = charts.bar_chart(bars)
    return out
