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

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from index.models import Article, Event
from index.storedb.filters import ContactFilter
from index.storedb.rows import (
    Counts,
    EventRow,
    MentionRow,
    article_from_row,
    content_hash,
    event_from_row,
    mention_from_row,
    moment,
)
from index.storedb.schema import (
    ARTICLE_COLS,
    EVENT_COLS,
    MENTION_COLS,
    SCHEMA,
    SCHEMA_VERSION,
    UPGRADES,
    chunks,
    marks,
)
from index.storedb.tx import DuplicateArticleError, Tx

__all__ = [
    "SCHEMA_VERSION", "Counts", "DuplicateArticleError", "EventRow", "MentionRow", "Store", "StoreError", "Tx",
    "content_hash",
]

BUSY_TIMEOUT_MS = 30_000


class StoreError(RuntimeError):
    """The store cannot be used (closed, or created by a newer version)."""


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
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        self._upgrade(conn, version)

    def _upgrade(self, conn: sqlite3.Connection, version: int) -> None:
        """Run the statements that bring an older store up to the current schema, one version at a time."""
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in UPGRADES.get(target, ()):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")

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
        row = self._conn().execute(f"SELECT {ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_row(row) if row else None

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Return the stored articles among these ids, by id."""
        return {a.id: a for a, _ in self.get_articles_with_seq(ids)}

    def get_articles_with_seq(self, ids: Iterable[str]) -> list[tuple[Article, int]]:
        """Return (article, insert order) for the stored articles among these ids."""
        found: list[tuple[Article, int]] = []
        for chunk in chunks(sorted(set(ids))):
            sql = f"SELECT {ARTICLE_COLS} FROM articles WHERE id IN ({marks(len(chunk))})"
            found.extend((article_from_row(r), int(r["seq"])) for r in self._conn().execute(sql, chunk))
        return found

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Yield every article in insert order, holding at most one batch in memory."""
        return (article for article, _ in self.iter_articles_with_seq(0, batch))

    def iter_articles_with_seq(self, after_seq: int = 0, batch: int = 500) -> Iterator[tuple[Article, int]]:
        """Yield (article, seq) for articles inserted after ``after_seq``, in insert order."""
        sql = f"SELECT {ARTICLE_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?"
        return ((article_from_row(r), int(r["seq"])) for r in self._pages(sql, "seq", after_seq, batch))

    def recent_articles(self, limit: int) -> list[Article]:
        """Return the most recently added articles, newest first."""
        rows = self._conn().execute(
            f"SELECT {ARTICLE_COLS} FROM articles ORDER BY seq DESC LIMIT ?", (limit,)
        ).fetchall()
        return [article_from_row(r) for r in rows]

    def article_seq(self, article_id: str) -> int | None:
        """Return an article's insert-order number."""
        row = self._conn().execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row["seq"]) if row else None

    def events_with_participant(self, person_id: str) -> list[EventRow]:
        """Return the events a person took part in, oldest first (undated first)."""
        rows = self._conn().execute(
            f"SELECT {', '.join('e.' + c.strip() for c in EVENT_COLS.split(','))} FROM events e "
            "JOIN event_people p ON p.event_id = e.id WHERE p.person_id = ? ORDER BY e.date_lo, e.id",
            (person_id,),
        ).fetchall()
        return [event_from_row(r) for r in rows]

    def merge_candidates(self, person_ids: Iterable[str], modality: str, lo: date | None,
                         hi: date | None) -> list[EventRow]:
        """Events of exactly these people and modality whose dates overlap [lo, hi] (undated: the undated ones).

        Only overlapping dates can be one contact, so merging stays an indexed lookup of a few rows however
        often a pair has met.
        """
        key = "|".join(sorted(set(person_ids)))
        args: tuple[str, ...] = ()
        if lo is None or hi is None:
            where = "(date_lo IS NULL OR precision IS NULL)"
        else:
            where, args = "date_lo <= ? AND COALESCE(date_hi, date_lo) >= ?", (hi.isoformat(), lo.isoformat())
        rows = self._conn().execute(
            f"SELECT {EVENT_COLS} FROM events WHERE participants = ? AND modality = ? AND {where} "
            "ORDER BY date_lo, id", (key, modality, *args),
        ).fetchall()
        return [event_from_row(r) for r in rows]

    def contact_events(self, people: list[str], modality: str | None = None,
                       want: ContactFilter | None = None) -> list[Event]:
        """Events with every one of these people (and this modality, or passing ``want``), without sources,
        newest first.

        Indexed joins on ``event_people``, and one JSON decode per event that passes the filters SQL can check:
        questions about busy people stay fast however many contacts they have.
        """
        if not people:
            return []
        rows, who, params = self._with_people(people)
        if want is not None:
            where, args = want.sql("p0")
        else:
            where, args = ("p0.modality = ?", [modality]) if modality else ("1", [])
        sql = f"SELECT e.data FROM {rows} JOIN events e ON e.id = p0.event_id WHERE {who} AND {where}"
        found = self._conn().execute(sql + " ORDER BY p0.date_lo DESC, p0.event_id", [*params, *args])
        return [Event.model_validate_json(r["data"]) for r in found]

    def top_contacts(self, people: list[str], want: ContactFilter, limit: int) -> tuple[int, list[Event]]:
        """How many contacts of exactly-named people pass every filter, and the first ``limit`` in answer order.

        The filters and the order are the answerer's (shown date, day precision, stable on date_lo and id). Both
        run on ``event_people``'s copies of those columns, so a question about a minister with thousands of
        contacts reads and decodes only the events its answer shows.
        """
        where, args = want.sql("p0")
        rows, who, params = self._with_people(people)
        conn = self._conn()
        query = f"FROM {rows} WHERE {who} AND {where}"
        if len(people) > 1:
            # One walk of the join gives both: the window counts every match before LIMIT applies (a separate
            # COUNT walked it twice: 48 -> 20 ms for a pair with 28,000 and 57,000 contacts at 100k articles).
            # One person's rows come straight from an index, where the window only adds work (14 -> 32 ms).
            top = conn.execute(f"SELECT p0.event_id, COUNT(*) OVER () {query} ORDER BY {want.order('p0')} LIMIT ?",
                               [*params, *args, max(1, limit)]).fetchall()
            total = int(top[0][1]) if top else 0
        else:
            total = int(conn.execute(f"SELECT COUNT(*) {query}", [*params, *args]).fetchone()[0])
            top = conn.execute(f"SELECT p0.event_id {query} ORDER BY {want.order('p0')} LIMIT ?",
                               [*params, *args, limit]).fetchall() if total else []
        return total, self._decoded([r[0] for r in top][:limit])

    def _with_people(self, people: list[str]) -> tuple[str, str, list[str]]:
        """FROM and WHERE over ``event_people`` (alias p0: the person with the fewest events), and parameters."""
        conn = self._conn()
        counts = {p: conn.execute("SELECT COUNT(*) FROM event_people WHERE person_id = ?", (p,)).fetchone()[0]
                  for p in people}
        # SQLite has no statistics on event_people: CROSS JOIN keeps it walking the rarer person's rows and
        # checking each event's other people in the index, before it reads any event.
        ordered = sorted(people, key=lambda p: counts[p])
        joins = "".join(f" CROSS JOIN event_people p{i} ON p{i}.event_id = p0.event_id AND p{i}.person_id = ?"
                        for i in range(1, len(ordered)))
        return f"event_people p0{joins}", "p0.person_id = ?", [*ordered[1:], ordered[0]]

    def _decoded(self, ids: list[str]) -> list[Event]:
        """These events (without sources) in the order given."""
        found: dict[str, Event] = {}
        for chunk in chunks(ids):
            sql = f"SELECT id, data FROM events WHERE id IN ({marks(len(chunk))})"
            found.update((r["id"], Event.model_validate_json(r["data"])) for r in self._conn().execute(sql, chunk))
        return [found[i] for i in ids if i in found]

    def events_by_ids(self, ids: Iterable[str]) -> list[EventRow]:
        """Return the stored events among these ids, in the order given."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, EventRow] = {}
        for chunk in chunks(wanted):
            sql = f"SELECT {EVENT_COLS} FROM events WHERE id IN ({marks(len(chunk))})"
            found.update((r["id"], event_from_row(r)) for r in self._conn().execute(sql, chunk))
        return [found[i] for i in wanted if i in found]

    def get_event_row(self, event_id: str) -> EventRow | None:
        """Return one event row."""
        row = self._conn().execute(f"SELECT {EVENT_COLS} FROM events WHERE id = ?", (event_id,)).fetchone()
        return event_from_row(row) if row else None

    def iter_event_rows(self, batch: int = 500) -> Iterator[EventRow]:
        """Yield every event row ordered by id, holding at most one batch in memory."""
        sql = f"SELECT {EVENT_COLS} FROM events WHERE id > ? ORDER BY id LIMIT ?"
        return (event_from_row(r) for r in self._pages(sql, "id", "", batch))

    def mentions_for_event(self, event_id: str) -> list[MentionRow]:
        """Return an event's mentions in insert order."""
        rows = self._conn().execute(
            f"SELECT {MENTION_COLS} FROM mentions WHERE event_id = ? ORDER BY id", (event_id,)
        ).fetchall()
        return [mention_from_row(r) for r in rows]

    def mentions_for_events(self, event_ids: Iterable[str]) -> dict[str, list[MentionRow]]:
        """Return the mentions of many events at once, by event id (events without any are absent)."""
        found: dict[str, list[MentionRow]] = {}
        for chunk in chunks(sorted(set(event_ids))):
            sql = f"SELECT {MENTION_COLS} FROM mentions WHERE event_id IN ({marks(len(chunk))}) ORDER BY id"
            for r in self._conn().execute(sql, chunk):
                found.setdefault(r["event_id"], []).append(mention_from_row(r))
        return found

    def mentions_for_article(self, article_id: str) -> list[MentionRow]:
        """Return an article's mentions in insert order."""
        rows = self._conn().execute(
            f"SELECT {MENTION_COLS} FROM mentions WHERE article_id = ? ORDER BY id", (article_id,)
        ).fetchall()
        return [mention_from_row(r) for r in rows]

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
            last_ingest=moment(last["added_at"]) if last else None,
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
