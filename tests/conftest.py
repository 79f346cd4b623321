"""Shared fixtures: real engines (SQLite and Whoosh) in temporary data dirs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest

from index.engine import Engine
from index.models import ArticleIn

# A fixed "today" keeps year inference ("Friday, July 12") and open-ended windows reproducible.
TODAY = date(2026, 11, 22)

MakeEngine = Callable[[], Engine]


def article(article_id: str, lang: str, published: str | None, text: str) -> ArticleIn:
    """An article as a JSONL line would give it; published is an ISO date or None."""
    when = datetime.fromisoformat(published) if published else None
    return ArticleIn(id=article_id, lang=lang, published=when, text=text, origin="jsonl")


@pytest.fixture(scope="module")
def make_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MakeEngine]:
    """Start engines over fresh temporary data dirs; all are shut down when the module ends."""
    started: list[Engine] = []

    def make() -> Engine:
        engine = Engine(tmp_path_factory.mktemp("engine"), today=TODAY)
        started.append(engine)
        engine.initialize()
        return engine

    yield make
    for engine in started:
        engine.shutdown()
