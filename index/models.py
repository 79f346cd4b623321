"""Pydantic types that cross the engine's boundary (CLI, bot, store, tests)."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["en", "fr", "uk", "ru"]
LANGS: tuple[str, ...] = ("en", "fr", "uk", "ru")
Precision = Literal["day", "month", "year"]
Modality = Literal["happened", "planned", "failed", "cancelled", "denied"]
EventType = Literal["phone_call", "meeting", "visit", "talks", "negotiation", "consult"]
Intent = Literal["last", "first", "when", "count", "who", "exists", "search"]

# CAMEO codes for each event type; "planned" contacts are coded 036 whatever their type.
CAMEO: dict[str, str] = {
    "consult": "040",
    "phone_call": "041",
    "visit": "042",
    "meeting": "044",
    "talks": "040",
    "negotiation": "046",
}
CAMEO_INTENT_TO_MEET = "036"


class ArticleIn(BaseModel):
    """An article as it arrives, before the engine understands it."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    source: str | None = None
    lang: str | None = None
    origin: str = "file"  # file | jsonl | html | telegram | link
    location: str | None = None  # path:line or chat/message, for error reports


class Article(BaseModel):
    """A stored article: cleaned text and the metadata the engine found."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    lang: str
    published: datetime | None = None
    published_from: str = "none"  # field | dateline | timestamp | weekday | none
    text: str
    content_hash: str
    added_at: datetime


class DateValue(BaseModel):
    """A date as precise as the text allows: an interval plus the precision shown to users."""

    lo: date
    hi: date
    precision: Precision

    def shown(self) -> date:
        """Return the representative date: the day, or the first day of the month or year."""
        if self.precision == "day":
            return self.lo
        if self.precision == "month":
            return self.lo.replace(day=1)
        return self.lo.replace(month=1, day=1)


class Actor(BaseModel):
    """A participant: a knowledge-base person (id) or a name learned from the text."""

    id: str | None = None
    name: str
    role: str | None = None


class Source(BaseModel):
    """One article's report of an event, with the evidence sentence and its offsets."""

    article_id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    quote: str
    start: int = 0
    end: int = 0


class Event(BaseModel):
    """A dated interaction between identified people, with every source that reports it."""

    id: str
    date: dt.date | None = None
    date_hi: dt.date | None = None
    date_precision: Precision | None = None
    type: EventType
    cameo: str
    modality: Modality
    actors: list[Actor]
    initiator: str | None = None
    sources: list[Source] = Field(default_factory=list)

    def actor_ids(self) -> set[str]:
        """Return the knowledge-base ids of the participants."""
        return {a.id for a in self.actors if a.id}


class SearchHit(BaseModel):
    """A full-text hit: offered when no event answers, never presented as an answer."""

    article_id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    snippet: str = ""
    score: float = 0.0


class SearchPage(BaseModel):
    """One page of full-text hits."""

    query: str
    total: int
    page: int
    pages: int
    hits: list[SearchHit]
    error: str | None = None  # a polite message when the query could not be parsed


class Answer(BaseModel):
    """What the engine says to a question: text in the question's language, events and sources."""

    question: str
    lang: str
    intent: Intent
    answer: str
    count: int | None = None
    events: list[Event] = Field(default_factory=list)
    hits: list[SearchHit] = Field(default_factory=list)
    hint: str | None = None  # a way out when the question could not be understood


class ArticleResult(BaseModel):
    """The outcome of ingesting one article."""

    article_id: str | None = None
    status: Literal["new", "duplicate", "skipped"]
    lang: str | None = None
    title: str | None = None
    published: datetime | None = None
    events: list[Event] = Field(default_factory=list)
    event_count: int = 0  # events the article reported; `events` may be left empty in a long bulk ingest
    error: str | None = None
    location: str | None = None


# A bulk ingest keeps this many articles' results in full, then only counts (memory stays flat at 100k).
RESULT_DETAIL_LIMIT = 100


class IngestReport(BaseModel):
    """A summary of one ingest call."""

    new: int = 0
    duplicate: int = 0
    skipped: int = 0
    events: int = 0
    results: list[ArticleResult] = Field(default_factory=list)
    omitted: int = 0  # results counted but not kept, past RESULT_DETAIL_LIMIT
    errors: list[str] = Field(default_factory=list)

    def keeps_details(self) -> bool:
        """Whether the next result will be kept (and so is worth loading its events for)."""
        return len(self.results) < RESULT_DETAIL_LIMIT

    def add(self, result: ArticleResult) -> None:
        """Count one article's outcome."""
        if self.keeps_details():
            self.results.append(result)
        else:
            self.omitted += 1
        if result.status == "new":
            self.new += 1
            self.events += result.event_count
        elif result.status == "duplicate":
            self.duplicate += 1
        else:
            self.skipped += 1
            if result.error:
                self.errors.append(f"{result.location or '?'}: {result.error}")


class Stats(BaseModel):
    """Collection statistics for /stats and `newsbot stats`."""

    articles: int
    events: int
    languages: dict[str, int]
    index_bytes: int
    last_ingest: datetime | None = None
    people: int = 0


class TimelinePage(BaseModel):
    """One page of a person's contacts, newest first."""

    person: Actor | None
    total: int
    page: int
    pages: int
    events: list[Event]
    error: str | None = None
