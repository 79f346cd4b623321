"""Writes inside one store transaction."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from index.models import Article
from index.storedb.rows import EventRow, MentionRow, iso, now
from index.storedb.schema import ARTICLE_COLS, EVENT_COLS, MENTION_COLS, marks


class DuplicateArticleError(ValueError):
    """An article with the same content hash (or id) is already stored."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(f"duplicate of article {existing_id}")
        self.existing_id = existing_id


def participants(ids: list[str]) -> str:
    """Join person ids for the ``participants`` column, refusing ids that would break the join."""
    bad = [p for p in ids if "|" in p or not p]
    if bad:
        raise ValueError(f"person ids must be non-empty and contain no '|': {bad!r}")
    return "|".join(sorted(set(ids)))


class Tx:
    """Writes inside one ``Store.transaction()``; valid only in the thread that opened it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._savepoints = itertools.count()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo only this block's writes if it raises, so one bad article leaves a batch's others in place."""
        name = f"sp{next(self._savepoints)}"
        self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self._conn.execute(f"ROLLBACK TO {name}")
            self._conn.execute(f"RELEASE {name}")
            raise
        self._conn.execute(f"RELEASE {name}")

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
            f"INSERT INTO articles ({ARTICLE_COLS}) VALUES ({marks(12)})",
            (a.id, seq, a.title, a.url, a.source, a.lang, iso(a.published), a.published_from,
             a.text, a.content_hash, origin, a.added_at.isoformat()),
        )
        return seq

    def add_event_row(self, row: EventRow) -> None:
        """Insert a new event row."""
        self._conn.execute(f"INSERT INTO events ({EVENT_COLS}) VALUES ({marks(11)})", self._event_values(row))
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
            f"INSERT INTO mentions ({MENTION_COLS}) VALUES ({marks(13)})",
            (row.id, row.event_id, row.article_id, row.quote, row.start, row.end, row.type,
             row.modality, iso(row.date_lo), iso(row.date_hi), row.precision, row.initiator,
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
        return (row.id, participants(row.participants), row.type, row.cameo, row.modality,
                iso(row.date_lo), iso(row.date_hi), row.precision, row.initiator,
                json.dumps(row.data, ensure_ascii=False), iso(row.updated_at) or now())

    def _set_people(self, row: EventRow) -> None:
        # The shown date is the event's own ("date" in its JSON): month and year precision show their first day.
        copied = (row.modality, row.type, row.data.get("date"), row.data.get("date_hi"), row.precision,
                  iso(row.date_lo))
        self._conn.executemany(
            "INSERT INTO event_people (person_id, event_id, modality, type, shown, shown_hi, precision, date_lo) "
            f"VALUES ({marks(8)})",
            [(p, row.id, *copied) for p in sorted(set(row.participants))],
        )
