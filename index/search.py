"""The Whoosh full-text index of articles: one writer thread, atomic rebuilds.

Layout: ``root/CURRENT`` names the live ``root/gen-NNNNNN``, which holds one Whoosh index per part
(``articles``); a rebuild writes a new generation and switches to it with one atomic rename.
Events are not in Whoosh: SQLite answers every event question from indexed joins on the people taking
part, and an events part here cost a third of ingest time while no question read it. An ``events``
directory left by an older version is ignored, and dropped by the next rebuild.

Readers share one searcher per part, guarded by a lock (Whoosh searchers are not thread-safe).
A second search thread adds no throughput here (the GIL), and a shared searcher avoids reopening
one per thread after every commit.  The writer thread swaps in new searchers under the same lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.searching import Searcher

from index.models import Article
from index.searchindex import budget
from index.searchindex.generations import PARTS, Generations, IndexBusyError
from index.searchindex.query import QuerySyntaxError, UserQueryParser, snippet
from index.searchindex.rebuild import Rebuild, RebuildError, default_procs
from index.searchindex.schema import (
    article_fields,
    article_schema,
    day_iso,
    text_analyzer,
)
from index.searchindex.scoring import CachedLengthsBM25F
from index.searchindex.worker import WriterProcess
from index.searchindex.writer import (
    AddArticle,
    DeleteArticle,
    Job,
    Op,
    Submission,
    WriterStopped,
    WriterThread,
    prepare,
)
from index.streams import batched

__all__ = [
    "AddArticle", "DeleteArticle", "IndexBusyError", "Op",
    "QuerySyntaxError", "SearchIndex",
]

log = logging.getLogger(__name__)

# Whoosh's in-memory posting pool for a rebuild, per sub-writer (it spills sorted runs past this). Python objects
# cost 2-3x the estimate: rebuilding 10k articles in one writer at 128 MB raised peak RSS by 131 MB, at 32 MB by
# 19 MB, 12 % slower. Two sub-writers at 16 MB: 50 MB resident each, as fast as at 32 (70 MB each).
BULK_LIMIT_MB = 16
# How far a bulk ingest may run ahead of the index: far enough to keep preparing articles while the worker
# commits a batch, or merges ten of them (5,000 documents, a few seconds). 10,000 articles, one run each:
# 1,000 -> 2,000 took ingest from 200 to 214 articles/s, with the same peak memory (362 MB).
MAX_QUEUED_OPS = 2000
PROGRESS_EVERY = 100


def _schemas() -> dict[str, Any]:
    return {"articles": article_schema()}


@dataclass
class _Live:
    """One open generation: its indexes and the searchers readers share."""

    name: str
    indexes: dict[str, Index]
    searchers: dict[str, Searcher]

    def close(self) -> None:
        for s in self.searchers.values():
            s.close()
        for ix in self.indexes.values():
            ix.close()


class SearchIndex:
    """Full-text search over articles (events are in the store only)."""

    def __init__(self, root: Path, procs: int | None = None, worker_process: bool = True) -> None:
        self.root = Path(root)
        self.worker_process = worker_process  # bulk batches and rebuilds are written by a child process
        # Sub-writers of a rebuild (Whoosh's multiprocessing writer). It forks, so by default only the
        # single-threaded worker process uses it; in this process it is opt-in.
        self.procs = procs if procs is not None else (default_procs() if worker_process else 1)
        self._process: WriterProcess | None = None
        self._room = threading.Condition()
        self._queued = 0  # operations submitted and not yet committed
        self.recovered = False  # True when an unreadable index was replaced by an empty one
        self._gens = Generations(self.root)
        self._lock = threading.Lock()
        self._accepting = threading.Lock()
        self._live: _Live | None = None
        self._writer: WriterThread | None = None
        self._analyzer = text_analyzer()
        self._weighting = CachedLengthsBM25F()  # Whoosh's default scoring, read faster
        self._parser = UserQueryParser(article_schema(), self._analyzer)

    # -- lifecycle ---------------------------------------------------------------------------

    def initialize(self) -> None:
        """Open the live generation (or create one), clear stale locks and start the writer."""
        self._gens.acquire()
        try:
            self._live = self._open_or_create()
        except BaseException:
            self._gens.release()
            raise
        self._process = WriterProcess() if self.worker_process else None
        self._writer = self._new_writer()

    def shutdown(self) -> None:
        """Commit everything submitted, stop the writer thread and close the index."""
        with self._accepting:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.stop()
        with self._lock:
            live, self._live = self._live, None
        if live is not None:
            live.close()
        self._gens.release()

    def worker_peak_rss_mb(self) -> float:
        """The index worker process's peak resident memory (0 if it never ran)."""
        return self._process.peak_rss_mb() if self._process is not None else 0.0

    @property
    def commits(self) -> int:
        """How many batches the writer has committed since initialize()."""
        return self._writer.commits if self._writer else 0

    # -- writing -----------------------------------------------------------------------------

    def submit(self, ops: list[Op], more: bool = False) -> Future[None]:
        """Queue operations; the future resolves once they are committed and searchable.

        ``more`` promises another submission soon (a bulk ingest): the writer waits for it to commit both together.

        Blocks while the writer is more than MAX_QUEUED_OPS behind, so a bulk ingest faster than the index
        cannot pile its documents up in memory.
        """
        prepared = [prepare(op) for op in ops]
        future: Future[None] = Future()
        self._wait_for_room()
        with self._accepting:
            self._take_room(len(prepared), future)
            self._put(Submission(prepared, future, more))
        return future

    def _put(self, item: Submission | Job) -> None:
        """Hand work to the writer (caller holds ``_accepting``); a writer thread that died is replaced first."""
        if self._writer is None:
            item.future.set_exception(RuntimeError("the search index is not running"))
            raise RuntimeError("the search index is not running")
        try:
            self._writer.put(item)
        except WriterStopped:
            log.error("the index writer thread had stopped; starting a new one")
            self._writer = self._new_writer()
            self._writer.put(item)

    def _new_writer(self) -> WriterThread:
        writer = WriterThread(lambda: self._current().indexes, self._swap_searchers, self._process)
        writer.start()
        return writer

    def _wait_for_room(self) -> None:
        with self._room:
            self._room.wait_for(lambda: self._queued < MAX_QUEUED_OPS)

    def _take_room(self, n: int, future: Future[None]) -> None:
        with self._room:
            self._queued += n

        def release(_: Future[None]) -> None:
            with self._room:
                self._queued -= n
                self._room.notify_all()

        future.add_done_callback(release)

    def flush(self) -> None:
        """Block until everything submitted so far is committed."""
        self.submit([]).result()

    def rebuild(
        self, articles: Iterable[Article | tuple[Article, int]], progress: Callable[[int], None] | None = None,
    ) -> None:
        """Build a new generation from scratch, then switch to it atomically; on error keep the old one."""
        future: Future[None] = Future()
        job = Job(lambda: self._build_and_switch(articles, progress), future)
        with self._accepting:
            self._put(job)
        future.result()

    # -- reading -----------------------------------------------------------------------------

    def search_articles(
        self, query: str, page: int = 1, per_page: int = 5, literal: bool = False,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Return the total hits and one page of them; raise QuerySyntaxError on bad syntax."""
        q = self._parser.literal(query) if literal else self._parser.parse(query)
        if q is None:
            return 0, []
        page, per_page = max(1, page), max(1, per_page)
        with self._lock:
            searcher = self._current().searchers["articles"]
            results = searcher.search(q, limit=page * per_page, terms=True)
            return len(results), [self._hit(h) for h in results[(page - 1) * per_page : page * per_page]]

    def best_articles(self, text: str, limit: int) -> list[dict[str, Any]]:
        """The best articles for any of a question's words, with bounded work (`budget`); never counted."""
        q = self._parser.literal(text, any_term=True)
        if q is None:
            return []
        # Every word of this query is a plain term in both fields, so a hit's text matched exactly those of them
        # its text contains: the snippet can look for all of them, and Whoosh need not record matched terms.
        words = {t for f, t in q.iter_all_terms() if f == "text"}
        with self._lock:
            results = budget.top(self._current().searchers["articles"], q, limit)
            return [self._hit(h, words) for h in results]

    def article_ids(self) -> set[str]:
        """Return the ids of every indexed article."""
        return set(self._column("articles", "id"))

    def doc_count(self) -> int:
        """Return the number of indexed articles."""
        with self._lock:
            return int(self._current().searchers["articles"].doc_count())

    def max_seq(self) -> int:
        """Return the highest store insert-order number among indexed articles (0 when empty)."""
        return max(self._column("articles", "seq"), default=0)

    def size_bytes(self) -> int:
        """Return the disk space used by the index root."""
        return self._gens.size_bytes()

    # -- internals ---------------------------------------------------------------------------

    def _current(self) -> _Live:
        if self._live is None:
            raise RuntimeError("the search index is not running")
        return self._live

    def _column(self, part: str, field: str) -> list[Any]:
        """Return a sortable field's value for every live document (deleted ones are skipped)."""
        with self._lock:
            reader = self._current().searchers[part].reader()
            if not reader.has_column(field):  # an empty index has no columns at all
                return []
            column = reader.column_reader(field)
            return [column[d] for d in reader.all_doc_ids()]

    def _hit(self, hit: Any, terms: set[str] | None = None) -> dict[str, Any]:
        if terms is None:
            terms = {t.decode("utf-8") for f, t in (hit.matched_terms() or []) if f == "text"}
        return {
            "id": hit["id"],
            "title": hit.get("title"),
            "url": hit.get("url"),
            "source": hit.get("source"),
            "lang": hit.get("lang"),
            "published": day_iso(hit.get("published", 0)),
            "snippet": snippet(hit.get("text", ""), terms, self._analyzer),
            "score": float(hit.score or 0.0),
        }

    def _open_or_create(self) -> _Live:
        name = self._gens.current()
        if name is not None:
            try:
                self._gens.clear_stale_locks(name)
                live = self._open(name)
            except IndexBusyError:
                raise
            except Exception:
                log.exception("index generation %s is unreadable; starting an empty one", name)
                self.recovered = True
            else:
                self._gens.remove_all_but(name)
                return live
        else:
            self.recovered = any(self.root.glob("gen-*"))
        name = self._gens.create(_schemas())
        self._gens.point_to(name)
        self._gens.remove_all_but(name)
        return self._open(name)

    def _open(self, name: str) -> _Live:
        indexes = {part: self._gens.open(name, part) for part in PARTS}
        expected = _schemas()
        for part, ix in indexes.items():
            if sorted(ix.schema.names()) != sorted(expected[part].names()):
                raise ValueError(f"{part} index has an outdated schema")
        return _Live(name, indexes, {part: ix.searcher(weighting=self._weighting) for part, ix in indexes.items()})

    def _swap_searchers(self, parts: set[str]) -> None:
        """Open fresh searchers (never ``refresh()``: it returns duplicates after merges) and swap."""
        live = self._current()
        fresh = {part: live.indexes[part].searcher(weighting=self._weighting) for part in parts}
        with self._lock:
            old = {part: live.searchers[part] for part in parts}
            live.searchers.update(fresh)
            for s in old.values():
                s.close()

    def _build_and_switch(
        self, articles: Iterable[Article | tuple[Article, int]], progress: Callable[[int], None] | None,
    ) -> None:
        name = self._gens.create(_schemas())
        try:
            if self._process is not None:
                folder = self._gens.folder(name, "articles")
                self._process.rebuild(folder, _article_docs(articles), self.procs, BULK_LIMIT_MB, progress)
            else:
                self._rebuild_here(self._gens.folder(name, "articles"), _article_docs(articles), progress)
            fresh = self._open(name)
        except BaseException:
            self._gens.remove(name)
            raise
        self._gens.point_to(name)
        with self._lock:
            old, self._live = self._live, fresh
        if old is not None:
            old.close()
        self._gens.remove_all_but(name)

    def _rebuild_here(self, folder: str, docs: Iterator[dict[str, Any]],
                      progress: Callable[[int], None] | None) -> int:
        """Write a new generation in this process (no worker): the same Rebuild the worker runs."""
        rebuild = Rebuild(folder, self.procs, BULK_LIMIT_MB)
        done = 0
        try:
            for chunk in batched(docs, PROGRESS_EVERY):
                rebuild.add(chunk)
                if rebuild.check() is not None:
                    raise RebuildError(rebuild.failed)
                done += len(chunk)
                if progress:
                    progress(done)
        except BaseException:
            rebuild.cancel()
            raise
        return rebuild.commit()


def _article_docs(articles: Iterable[Article | tuple[Article, int]]) -> Iterator[dict[str, Any]]:
    for item in articles:
        article, seq = item if isinstance(item, tuple) else (item, 0)
        yield article_fields(article, seq)

