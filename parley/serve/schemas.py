"""Response and request shapes of the HTTP API, so that OpenAPI documents every JSON answer.

The web pages' `.json` twins embed these same shapes (dumped with `model_dump(mode="json")`), which is
what lets the tests compare a twin with its API answer field for field.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

EVENT_TYPES = ("agree", "consult", "support", "cooperate", "aid", "request", "accuse", "reject", "concede",
               "threaten", "protest", "sanction", "mobilize", "coerce", "assault")
ISSUES = ("ceasefire", "prisoner_exchange", "leaders_meeting", "return_of_children", "security_guarantees",
          "root_causes", "air_defense", "defense_industry", "sovereignty")
ACTOR_KINDS = ("person", "organization", "country")

EventType = Literal["agree", "consult", "support", "cooperate", "aid", "request", "accuse", "reject", "concede",
                    "threaten", "protest", "sanction", "mobilize", "coerce", "assault"]
Issue = Literal["ceasefire", "prisoner_exchange", "leaders_meeting", "return_of_children", "security_guarantees",
                "root_causes", "air_defense", "defense_industry", "sovereignty"]
ActorKind = Literal["person", "organization", "country"]
Stance = Literal["support", "oppose"]


class Span(BaseModel):
    """Character offsets into the report text; `sent_*` bound the sentence the fact was read from."""

    start: int
    end: int
    sent_start: int
    sent_end: int


class Evidence(BaseModel):
    """Where a fact was read: the report, the sentence's offsets and its text."""

    report_id: int
    doc: str
    headline: str = Field(description="the report's title, or its first line when that reads as a headline, "
                                      "else `doc`")
    published: str | None
    sent_start: int
    sent_end: int
    sentence: str


class FactEvidence(BaseModel):
    """One fact and every report that states it (its corroboration)."""

    kind: str = Field(description="roles, quotes, events or positions")
    id: int
    fact: str = Field(description="the fact's key: the same for every report stating the same fact")
    reports: int = Field(description="how many reports state it")
    evidence: list[Evidence]


class Page(BaseModel):
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page, null on the last page")


# --- reports -------------------------------------------------------------------------------------------


class ReportSummary(BaseModel):
    id: int
    doc: str
    headline: str = Field(description="the title, or the first line when it reads as a headline, else `doc`")
    published: str | None
    title: str | None
    url: str | None
    sources: list[str]


class ReportList(Page):
    total: int
    items: list[ReportSummary]


class ReportMention(BaseModel):
    text: str
    span: Span


class ReportActor(BaseModel):
    id: str
    name: str = Field(description="the name this report uses")
    kind: ActorKind
    mentions: list[ReportMention]


class ReportRole(BaseModel):
    id: int
    actor: str
    actor_name: str
    title: str
    of: str | None
    of_name: str | None
    former: bool
    span: Span


class ReportQuote(BaseModel):
    id: int
    speaker: str
    speaker_name: str
    text: str
    span: Span


class Participant(BaseModel):
    id: str
    name: str


class ReportEvent(BaseModel):
    id: int
    type: str
    date: str | None
    place: str | None
    cue: str
    actors: list[Participant]
    targets: list[Participant]
    span: Span


class ReportPosition(BaseModel):
    id: int
    holder: str
    holder_name: str
    issue: str
    stance: Stance
    span: Span


class ReportCopy(BaseModel):
    """A republication of the report (a near-copy folded into it at ingest, not extracted again)."""

    doc: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    similarity: float = Field(description="estimated Jaccard similarity of the two texts' word shingles")
    sources: list[str]


class ReportDetail(ReportSummary):
    est_start: str | None
    est_end: str | None
    text: str
    actors: list[ReportActor]
    roles: list[ReportRole]
    quotes: list[ReportQuote]
    events: list[ReportEvent]
    positions: list[ReportPosition]
    copies: list[ReportCopy] = Field(default_factory=list, description="outlets that republished the report")


# --- actors --------------------------------------------------------------------------------------------


