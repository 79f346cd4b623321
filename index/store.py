"""SQLite store: the source of truth for articles, events, mentions and learned people.

Concurrency choice: one connection per thread (a ``threading.local`` owned by the Store), because
in WAL mode readers on their own connections never wait for the writer, and a thread that holds a
transaction reads its own uncommitted rows through the same connection.  Writers are serialised by
an in-process lock (fair, no busy-polling) plus ``busy_timeout`` for a second process.

Durability choice: ``synchronous=FULL``.  An article is acknowledged to the user once its
transaction commits, so the commit must survive a power loss, not only a process crash (which
NORMAL already survives).  The extra fsync per article is small next to extraction time.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypedDict

from pydantic import BaseModel, Field

from index.models import Article, Event, Source

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000
_IN_CHUNK = 500  # stays far below SQLite's bound-parameter limit

_SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    title TEXT, url TEXT, source TEXT,
    lang TEXT NOT NULL,
    published TEXT,
    published_from TEXT NOT NULL DEFAULT 'none',
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    origin TEXT,
    added_at TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    participants TEXT NOT NULL,
    type TEXT NOT NULL, cameo TEXT NOT NULL, modality TEXT NOT NULL,
    date_lo TEXT, date_hi TEXT, precision TEXT, initiator TEXT,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_participants ON events(participants);
CREATE INDEX events_date_lo ON events(date_lo);
-- One row per (event, person): membership lookups use an index instead of LIKE over the joined ids.
CREATE TABLE event_people (
    person_id TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, event_id)
) WITHOUT ROWID;
CREATE INDEX event_people_event ON event_people(event_id);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    quote TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    type TEXT NOT NULL, modality TEXT NOT NULL,
    date_lo TEXT, date_hi TEXT, precision TEXT, initiator TEXT,
    data TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE TABLE people (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_ARTICLE_COLS = (
    "id, seq, title, url, source, lang, published, published_from, text, content_hash, origin, added_at"
)
_EVENT_COLS = (
    "id, participants, type, cameo, modality, date_lo, date_hi, precision, initiator, data, updated_at"
)
_MENTION_COLS = (
    'id, event_id, article_id, quote, start, "end", type, modality, date_lo, date_hi, precision, '
    "initiator, data"
)


class StoreError(RuntimeError):
    """The store cannot be used (closed, or created by a newer version)."""


class DuplicateArticleError(ValueError):
    """An article with the same content hash (or id) is already stored."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(f"duplicate of article {existing_id}")
        self.existing_id = existing_id


class EventRow(BaseModel):
    """One row of ``events``: the clustered event without its sources."""

    id: str
    participants: list[str]
    type: str
    cameo: str
    modality: str
    date_lo: date | None = None
    date_hi: date | None = None
    precision: str | None = None
    initiator: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
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


class MentionRow(BaseModel):
    """One row of ``mentions``: one article's report of an event."""

    id: int | None = None
    event_id: str
    article_id: str
    quote: str
    start: int = 0
    end: int = 0
    type: str
    modality: str
    date_lo: date | None = None
    date_hi: date | None = None
    precision: str | None = None
    initiator: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class Counts(TypedDict):
    """What ``Store.counts`` reports."""

    articles: int
    events: int
    people: int
    languages: dict[str, int]
    last_ingest: datetime | None


_QUOTES = frozenset("\"'`´‘’‚‛“”„‟«»‹›「」『』〝〞＂＇ʹʺʻʼʽˈ")


