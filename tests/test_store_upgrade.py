"""A version 2 store (event_people without the copied columns) upgrades in place and answers the same."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from index.engine import Engine
from index.models import Actor, Event
from index.store import SCHEMA_VERSION, EventRow
from tests.conftest import TODAY, article
from tests.test_questions import ARTICLES

QUESTIONS = [
    "When did Erdogan last talk to Putin?", "When did Erdogan first meet Putin?", "Who did Erdogan meet?",
    "How many times did Erdogan speak with Putin?", "Who did Erdogan speak with in July 2024?",
    "When did Erdogan last call Putin before July 12, 2024?", "How many times did Macron meet Xi Jinping in 2024?",
    "Who did Macron meet?", "When did Macron last meet Erdogan?",
]
COPIED = "SELECT person_id, event_id, modality, type, shown, shown_hi, precision, date_lo FROM event_people ORDER BY 1, 2"


def month_event() -> EventRow:
    """A month-precision contact whose interval starts mid-month: its shown date (the 1st) is not its date_lo."""
    event = Event(id="ev-month", date=date(2024, 3, 1), date_hi=date(2024, 3, 17), date_precision="month",
                  type="meeting", cameo="044", modality="happened",
                  actors=[Actor(id="emmanuel-macron", name="Macron"), Actor(id="xi-jinping", name="Xi")])
    row = EventRow.from_event(event)
    row.date_lo = date(2024, 3, 11)
    return row


def answers(engine: Engine) -> list[dict[str, Any]]:
    """Every question's answer as plain data."""
    return [engine.ask(q).model_dump(mode="json") for q in QUESTIONS]


def to_version_2(path: Path) -> None:
    """Rewrite event_people as version 2 had it: people and events only."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE old (person_id TEXT NOT NULL,
                          event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                          PRIMARY KEY (person_id, event_id)) WITHOUT ROWID;
        INSERT INTO old SELECT person_id, event_id FROM event_people;
        DROP TABLE event_people;
        ALTER TABLE old RENAME TO event_people;
        CREATE INDEX event_people_event ON event_people(event_id);
        PRAGMA user_version = 2;
    """)
    conn.close()


def test_a_version_2_store_upgrades_in_place_and_answers_the_same(tmp_path: Path) -> None:
    engine = Engine(tmp_path, today=TODAY)
    engine.initialize()
    engine.ingest([*ARTICLES, article("undated", "en", None, "Erdogan met Putin in Sochi to discuss grain.")])
    with engine.store.transaction() as tx:
        tx.add_event_row(month_event())
    before = answers(engine)
    engine.shutdown()
    db = tmp_path / "newsbot.sqlite3"
    with sqlite3.connect(db) as conn:
        written = conn.execute(COPIED).fetchall()
    assert ("emmanuel-macron", "ev-month", "happened", "meeting", "2024-03-01", "2024-03-17", "month",
            "2024-03-11") in written
    assert any(r[4] is None for r in written)  # the undated meeting

    to_version_2(db)
    engine = Engine(tmp_path, today=TODAY)
    engine.initialize()
    try:
        assert answers(engine) == before
    finally:
        engine.shutdown()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute(COPIED).fetchall() == written
        assert {"event_people_event", "event_people_kind"} <= {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_an_updated_event_updates_its_people_s_copies(tmp_path: Path) -> None:
    engine = Engine(tmp_path, today=TODAY)
    engine.initialize()
    try:
        with engine.store.transaction() as tx:
            tx.add_event_row(month_event())
        row = month_event()
        row.data = {**row.data, "date": "2024-03-14", "date_precision": "day", "type": "phone_call"}
        row.type, row.precision, row.date_lo = "phone_call", "day", date(2024, 3, 14)
        with engine.store.transaction() as tx:
            tx.update_event_row(row)
        with sqlite3.connect(tmp_path / "newsbot.sqlite3") as conn:
            copies = set(conn.execute("SELECT type, shown, precision, date_lo FROM event_people"))
        assert copies == {("phone_call", "2024-03-14", "day", "2024-03-14")}
    finally:
        engine.shutdown()