class ActorSummary(BaseModel):
    id: str
    name: str
    kind: ActorKind
    country: str | None
    country_name: str | None = Field(None, description="the name of the country (the side) the actor belongs to")
    reports: int = Field(description="reports naming the actor")
    aliases: list[str] = Field(description="the forms the reports use for the actor")


class ActorList(Page):
    items: list[ActorSummary]


class RolePeriod(BaseModel):
    """One post over time, as the role timeline (`parley.store.timelines`) gives it, with its evidence."""

    id: int | None = Field(None, description="a statement of the post: /api/evidence/roles/{id} lists them all")
    title: str
    of: str | None
    of_name: str | None
    first_seen: str | None
    last_seen: str | None
    status: Literal["current", "former"]
    reports: int
    docs: list[str] = Field(description="the first reports stating it (at most 20; `reports` counts them all)")
    evidence: list[Evidence] = Field(description="the latest stored statements of the post (at most 3)")


class Quote(BaseModel):
    id: int
    speaker: str
    speaker_name: str
    text: str
    date: str | None = Field(description="the report's date")
    reports: int = Field(description="reports carrying the same quotation")
    evidence: Evidence


class Event(BaseModel):
    id: int
    type: str
    date: str | None
    place: str | None
    cue: str
    actors: list[Participant]
    targets: list[Participant]
    reports: int = Field(description="reports stating the same event")
    evidence: Evidence


class PositionGroup(BaseModel):
    """A holder's stance on an issue, with how many reports state it, when, and the latest evidence."""

    id: int | None = Field(None, description="a statement of the stance: /api/evidence/positions/{id} lists "
                                             "them all")
    holder: str
    holder_name: str
    holder_kind: ActorKind
    issue: str
    stance: Stance
    reports: int
    first_seen: str | None
    last_seen: str | None
    evidence: list[Evidence] = Field(description="the latest stored statements (at most 3)")


class CoActor(BaseModel):
    id: str
    name: str
    kind: ActorKind
    shared_events: int
    shared_reports: int


class ActorDetail(BaseModel):
    id: str
    name: str
    kind: ActorKind
    country: str | None
    reports: int
    aliases: list[str] = Field(description="every name and spelling the reports use")
    roles: list[RolePeriod]
    quotes: list[Quote] = Field(description="latest quotations (at most 20)")
    events: list[Event] = Field(description="latest events the actor takes part in (at most 20)")
    positions: list[PositionGroup]
    co_actors: list[CoActor] = Field(description="actors sharing events or reports (at most 20), counted over "
                                                 "the actor's latest 200 reports and 200 events")


# --- lists ---------------------------------------------------------------------------------------------


class EventList(Page):
    items: list[Event]


class QuoteList(Page):
    items: list[Quote]


class PositionList(BaseModel):
    items: list[PositionGroup]


# --- writes --------------------------------------------------------------------------------------------


class NewReport(BaseModel):
    """A report to ingest; the same fields as a JSON Lines record."""

    id: str | None = Field(None, max_length=500, description="the report's id (or give `doc`)")
    doc: str | None = Field(None, max_length=500)
    text: str = Field(min_length=1, pattern="[^\\s\\x1c-\\x1f]", description="the report body (plain text)")
    published: str | None = Field(None, min_length=1, description="YYYY-MM-DD; found in the text when missing",
                                  json_schema_extra={"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]})
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000)


class IngestResult(BaseModel):
    id: int
    doc: str
    duplicate: bool
    url: str = Field(description="the report's API address")


def no_blank_params(request: Request) -> None:
    """On the JSON API a parameter given empty (`?type=`) is a mistake, answered 422; leave it out for no
    filter. The HTML pages' forms send empty fields for "any", so there a blank means no filter."""
    blank = [name for name, value in request.query_params.multi_items() if not value.strip()]
    if blank:
        raise RequestValidationError([{"loc": ["query", name], "msg": "empty value: leave the parameter out for "
                                       "no filter", "type": "value_error"} for name in blank])