def content_hash(text: str) -> str:
    """Return the sha256 of the text normalised so copies differing in quotes, dashes or spacing match."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for ch in folded:
        cat = unicodedata.category(ch)
        if ch in _QUOTES or cat in ("Cf", "Sk"):
            continue  # invisible marks and quote styles carry no content
        out.append(" " if cat[0] == "P" or cat == "Cc" else ch)
    normal = " ".join("".join(out).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _now() -> str:
    return datetime.now().astimezone().isoformat()


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        lang=row["lang"],
        published=_moment(row["published"]),
        published_from=row["published_from"],
        text=row["text"],
        content_hash=row["content_hash"],
        added_at=datetime.fromisoformat(row["added_at"]),
    )


def _event_row(row: sqlite3.Row) -> EventRow:
    return EventRow(
        id=row["id"],
        participants=[p for p in row["participants"].split("|") if p],
        type=row["type"],
        cameo=row["cameo"],
        modality=row["modality"],
        date_lo=_day(row["date_lo"]),
        date_hi=_day(row["date_hi"]),
        precision=row["precision"],
        initiator=row["initiator"],
        data=json.loads(row["data"]),
        updated_at=_moment(row["updated_at"]),
    )


def _mention_row(row: sqlite3.Row) -> MentionRow:
    return MentionRow(
        id=row["id"],
        event_id=row["event_id"],
        article_id=row["article_id"],
        quote=row["quote"],
        start=row["start"],
        end=row["end"],
        type=row["type"],
        modality=row["modality"],
        date_lo=_day(row["date_lo"]),
        date_hi=_day(row["date_hi"]),
        precision=row["precision"],
        initiator=row["initiator"],
        data=json.loads(row["data"]),
    )


def _participants(ids: list[str]) -> str:
    bad = [p for p in ids if "|" in p or not p]
    if bad:
        raise ValueError(f"person ids must be non-empty and contain no '|': {bad!r}")
    return "|".join(sorted(set(ids)))


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Tx:
    """Writes inside one ``Store.transaction()``; valid only in the thread that opened it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def add_article(self, article: Article, origin: str | None = None) -> int:
        """Insert an article and return its insert-order number; raise DuplicateArticleError on a copy."""
        existing = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? OR id = ?",
            (article.content_hash, article.id),
        ).fetchone()
        if existing is not None:
            raise DuplicateArticleError(existing["id"])
        seq = int(self.get_meta("last_seq") or 0) + 1
        self.set_meta("last_seq", str(seq))
        a = article
        self._conn.execute(
            f"INSERT INTO articles ({_ARTICLE_COLS}) VALUES ({_marks(12)})",
            (a.id, seq, a.title, a.url, a.source, a.lang, _iso(a.published), a.published_from,
             a.text, a.content_hash, origin, a.added_at.isoformat()),
        )
        return seq

    def add_event_row(self, row: EventRow) -> None:
        """Insert a new event row."""
        self._conn.execute(f"INSERT INTO events ({_EVENT_COLS}) VALUES ({_marks(11)})", self._event_values(row))
        self._set_people(row)

    def update_event_row(self, row: EventRow) -> None:
        """Replace an existing event row; raise KeyError if it does not exist."""
        values = self._event_values(row)
        cur = self._conn.execute(
            "UPDATE events SET participants=?, type=?, cameo=?, modality=?, date_lo=?, date_hi=?, "
            "precision=?, initiator=?, data=?, updated_at=? WHERE id=?",
            (*values[1:], row.id),
        )
        if cur.rowcount == 0:
            raise KeyError(row.id)
        self._conn.execute("DELETE FROM event_people WHERE event_id = ?", (row.id,))
        self._set_people(row)

    def delete_event(self, event_id: str) -> bool:
        """Delete an event; its mentions must be gone or moved first (the foreign key refuses otherwise)."""
        return self._conn.execute("DELETE FROM events WHERE id = ?", (event_id,)).rowcount > 0

    def add_mention(self, row: MentionRow) -> int:
        """Insert a mention and return its id."""
        cur = self._conn.execute(
            f"INSERT INTO mentions ({_MENTION_COLS}) VALUES ({_marks(13)})",
            (row.id, row.event_id, row.article_id, row.quote, row.start, row.end, row.type,
             row.modality, _iso(row.date_lo), _iso(row.date_hi), row.precision, row.initiator,
             json.dumps(row.data, ensure_ascii=False)),
        )
        return int(cur.lastrowid or 0)

    def move_mentions(self, from_event: str, to_event: str) -> int:
        """Reattach every mention of one event to another (when the engine merges clusters)."""
        cur = self._conn.execute("UPDATE mentions SET event_id = ? WHERE event_id = ?", (to_event, from_event))
        return cur.rowcount

    def set_mention_event(self, mention_id: int, event_id: str) -> None:
        """Reattach one mention to another event."""
        self._conn.execute("UPDATE mentions SET event_id = ? WHERE id = ?", (event_id, mention_id))

    def delete_mention(self, mention_id: int) -> str | None:
        """Delete one mention and return the id of the event it belonged to."""
        row = self._conn.execute("SELECT event_id FROM mentions WHERE id = ?", (mention_id,)).fetchone()
        self._conn.execute("DELETE FROM mentions WHERE id = ?", (mention_id,))
        return row["event_id"] if row else None

    def delete_article(self, article_id: str) -> list[str]:
        """Delete an article and its mentions; return the ids of events that lost a mention."""
        rows = self._conn.execute(
            "SELECT DISTINCT event_id FROM mentions WHERE article_id = ? ORDER BY event_id", (article_id,)
        ).fetchall()
        self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return [r["event_id"] for r in rows]

    def put_person(self, person_id: str, data: dict[str, Any]) -> None:
        """Insert or replace a person learned at run time (a Person as JSON)."""
        self._conn.execute(
            "INSERT INTO people (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
            (person_id, json.dumps(data, ensure_ascii=False)),
        )

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value."""
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def get_meta(self, key: str) -> str | None:
        """Read a metadata value, including this transaction's own writes."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    @staticmethod
    def _event_values(row: EventRow) -> tuple[Any, ...]:
        return (row.id, _participants(row.participants), row.type, row.cameo, row.modality,
                _iso(row.date_lo), _iso(row.date_hi), row.precision, row.initiator,
                json.dumps(row.data, ensure_ascii=False), _iso(row.updated_at) or _now())

    def _set_people(self, row: EventRow) -> None:
        self._conn.executemany(
            "INSERT INTO event_people (person_id, event_id) VALUES (?, ?)",
            [(p, row.id) for p in sorted(set(row.participants))],
        )


