"""The SQLite schema (versioned with ``PRAGMA user_version``), column lists and SQL helpers."""

from __future__ import annotations

from collections.abc import Iterator

SCHEMA_VERSION = 3
IN_CHUNK = 500  # stays far below SQLite's bound-parameter limit

SCHEMA = """
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
CREATE INDEX events_merge ON events(participants, modality, date_lo);
CREATE INDEX events_date_lo ON events(date_lo);
-- One row per (event, person): membership lookups use an index instead of LIKE over the joined ids.
-- It copies what questions filter and order on (the shown date is the event JSON's "date"), so a question
-- about someone with thousands of contacts counts and ranks them here and reads only the events it shows.
CREATE TABLE event_people (
    person_id TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    modality TEXT NOT NULL, type TEXT NOT NULL,
    shown TEXT, shown_hi TEXT, precision TEXT, date_lo TEXT,
    PRIMARY KEY (person_id, event_id)
) WITHOUT ROWID;
CREATE INDEX event_people_event ON event_people(event_id);
CREATE INDEX event_people_kind ON event_people(person_id, modality, type, shown);
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

# Statements that bring a store of version N-1 to version N (the key).
UPGRADES: dict[int, tuple[str, ...]] = {
    # Merging looks up an article's contacts by people, modality and date window.
    2: ("CREATE INDEX IF NOT EXISTS events_merge ON events(participants, modality, date_lo)",
        "DROP INDEX IF EXISTS events_participants"),
    # event_people copies the columns questions filter and order on: rebuilt from the events (seconds at 100k).
    3: ("""CREATE TABLE event_people_v3 (
            person_id TEXT NOT NULL,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            modality TEXT NOT NULL, type TEXT NOT NULL,
            shown TEXT, shown_hi TEXT, precision TEXT, date_lo TEXT,
            PRIMARY KEY (person_id, event_id)
        ) WITHOUT ROWID""",
        """INSERT INTO event_people_v3 SELECT p.person_id, p.event_id, e.modality, e.type,
            json_extract(e.data, '$.date'), json_extract(e.data, '$.date_hi'), e.precision, e.date_lo
            FROM event_people p JOIN events e ON e.id = p.event_id""",
        "DROP TABLE event_people",
        "ALTER TABLE event_people_v3 RENAME TO event_people",
        "CREATE INDEX event_people_event ON event_people(event_id)",
        "CREATE INDEX event_people_kind ON event_people(person_id, modality, type, shown)"),
}

ARTICLE_COLS = (
    "id, seq, title, url, source, lang, published, published_from, text, content_hash, origin, added_at"
)
EVENT_COLS = (
    "id, participants, type, cameo, modality, date_lo, date_hi, precision, initiator, data, updated_at"
)
MENTION_COLS = (
    'id, event_id, article_id, quote, start, "end", type, modality, date_lo, date_hi, precision, '
    "initiator, data"
)


def chunks(items: list[str]) -> Iterator[list[str]]:
    """Split a list of ids for ``IN (...)`` clauses."""
    for i in range(0, len(items), IN_CHUNK):
        yield items[i : i + IN_CHUNK]


def marks(n: int) -> str:
    """Return n comma-separated SQL placeholders."""
    return ",".join("?" * n)
