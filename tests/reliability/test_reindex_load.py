"""Reindex under load: questions keep getting right answers during a rebuild, and a failed rebuild changes nothing."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.services import EngineService
from index.engine import Engine
from index.models import Article
from tests.bot.conftest import Harness, sent, settle
from tests.e2e.botapi import user
from tests.reliability.chaos_ingest import Dispatch, dispatch
from tests.reliability.conftest import snapshot

COLLECTION = 200
ASKERS = 50
# Questions per asker. A fixed number rather than "until the rebuild ends": 50 threads asking
# without pause hold the GIL so much that a 0.7 s rebuild took over a minute.
ROUNDS = 4
ASKED = tuple(dispatch(n) for n in range(0, COLLECTION, 7))


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    """An engine holding COLLECTION synthetic articles, one contact each."""
    return load(engine)


def load(engine: Engine) -> Engine:
    """Ingest COLLECTION synthetic articles, one contact each, and ask once to load the language model."""
    report = engine.ingest([dispatch(n).article for n in range(COLLECTION)])
    assert report.new == COLLECTION and report.events == COLLECTION
    # Without this, 50 first questions at once load the language model 50 times (test_cold_start.py).
    assert answers_correctly(engine, ASKED[0])
    return engine


def answers_correctly(engine: Engine, item: Dispatch) -> bool:
    """Whether the question about the item's day is answered with its event, citing its article."""
    answer = engine.ask(item.question)
    return (item.day, item.article.id) in {(e.date, s.article_id) for e in answer.events for s in e.sources}


def ask_some(engine: Engine, offset: int) -> list[str]:
    """Ask ROUNDS questions; return the ones answered wrongly."""
    items = [ASKED[(offset + n) % len(ASKED)] for n in range(ROUNDS)]
    return [item.question for item in items if not answers_correctly(engine, item)]


def test_fifty_askers_get_right_answers_while_the_index_is_rebuilt(loaded: Engine) -> None:
    running = threading.Event()
    with ThreadPoolExecutor(max_workers=ASKERS + 1) as pool:
        # The askers start once the rebuild has written its first documents, so they meet it mid-way.
        rebuild = pool.submit(loaded.reindex, lambda finished, total: running.set())
        running.wait()
        askers = [pool.submit(ask_some, loaded, n) for n in range(ASKERS)]
        assert rebuild.result() == COLLECTION  # one index document per article
        wrong = [q for asker in askers for q in asker.result()]
    assert not wrong, wrong[:5]
    assert loaded.index.article_ids() == loaded.store.article_ids()


class InjectedFailure(OSError):
    """The disk error a failing rebuild meets halfway."""


def failing_after(articles: Iterator[tuple[Article, int]], count: int) -> Iterator[tuple[Article, int]]:
    """Yield `count` articles, then fail as a disk read error would."""
    for number, article in enumerate(articles):
        if number == count:
            raise InjectedFailure("injected read error halfway through the rebuild")
        yield article


def generations(engine: Engine) -> list[str]:
    """The index generation directories on disk."""
    return sorted(p.name for p in engine.index.root.glob("gen-*"))


def test_a_rebuild_that_fails_halfway_leaves_the_old_index_serving(loaded: Engine,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before, live = snapshot(loaded), generations(loaded)
    original = loaded.store.iter_articles_with_seq
    # Failure injection, not a mock: the real rebuild reads real articles until the "disk" fails.
    monkeypatch.setattr(loaded.store, "iter_articles_with_seq", lambda: failing_after(original(), COLLECTION // 2))
    with pytest.raises(InjectedFailure):
        loaded.reindex()
    monkeypatch.undo()

    assert generations(loaded) == live, "the half-built generation must be removed"
    assert snapshot(loaded) == before
    assert all(answers_correctly(loaded, item) for item in ASKED)
    assert loaded.index.article_ids() == loaded.store.article_ids()
    assert loaded.reindex() == COLLECTION
    assert all(answers_correctly(loaded, item) for item in ASKED)


def test_a_killed_rebuild_is_cleaned_up_on_the_next_start(tmp_path: Path) -> None:
    first = Engine(tmp_path)
    first.initialize()
    load(first)
    # A rebuild killed with the process leaves a partial generation that CURRENT does not name.
    partial = first.index.root / "gen-999999"
    (partial / "articles").mkdir(parents=True)
    (partial / "articles" / "MAIN_WRITELOCK").write_text("")
    first.shutdown()
    engine = Engine(tmp_path)
    engine.initialize()
    try:
        assert not partial.exists()
        assert all(answers_correctly(engine, item) for item in ASKED)
        assert engine.index.article_ids() == engine.store.article_ids()
    finally:
        engine.shutdown()


async def test_fifty_telegram_askers_during_an_admin_reindex(bot: Harness, admin: dict[str, Any]) -> None:
    service = bot.app.bot_data["engine"]
    assert isinstance(service, EngineService)
    await service.ingest([dispatch(n).article for n in range(COLLECTION)])
    started = sent(await bot.say(admin, "/reindex"))[-1]
    assert "Rebuilding" in started.text
    assert service.rebuilding

    items = [ASKED[n % len(ASKED)] for n in range(ASKERS)]
    askers = [user(10_000 + n, "en", f"Asker{n}") for n in range(ASKERS)]
    since = len(bot.api.calls)
    await asyncio.gather(*(bot.say(who, item.question) for who, item in zip(askers, items)))
    for who, item in zip(askers, items):
        # Replies interleave, so each asker's are picked out by chat.
        messages = [c for c in sent(bot.api.calls[since:]) if c.chat_id == who["id"]]
        assert len(messages) == 1
        assert f"{item.day.day} {item.day:%B %Y}" in messages[0].text, messages[0].text

    def finished() -> bool:
        return any("rebuilt" in c.text for c in bot.api.calls if c.method == "editMessageText")

    await settle(finished)
    assert not service.rebuilding