class Store:
    """The SQLite database; every method may be called from any thread."""

    def __init__(self, path: Path, synchronous: str = "FULL") -> None:
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError("synchronous must be FULL or NORMAL")
        self.path = Path(path)
        self._synchronous = synchronous
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------------

    def initialize(self) -> None:
        """Create or open the database and bring its schema to the current version."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._conn()
        conn.execute("PRAGMA journal_mode=WAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {version}; this program knows up to {SCHEMA_VERSION}")
        if version == 0:
            # executescript() would commit on its own, so the DDL runs statement by statement.
            with self.transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close every thread's connection; the store cannot be used afterwards."""
        with self._conns_lock:
            self._closed = True
            conns, self._conns = self._conns, []
        for conn in conns:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Run a write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception)."""
        conn = self._conn()
        if conn.in_transaction:
            raise StoreError("nested transaction in the same thread")
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # also after a failed COMMIT, so the connection stays usable
                    conn.execute("ROLLBACK")
                raise

    # -- reads -------------------------------------------------------------------------------

    def article_id_for_hash(self, content_hash: str) -> str | None:
        """Return the id of the stored article with this content hash, if any."""
        row = self._conn().execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row["id"] if row else None

    def get_article(self, article_id: str) -> Article | None:
        """Return one article."""
        row = self._conn().execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Return the stored articles among these ids, by id."""
        found: dict[str, Article] = {}
        for chunk in _chunks(sorted(set(ids))):
            sql = f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({_marks(len(chunk))})"
            found.update((r["id"], _article(r)) for r in self._conn().execute(sql, chunk))
        return found

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Yield every article in insert order, holding at most one batch in memory."""
        return (article for article, _ in self.iter_articles_with_seq(0, batch))

    def iter_articles_with_seq(self, after_seq: int = 0, batch: int = 500) -> Iterator[tuple[Article, int]]:
        """Yield (article, seq) for articles inserted after ``after_seq``, in insert order."""
        sql = f"SELECT {_ARTICLE_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?"
        return ((_article(r), int(r["seq"])) for r in self._pages(sql, "seq", after_seq, batch))

    def recent_articles(self, limit: int) -> list[Article]:
        """Return the most recently added articles, newest first."""
        rows = self._conn().execute(
            f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY seq DESC LIMIT ?", (limit,)
        ).fetchall()
        return [_article(r) for r in rows]

    def article_seq(self, article_id: str) -> int | None:
        """Return an article's insert-order number."""
        row = self._conn().execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row["seq"]) if row else None

    def events_with_participant(self, person_id: str) -> list[EventRow]:
        """Return the events a person took part in, oldest first (undated first)."""
        rows = self._conn().execute(
            f"SELECT {', '.join('e.' + c.strip() for c in _EVENT_COLS.split(','))} FROM events e "
            "JOIN event_people p ON p.event_id = e.id WHERE p.person_id = ? ORDER BY e.date_lo, e.id",
            (person_id,),
        ).fetchall()
        return [_event_row(r) for r in rows]

    def events_by_ids(self, ids: Iterable[str]) -> list[EventRow]:
        """Return the stored events among these ids, in the order given."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, EventRow] = {}
        for chunk in _chunks(wanted):
            sql = f"SELECT {_EVENT_COLS} FROM events WHERE id IN ({_marks(len(chunk))})"
            found.update((r["id"], _event_row(r)) for r in self._conn().execute(sql, chunk))
        return [found[i] for i in wanted if i in found]

    def get_event_row(self, event_id: str) -> EventRow | None:
        """Return one event row."""
        row = self._conn().execute(f"SELECT {_EVENT_COLS} FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event_row(row) if row else None

    def iter_event_rows(self, batch: int = 500) -> Iterator[EventRow]:
        """Yield every event row ordered by id, holding at most one batch in memory."""
        sql = f"SELECT {_EVENT_COLS} FROM events WHERE id > ? ORDER BY id LIMIT ?"
        return (_event_row(r) for r in self._pages(sql, "id", "", batch))

    def mentions_for_event(self, event_id: str) -> list[MentionRow]:
        """Return an event's mentions in insert order."""
        rows = self._conn().execute(
            f"SELECT {_MENTION_COLS} FROM mentions WHERE event_id = ? ORDER BY id", (event_id,)
        ).fetchall()
        return [_mention_row(r) for r in rows]

    def mentions_for_events(self, event_ids: Iterable[str]) -> dict[str, list[MentionRow]]:
        """Return the mentions of many events at once, by event id (events without any are absent)."""
        found: dict[str, list[MentionRow]] = {}
        for chunk in _chunks(sorted(set(event_ids))):
            sql = f"SELECT {_MENTION_COLS} FROM mentions WHERE event_id IN ({_marks(len(chunk))}) ORDER BY id"
            for r in self._conn().execute(sql, chunk):
                found.setdefault(r["event_id"], []).append(_mention_row(r))
        return found

    def mentions_for_article(self, article_id: str) -> list[MentionRow]:
        """Return an article's mentions in insert order."""
        rows = self._conn().execute(
            f"SELECT {_MENTION_COLS} FROM mentions WHERE article_id = ? ORDER BY id", (article_id,)
        ).fetchall()
        return [_mention_row(r) for r in rows]

    def delete_article(self, tx: Tx, article_id: str) -> list[str]:
        """Delete an article inside ``tx``; return the ids of events that lost a mention."""
        return tx.delete_article(article_id)

    def get_person(self, person_id: str) -> dict[str, Any] | None:
        """Return a learned person's JSON."""
        row = self._conn().execute("SELECT data FROM people WHERE id = ?", (person_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def people(self) -> dict[str, dict[str, Any]]:
        """Return every learned person's JSON, by id."""
        rows = self._conn().execute("SELECT id, data FROM people ORDER BY id").fetchall()
        return {r["id"]: json.loads(r["data"]) for r in rows}

    def counts(self) -> Counts:
        """Return article, event and people counts, articles per language and the last ingest time."""
        conn = self._conn()
        langs = conn.execute("SELECT lang, COUNT(*) AS n FROM articles GROUP BY lang ORDER BY lang").fetchall()
        last = conn.execute("SELECT added_at FROM articles ORDER BY seq DESC LIMIT 1").fetchone()
        return Counts(
            articles=conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            events=conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
            people=conn.execute("SELECT COUNT(*) FROM people").fetchone()[0],
            languages={r["lang"]: r["n"] for r in langs},
            last_ingest=_moment(last["added_at"]) if last else None,
        )

    def max_seq(self) -> int:
        """Return the highest insert-order number among stored articles (0 when empty)."""
        return int(self._conn().execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])

    def article_ids(self) -> set[str]:
        """Return every stored article id."""
        return {r[0] for r in self._conn().execute("SELECT id FROM articles")}

    def event_ids(self) -> set[str]:
        """Return every stored event id."""
        return {r[0] for r in self._conn().execute("SELECT id FROM events")}

    def get_meta(self, key: str) -> str | None:
        """Read a metadata value."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value in its own transaction."""
        with self.transaction() as tx:
            tx.set_meta(key, value)

    def _pages(self, sql: str, key: str, start: Any, batch: int) -> Iterator[sqlite3.Row]:
        # Keyset pages: no statement stays open between yields, so writers and checkpoints proceed.
        last = start
        while True:
            rows = self._conn().execute(sql, (last, batch)).fetchall()
            if not rows:
                return
            last = rows[-1][key]
            yield from rows

    # -- connections -------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and not self._closed:
            return conn
        with self._conns_lock:
            if self._closed:
                raise StoreError("the store is closed")
            # check_same_thread=False only so close() may close it; no other thread uses it.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conns.append(conn)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA synchronous = {self._synchronous}")
        self._local.conn = conn
        return conn
