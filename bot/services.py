"""Long-lived services the bot owns: the engine behind worker threads, and the heartbeat."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ParamSpec, Protocol, TypeVar

from index.engine import Engine
from index.models import (
    Answer,
    Article,
    ArticleIn,
    Event,
    IngestReport,
    SearchPage,
    Stats,
    TimelinePage,
)

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
Progress = Callable[[int, int], None]


class Service(Protocol):
    """What post_init starts and post_shutdown stops."""

    async def initialize(self) -> None:
        """Acquire resources."""

    async def shutdown(self) -> None:
        """Release resources."""


class LinkRefused(Exception):
    """A link could not be fetched; the message is polite and safe to show."""


class EngineService:
    """Runs every blocking Engine call in a worker thread so the event loop never blocks."""

    def __init__(self, data_dir: Path, *, workers: int = 4) -> None:
        self._engine = Engine(data_dir)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="engine")
        # A rebuild gets its own thread so questions keep flowing through the pool meanwhile.
        self._rebuild_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reindex")
        self._rebuild: asyncio.Future[int] | None = None

    async def _call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one blocking call on the worker pool."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    async def initialize(self) -> None:
        """Open the engine (store, knowledge base, index)."""
        await self._call(self._engine.initialize)

    async def shutdown(self) -> None:
        """Wait for a running rebuild, close the engine, then release the threads."""
        if self._rebuild is not None:
            with contextlib.suppress(Exception):
                await self._rebuild
        try:
            await self._call(self._engine.shutdown)
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._rebuild_pool.shutdown(wait=False, cancel_futures=True)

    async def ingest(self, articles: list[ArticleIn]) -> IngestReport:
        """Store, extract and index articles."""
        return await self._call(self._engine.ingest, articles)

    async def ingest_bytes(self, name: str, data: bytes) -> IngestReport:
        """Ingest an uploaded document."""
        return await self._call(self._engine.ingest_bytes, name, data)

    async def ask(self, question: str, lang_hint: str | None) -> Answer:
        """Answer a question."""
        return await self._call(self._engine.ask, question, lang_hint)

    async def search(self, query: str, page: int, per_page: int) -> SearchPage:
        """One page of full-text hits."""
        return await self._call(self._engine.search, query, page, per_page)

    async def timeline(self, name: str, page: int, per_page: int) -> TimelinePage:
        """One page of a person's contacts."""
        return await self._call(self._engine.timeline, name, page, per_page)

    async def recent(self, limit: int) -> list[Article]:
        """The most recently added articles."""
        return await self._call(self._engine.recent, limit)

    async def event(self, event_id: str) -> Event | None:
        """One event with all its sources."""
        return await self._call(self._engine.event, event_id)

    async def stats(self) -> Stats:
        """Collection statistics."""
        return await self._call(self._engine.stats)

    async def delete(self, article_id: str) -> bool:
        """Delete an article; False when there was none."""
        return await self._call(self._engine.delete, article_id)

    async def export_jsonl(self) -> bytes:
        """The whole collection as JSONL bytes (the iterator is drained in the worker thread)."""
        return await self._call(_drain_jsonl, self._engine)

    async def fetch_article(self, url: str, *, timeout: float, max_bytes: int) -> ArticleIn:
        """Download and extract an article from a link; LinkRefused carries a polite reason."""
        return await self._call(_fetch, url, timeout, max_bytes)

    @property
    def rebuilding(self) -> bool:
        """Whether an index rebuild is running."""
        return self._rebuild is not None and not self._rebuild.done()

    def start_reindex(self, progress: Progress | None = None) -> asyncio.Future[int] | None:
        """Start rebuilding the index in the background; None when one is already running.

        `progress(done, total)` is called on the event loop, marshalled from the worker thread.
        """
        if self.rebuilding:
            return None
        loop = asyncio.get_running_loop()

        def report(done: int, total: int) -> None:
            if progress is not None:
                loop.call_soon_threadsafe(progress, done, total)

        self._rebuild = loop.run_in_executor(
            self._rebuild_pool, functools.partial(self._engine.reindex, report)
        )
        return self._rebuild


def _drain_jsonl(engine: Engine) -> bytes:
    """Join the exported lines, each ending with a newline."""
    return b"".join(line.rstrip("\n").encode("utf-8") + b"\n" for line in engine.export_jsonl())


def _fetch(url: str, timeout: float, max_bytes: int) -> ArticleIn:
    """Fetch a link, turning the fetcher's errors into LinkRefused."""
    # Imported here: the fetcher pulls in trafilatura, which start-up does not need.
    from index.fetch import FetchError, fetch_article

    try:
        return fetch_article(url, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        raise LinkRefused(str(exc)) from exc


class Heartbeat:
    """Touches a file at a fixed interval so a container health check can see the bot is alive."""

    def __init__(self, path: Path, interval: float) -> None:
        self._path = path
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def initialize(self) -> None:
        """Touch the file now and keep touching it."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._touch()
        self._task = asyncio.get_running_loop().create_task(self._beat(), name="heartbeat")

    async def shutdown(self) -> None:
        """Stop touching the file."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _beat(self) -> None:
        """Touch the file every interval until cancelled."""
        while True:
            await asyncio.sleep(self._interval)
            self._touch()

    def _touch(self) -> None:
        """Update the file's mtime; a failure is logged, never fatal."""
        try:
            self._path.touch()
        except OSError as exc:
            logger.warning("cannot touch heartbeat file %s: %s", self._path, exc.strerror)
