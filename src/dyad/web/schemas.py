"""The shapes of the API's answers, for `/openapi.json` (and for schemathesis, which checks
every response against them). Documentation only: routes return plain dicts as `JSONResponse`
so that these models cost nothing at run time. Extra fields are allowed (the API adds
fields; it never renames or drops one)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorRef(Open):
    id: str
    name: str
    kind: str
    slug: str


class PolityCard(ActorRef):
    aliases: list[str]
    status: str | None
    founded: str | None
    dissolved: str | None
    founded_text: str | None
    dissolved_text: str | None
    url: str | None


class DyadHead(Open):
    id: int
    name: str
    parties: list[ActorRef]
    status: str
    ended: str | None
    ended_because: str | None
    url: str


class DyadListItem(DyadHead):
    events: int
    by_quad: dict[str, int]


class Page(Open):
    total: int
    limit: int
    offset: int


class DyadList(Page):
    dyads: list[DyadListItem]


class DecadeCount(Open):
    decade: str
    events: int
    by_quad: dict[str, int]


class Counts(Open):
    events: int
    by_type: dict[str, int]
    by_quad: dict[str, int]
    by_decade: list[DecadeCount]
    wider_than_a_decade: int
    undated: int


class Mission(Open):
    sender: ActorRef | None
    host: ActorRef | None
    name: str | None
    city: str | None
    kind: str


class DyadSummary(DyadHead):
    parties: list[PolityCard]
    missions: list[Mission]
    counts: Counts
    articles: list[dict]  # the articles about the dyad
    # Pages that cover the dyad only in some of their rows and sections (an overview page,
    # "Foreign relations of Armenia"): not about it. Each with `began`, `regions`, `label`.
    covered_in: list[dict] = []
    began: str | None = None  # when relations began (TIMEX3), the earliest any article says
    began_text: str | None = None
    actors: list[dict]


class EventDate(Open):
    value: str | None
    mod: str | None
    earliest: str | None
    latest: str | None
    text: str
    precision: str
    approx: bool
    inherited: bool


class Span(Open):
    start: int | None
    end: int | None


class Trigger(Span):
    text: str


class SentenceRef(Span):
    index: int
    text: str | None


class AlsoIn(Open):
    """The same event as another article reports it (merged into the event listed)."""
    id: int
    url: str
    eid: str
    article: str
    article_id: int
    article_url: str


class TimelineEvent(Open):
    id: int
    url: str
    type: str
    plover: str | None
    quad: str | None
    date: EventDate
    trigger: Trigger
    source: list[ActorRef]
    target: list[ActorRef]
    sentence: SentenceRef
    rule: str | None


class TimelinePageEvent(TimelineEvent):
    also_in: list[AlsoIn] = []


class TimelinePage(Page):
    events: list[TimelinePageEvent]
    total_exact: bool


class ArticleRef(Open):
    id: int
    title: str | None
    source: str | None = None
    url: str


class EventDetail(TimelineEvent):
    article: ArticleRef
    spans: list[dict]
    dyads: list[DyadHead]
    provenance: dict


class PartyRef(Open):
    id: str
    name: str
    kind: str


class Status(Open):
    party1: PartyRef
    party2: PartyRef
    on: str
    status: str
    ended: str | None
    ended_because: str | None
    known: bool
    began: str | None = None  # the day the younger party was founded, when known
    began_because: str | None = None


class PolityDetail(PolityCard):
    dyads: list[DyadHead]
    events: int


class PolityList(Page):
    polities: list[PolityCard]


class SearchHit(Open):
    sentence: int
    start: int
    end: int
    text: str
    matches: list[list[int]]
    article: ArticleRef
    url: str


class SearchResult(Page):
    query: str
    hits: list[SearchHit]


class ArticleList(Page):
    articles: list[ArticleRef]


class ArticleDetail(ArticleRef):
    text: str
    format: str
    sentences: list[list[int]]
    spans: list[dict]


def ok(model: type[BaseModel]) -> dict:
    """An OpenAPI `responses` entry documenting a 200 answer of `model`'s shape."""
    return {200: {"model": model, "description": "Successful answer"}}
