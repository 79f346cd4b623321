"""Chaos-test worker: ingest synthetic articles one at a time, acknowledging each only after it is committed.

Run as ``python tests/reliability/chaos_ingest.py DATA_DIR N``. For each of the N articles it prints
``ACK <id> <status>`` (flushed) once ``Engine.ingest`` has returned with status new or duplicate, and
``SKIP <id> <error>`` otherwise; ``DONE`` ends a complete run. The chaos test kills it with SIGKILL
and starts it again: already stored articles must then come back as duplicates.

Every WAITED-th article is ingested as the bot does (``wait=True``: acknowledged once the index has
committed it too); the others as a bulk ingest may (``wait=False``: acknowledged once the store has
committed, the index catching up in the background or, after a crash, in the start-up repair).
One index commit per article would make 1,000 articles take a minute on their own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

from index.engine import Engine
from index.models import ArticleIn

# Knowledge-base people, so every article yields one event between two identified people. Many
# pairs, as in a real collection: the engine compares a new contact with every earlier contact of
# the same people, so 1,000 articles about one pair would measure that scan rather than crashes.
WEST = ("Lloyd Austin", "Antony Blinken", "Mark Milley", "Emmanuel Macron", "Mike Pompeo",
        "Mark Esper", "Joe Biden", "Donald Trump", "Marco Rubio", "Pete Hegseth")
EAST = ("Sergei Shoigu", "Sergei Lavrov", "Valery Gerasimov", "Vladimir Putin", "Andrei Belousov",
        "Dmitry Medvedev")
PAIRS = tuple((west, east) for east in EAST for west in WEST)
VERBS = ("spoke by phone with", "held talks with", "met")
FIRST_DAY = date(2015, 1, 1)
WAITED = 4


class Dispatch(NamedTuple):
    """One synthetic article and the question its event answers."""

    article: ArticleIn
    day: date
    question: str


def dispatch(number: int) -> Dispatch:
    """The article with this number: a distinct day for every number, so no two events merge."""
    first, second = PAIRS[number % len(PAIRS)]
    verb = VERBS[(number // len(PAIRS)) % len(VERBS)]
    day = FIRST_DAY + timedelta(days=number)
    spoken = f"{day.day} {day:%B %Y}"
    text = f"Dispatch {number}. {first} {verb} {second} on {spoken}, the ministry said in a statement."
    article = ArticleIn(
        id=f"chaos-{number:05d}",
        text=text,
        title=f"Dispatch {number}",
        url=f"https://example.org/chaos/{number}",
        source="Chaos Wire",
        lang="en",
        published=datetime.combine(day + timedelta(days=1), time(9), UTC),
        origin="jsonl",
        location=f"chaos:{number}",
    )
    question = f"When did {first.split()[-1]} talk to {second.split()[-1]} on {spoken}?"
    return Dispatch(article, day, question)


def dispatches(count: int) -> Iterator[Dispatch]:
    """The first `count` synthetic articles, in ingest order."""
    return (dispatch(n) for n in range(count))


def run(data_dir: Path, count: int) -> int:
    """Ingest the articles one by one, printing an acknowledgement after each commit."""
    engine = Engine(data_dir)
    engine.initialize()
    print("READY", flush=True)
    try:
        for number, item in enumerate(dispatches(count)):
            result = engine.ingest([item.article], wait=number % WAITED == 0).results[0]
            if result.status in ("new", "duplicate"):
                print(f"ACK {item.article.id} {result.status}", flush=True)
            else:
                print(f"SKIP {item.article.id} {result.error}", flush=True)
    finally:
        engine.shutdown()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), int(sys.argv[2])))
