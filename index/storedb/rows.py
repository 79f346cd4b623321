"""Row types of the store and their conversion from SQLite rows; the dedup content hash."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypedDict

from pydantic import BaseModel, Field

from index.models import Article, Event, Source


class _Report(BaseModel):
    """What an event and each mention of it both carry."""

    type: str
    modality: str
    date_lo: date | None = None
    date_hi: date | None = None
    precision: str | None = None
    initiator: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class EventRow(_Report):
    """One row of ``events``: the clustered event without its sources."""

    id: str
    participants: list[str]
    cameo: str
    updated_at: datetime | None = None

    @classmethod
    def from_event(cls, event: Event) -> EventRow:
        """Build a row from an Event; its sources live in ``mentions`` and are dropped here."""
        return cls(
            id=event.id,
            participants=sorted(event.actor_ids()),
            type=event.type,
            cameo=event.cameo,
            modality=event.modality,
            date_lo=event.date,
            date_hi=event.date_hi,
            precision=event.date_precision,
            initiator=event.initiator,
            data=event.model_dump(mode="json", exclude={"sources"}),
        )

    def to_event(self, sources: Iterable[Source] = ()) -> Event:
        """Rebuild the Event from the stored JSON plus the given sources."""
        return Event.model_validate({**self.data, "sources": [s.model_dump() for s in sources]})


class MentionRow(_Report):
    """One row of ``mentions``: one article's report of an event."""

    id: int | None = None
    event_id: str
    article_id: str
    quote: str
    start: int = 0
    end: int = 0


class Counts(TypedDict):
    """What ``Store.counts`` reports."""

    articles: int
    events: int
    people: int
    languages: dict[str, int]
    last_ingest: datetime | None


_QUOTES = frozenset("\"'`´‘’‚‛“”„‟«»‹›「」『』〝〞＂＇ʹʺʻʼʽˈ")


_HASH_CANDIDATES = re.compile(r"[^\w\s]|[_" + re.escape("".join(sorted(_QUOTES))) + "]")


def content_hash(text: str) -> str:
    """Return the sha256 of the text normalised so copies differing in quotes, dashes or spacing match."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    table = _hash_table()
    # Only non-word characters (and the quote letters and "_") can change: look up just those.
    mapped = _HASH_CANDIDATES.sub(lambda m: table.get(ord(m.group()), m.group()) or "", folded)
    normal = " ".join(mapped.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@functools.cache
def _hash_table() -> dict[int, str | None]:
    """What normalisation does to each character, built from this Python's Unicode tables.

    Invisible marks and quote styles carry no content (dropped); punctuation and controls separate words (space).
    """
    table: dict[int, str | None] = {}
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if ch in _QUOTES or cat in ("Cf", "Sk"):
            table[cp] = None
        elif cat[0] == "P" or cat == "Cc":
            table[cp] = " "
    return table


def iso(value: date | datetime | None) -> str | None:
    """Return a date or time as ISO text, None stays None."""
    return value.isoformat() if value is not None else None


def moment(value: str | None) -> datetime | None:
    """Parse an ISO date-time, empty stays None."""
    return datetime.fromisoformat(value) if value else None


def now() -> str:
    """Return the current local time as ISO text with its offset."""
    return datetime.now().astimezone().isoformat()


def article_from_row(row: sqlite3.Row) -> Article:
    """Build an Article from an ``articles`` row (pydantic parses the ISO dates)."""
    return Article.model_validate(dict(row))


def event_from_row(row: sqlite3.Row) -> EventRow:
    """Build an EventRow from an ``events`` row."""
    participants = [p for p in row["participants"].split("|") if p]
    return EventRow.model_validate({**dict(row), "participants": participants, "data": json.loads(row["data"])})


def mention_from_row(row: sqlite3.Row) -> MentionRow:
    """Build a MentionRow from a ``mentions`` row."""
    return MentionRow.model_validate({**dict(row), "data": json.loads(row["data"])})
