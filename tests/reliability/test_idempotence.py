"""Idempotence: the same file, line or Telegram update arriving again adds nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from index.engine import Engine
from index.models import ArticleIn
from tests.bot.conftest import Harness, forward_update, sent
from tests.bot.test_conversation import document_update
from tests.reliability.chaos_ingest import dispatch
from tests.reliability.conftest import snapshot

ARTICLES = tuple(dispatch(n).article for n in range(5))


def jsonl(articles: Iterable[ArticleIn], with_ids: bool = True) -> bytes:
    """A JSONL export of the articles, with or without their ids."""
    rows = [{"id": a.id if with_ids else None, "title": a.title, "source": a.source, "lang": a.lang,
             "published": a.published.isoformat() if a.published else None, "text": a.text} for a in articles]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def html(article: ArticleIn) -> bytes:
    """A web page around the article, with navigation and a footer to strip."""
    return (f"<html><head><title>{article.title}</title></head><body><nav>Home | World</nav><article>"
            f"<h1>{article.title}</h1><p>{article.text}</p><p>The two sides agreed to stay in contact.</p>"
            f"</article><footer>(c) Chaos Wire</footer></body></html>").encode("utf-8")


FILES: Mapping[str, tuple[str, Callable[[], bytes], int]] = MappingProxyType({
    "jsonl": ("batch.jsonl", lambda: jsonl(ARTICLES), len(ARTICLES)),
    "txt": ("note.txt", lambda: ARTICLES[0].text.encode("utf-8"), 1),
    "md": ("note.md", lambda: f"# {ARTICLES[1].title}\n\n{ARTICLES[1].text}\n".encode("utf-8"), 1),
    "html": ("page.html", lambda: html(ARTICLES[2]), 1),
})


@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_same_file_ingested_twice_adds_nothing(engine: Engine, tmp_path: Path, kind: str) -> None:
    name, content, count = FILES[kind]
    path = tmp_path / name
    path.write_bytes(content())
    first = engine.ingest_paths([path])
    assert (first.new, first.skipped, first.events) == (count, 0, count), first.errors
    before = snapshot(engine)

    again = engine.ingest_paths([path])
    assert (again.new, again.duplicate, again.skipped) == (0, count, 0)
    uploaded = engine.ingest_bytes(name, content())
    assert (uploaded.new, uploaded.duplicate) == (0, count)
    assert snapshot(engine) == before


@pytest.mark.parametrize("first_with_id", [True, False])
def test_a_jsonl_line_with_and_without_its_id_is_one_article(engine: Engine, first_with_id: bool) -> None:
    first = engine.ingest_bytes("a.jsonl", jsonl(ARTICLES, with_ids=first_with_id))
    assert first.new == len(ARTICLES)
    before = snapshot(engine)
    second = engine.ingest_bytes("b.jsonl", jsonl(ARTICLES, with_ids=not first_with_id))
    assert (second.new, second.duplicate) == (0, len(ARTICLES))
    assert snapshot(engine) == before


def test_the_same_article_from_many_threads_at_once_is_stored_once(engine: Engine) -> None:
    article = ARTICLES[3]
    with ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(lambda _: engine.ingest([article]), range(8)))
    statuses = sorted(r.results[0].status for r in reports)
    assert statuses == ["duplicate"] * 7 + ["new"]
    stats = engine.stats()
    assert (stats.articles, stats.events) == (1, 1)
    assert engine.index.article_ids() == engine.store.article_ids() == {article.id}


async def article_and_event_counts(bot: Harness) -> tuple[int, int]:
    stats = await bot.app.bot_data["engine"].stats()
    return stats.articles, stats.events


async def restart_services(bot: Harness) -> None:
    """Stop and start the bot's services, as a process restart would (same data directory)."""
    assert bot.app.post_init is not None and bot.app.post_shutdown is not None
    await bot.app.post_shutdown(bot.app)
    await bot.app.post_init(bot.app)


async def test_a_telegram_update_redelivered_after_a_restart_is_one_article(bot: Harness,
                                                                           admin: dict[str, Any]) -> None:
    update = forward_update(bot.api, admin, ARTICLES[0].text)
    assert "New article" in sent(await bot.send(update))[-1].text
    counts = await article_and_event_counts(bot)
    assert counts == (1, 1)

    await restart_services(bot)
    # Telegram redelivers what it did not see confirmed: the very same update, same update_id.
    assert "Already known" in sent(await bot.send(update))[-1].text
    assert await article_and_event_counts(bot) == counts


async def test_the_same_update_processed_twice_at_once_is_one_article(bot: Harness,
                                                                      admin: dict[str, Any]) -> None:
    update = forward_update(bot.api, admin, ARTICLES[1].text)
    calls = await asyncio.gather(bot.send(update), bot.send(update))
    replies = sorted("New article" in text for text in (sent(c)[-1].text for c in calls))
    assert replies == [False, True]
    assert any("Already known" in sent(c)[-1].text for c in calls)
    assert await article_and_event_counts(bot) == (1, 1)


async def test_the_same_document_sent_twice_is_one_article(bot: Harness, admin: dict[str, Any]) -> None:
    content = jsonl(ARTICLES)
    first = sent(await bot.send(document_update(bot, admin, "batch.jsonl", content)))[-1].text
    assert "New: 5, already known: 0" in first
    counts = await article_and_event_counts(bot)
    assert counts == (5, 5)
    again = sent(await bot.send(document_update(bot, admin, "batch.jsonl", content)))[-1].text
    assert "New: 0, already known: 5" in again
    assert await article_and_event_counts(bot) == counts
