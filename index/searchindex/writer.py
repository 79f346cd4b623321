"""The single writer thread: the only code that ever opens a Whoosh writer."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Literal

from whoosh.index import Index

from index.models import Article
from index.searchindex.schema import article_fields
from index.searchindex.segwriter import open_writer
from index.searchindex.worker import WriterProcess

log = logging.getLogger(__name__)

# A bulk ingest commits this many documents at once. Whoosh writes a segment's postings at its commit (about
# 1 ms per article whatever the batch), and the last commit of a stream overlaps nothing: the stream waits for
# it. Fewer, larger segments save merging. 2,000 articles, medians of 3: 1,000 -> 500 took ingest from 255 to
# 273 articles/s. 250 was faster still there (ratio 0.499 against 0.485) but slower at 10,000 articles
# (168 against 200 articles/s), with a tier merge every 2,500 documents.
BATCH_DOCS = 500
BATCH_SECONDS = 2.0
# Batches smaller than this commit without merging segments, so a forwarded article is searchable quickly;
# the small segments they leave are merged once the writer has been idle this long.
QUICK_COMMIT_DOCS = 20
MERGE_IDLE_SECONDS = 1.0
# A steady stream of forwards never leaves the writer idle: every this-many quick commits, one merges.
MAX_QUICK_COMMITS = 25
# Whoosh buffers postings in memory up to this many MB per writer (default 128, and two parts write at once);
# past it, it spills sorted runs to disk. Smaller keeps a 100k-article ingest's memory flat, at no cost in speed
# (6,000 articles: peak RSS 325 -> 274 MB, 63 -> 70 articles/s).
WRITER_LIMIT_MB = 32
# Segments with fewer documents than this are folded together whenever quick commits are merged.
TINY_DOCS = 500
# Bulk commits merge segments of similar size (within TIER_FACTOR of each other) once there are this many.
TIER_FACTOR = 10
TIER_SEGMENTS = 10


def merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: fold every tiny segment into the new one, keep the others as they are.

    Whoosh's MERGE_SMALL folds about five segments per commit, fewer than a stream of quick commits adds.
    """
    from whoosh.reading import SegmentReader

    tiny = [seg for seg in segments if seg.doc_count_all() < TINY_DOCS]
    if len(tiny) < 2:
        return segments
    for seg in tiny:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg.doc_count_all() >= TINY_DOCS]


def _size_tier(docs: int) -> int:
    """One tier per TIER_FACTOR-fold size (0 for a segment of fewer than TIER_FACTOR documents)."""
    tier = 0
    while docs >= TIER_FACTOR:
        tier += 1
        docs //= TIER_FACTOR
    return tier


def merge_tiered(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy for bulk commits: merge a size tier only once it holds TIER_SEGMENTS segments.

    Whoosh's default (MERGE_SMALL) re-merges the recent segments at nearly every commit; at 10k articles that
    cost ~0.9 s per commit. Merging by tiers rewrites each document about once per tier instead, while the
    number of segments a search visits stays small (tiny ones are always folded).
    """
    from whoosh.reading import SegmentReader

    tiers: dict[int, list[Any]] = {}
    for seg in segments:
        tiers.setdefault(_size_tier(seg.doc_count_all()), []).append(seg)
    merged = [seg for segs in tiers.values() if len(segs) >= TIER_SEGMENTS for seg in segs]
    for seg in merged:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merged]


@dataclass(frozen=True)
class AddArticle:
    """Add or replace an article (``seq`` is its store insert order)."""

    article: Article
    seq: int = 0


@dataclass(frozen=True)
class DeleteArticle:
    """Remove an article."""

    id: str


Op = AddArticle | DeleteArticle
Part = Literal["articles"]


@dataclass(frozen=True)
class Prepared:
    """An operation turned into Whoosh terms in the caller's thread, so bad input fails there."""

    part: Part
    key: str
    fields: dict[str, Any] | None  # None means delete


def prepare(op: Op) -> Prepared:
    """Validate one operation and turn it into Whoosh fields."""
    if isinstance(op, AddArticle):
        return Prepared("articles", op.article.id, article_fields(op.article, op.seq))
    if isinstance(op, DeleteArticle):
        return Prepared("articles", op.id, None)
    raise TypeError(f"not an index operation: {op!r}")


@dataclass
class Submission:
    """Operations that become visible together, and the future the submitter waits on.

    ``more`` says the submitter is streaming and will submit again soon: the writer waits for it, so a bulk
    ingest commits a few large batches instead of many small ones (Whoosh pays ~0.3 s per commit, and for
    the merges that many small segments bring).
    """

    ops: list[Prepared]
    future: Future[None]
    more: bool = False


@dataclass
class Job:
    """Any other work that must run in the writer thread, serialised with the submissions."""

    run: Callable[[], None]
    future: Future[None]


_Item = Submission | Job | None  # None stops the thread
Committed = Callable[[set[str]], None]  # told which parts changed; opens and swaps their searchers


class WriterStopped(RuntimeError):
    """The writer thread died; its owner starts a new one."""


class WriterThread:
    """Take submissions from a queue, apply them in batches, commit, then resolve their futures.

    With a worker process, bulk submissions are streamed to it as they arrive and committed at the batch's end;
    the open batch is settled (committed, its futures resolved) before anything else touches the index.
    """

    def __init__(self, indexes: Callable[[], dict[str, Index]], committed: Committed,
                 process: WriterProcess | None = None) -> None:
        self._indexes = indexes
        self._committed = committed
        self._process = process  # writes bulk batches in a child process, when given
        self._queue: queue.Queue[_Item] = queue.Queue()
        self._held: _Item | Literal["none"] = "none"
        self._thread = threading.Thread(target=self._run, name="index-writer", daemon=True)
        self._unmerged: set[str] = set()  # parts with segments from quick commits
        self._quick_commits = 0  # since the last merge
        self._open: list[Submission] = []  # streamed to the worker process, not yet committed
        self._open_docs = 0
        self.commits = 0
        self._putting = threading.Lock()
        self._dead = False
        self._inflight: list[Submission | Job] = []  # taken from the queue, not yet resolved

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def put(self, item: Submission | Job) -> None:
        """Queue work; raise WriterStopped if the thread has died (nothing would ever take it)."""
        with self._putting:
            if self._dead:
                raise WriterStopped("the index writer thread has stopped")
            self._queue.put(item)

    def stop(self) -> None:
        """Finish what was queued, then stop."""
        self._queue.put(None)
        self._thread.join()
        if self._process is not None:
            self._process.close()

    def _next(self, wait: bool, timeout: float | None = None) -> _Item | Literal["none"]:
        if self._held != "none":
            item, self._held = self._held, "none"
            return item
        try:
            return self._queue.get(block=wait, timeout=timeout if wait else None)
        except queue.Empty:
            return "none"

    @property
    def alive(self) -> bool:
        """Whether the thread is still taking work."""
        return not self._dead and self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException as exc:
            # A bug or an interpreter-level exit must not leave submitters waiting forever on futures
            # nobody will resolve: fail them all; SearchIndex starts a new writer for the next submission.
            log.critical("the index writer thread stopped unexpectedly", exc_info=exc)
            reason = exc if isinstance(exc, Exception) else RuntimeError(f"index writer stopped: {exc!r}")
            self._fail_everything(reason)

    def _fail_everything(self, exc: Exception) -> None:
        """Fail the open batch, the held item and everything queued; refuse anything more."""
        with self._putting:
            self._dead = True
        items: list[_Item | Literal["none"]] = [*self._inflight, *self._open, self._held]
        self._inflight, self._open, self._held = [], [], "none"
        if self._process is not None:
            self._process.forget()  # a new writer must not replay this batch to a new worker
        while True:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                break
        for item in items:
            if isinstance(item, (Submission, Job)) and not item.future.done():
                item.future.set_exception(exc)

    def _loop(self) -> None:
        while True:
            item = self._next(wait=False)
            if item == "none" and self._open and self._open[-1].more:
                # The stream promised more: wait for it rather than commit a part of it.
                item = self._next(wait=True, timeout=BATCH_SECONDS)
            if item == "none":
                self._settle()  # nothing else to do while the worker writes: wait for it
                item = self._next(wait=True, timeout=MERGE_IDLE_SECONDS if self._unmerged else None)
            if item == "none":
                self._merge_idle()
                continue
            if item is None:
                self._settle()
                if self._process is not None:
                    self._process.close()  # from this thread: the child is tied to it (see worker.py)
                return
            if isinstance(item, Job):
                self._settle()
                self._inflight = [item]
                self._run_job(item)
                self._inflight = []
            elif isinstance(item, Submission):
                self._take(item)

    def _run_job(self, job: Job) -> None:
        try:
            job.run()
        except Exception as exc:
            job.future.set_exception(exc)
        else:
            job.future.set_result(None)

    def _take(self, sub: Submission) -> None:
        """Stream bulk work to the worker process; write small batches here, where a round trip only adds latency."""
        if self._process is not None and (self._open or sub.more or len(sub.ops) >= QUICK_COMMIT_DOCS):
            self._stream(sub)
        else:
            self._run_batch(sub)

    def _gather(self, first: Submission) -> list[Submission]:
        """Take submissions until the batch is full, has waited long enough, or no more are coming."""
        batch, docs, began = [first], len(first.ops), time.monotonic()
        while docs < BATCH_DOCS:
            left = BATCH_SECONDS - (time.monotonic() - began)
            streaming = batch[-1].more and left > 0
            item = self._next(wait=streaming, timeout=left)
            if item == "none":
                break
            if not isinstance(item, Submission):
                self._held = item  # a job or the stop signal waits for this batch to finish
                break
            batch.append(item)
            docs += len(item.ops)
        return batch

    def _run_batch(self, first: Submission) -> None:
        self._inflight = [first]
        batch = self._gather(first)
        self._inflight = list(batch)
        ops = [op for s in batch for op in s.ops]
        quick = len(ops) < QUICK_COMMIT_DOCS and self._quick_commits < MAX_QUICK_COMMITS
        try:
            changed = apply_ops(self._indexes(), ops, quick, self._unmerged)
        except Exception as exc:
            self._inflight = []
            self._fail(batch, exc)
            return
        self._done(batch, changed, quick)
        self._inflight = []

    def _stream(self, sub: Submission) -> None:
        """Send a submission's documents to the worker, which indexes them at once; commit at the batch's end."""
        assert self._process is not None
        self._open.append(sub)
        self._open_docs += len(sub.ops)
        try:
            self._process.add(self._indexes(), sub.ops)
        except Exception as exc:
            batch, self._open, self._open_docs = self._open, [], 0
            self._process.forget()
            self._fail(batch, exc)
            return
        if not sub.more or self._open_docs >= BATCH_DOCS:
            self._settle()

    def _settle(self) -> None:
        """Commit what was streamed to the worker process, if anything, and resolve its futures."""
        batch, self._open, self._open_docs = self._open, [], 0
        if not batch:
            return
        assert self._process is not None
        try:
            changed = self._process.commit(self._unmerged)
        except Exception as exc:
            self._fail(batch, exc)
            return
        self._done(batch, changed, quick=False)

    def _done(self, batch: list[Submission], changed: set[str], quick: bool) -> None:
        if quick:
            self._unmerged |= changed
            self._quick_commits += 1
        else:  # this commit folded the tiny segments of the parts it wrote
            self._unmerged -= changed
            self._quick_commits = 0
        try:
            if changed:
                self.commits += 1
                self._committed(changed)
        except Exception as exc:
            self._fail(batch, exc)
            return
        for s in batch:
            s.future.set_result(None)

    def _fail(self, batch: list[Submission], exc: Exception) -> None:
        log.error("index batch of %d submissions failed: %s", len(batch), exc, exc_info=exc)
        for s in batch:
            s.future.set_exception(exc)

    def _merge_idle(self) -> None:
        """Merge the small segments quick commits left, while nothing waits on the writer."""
        parts, self._unmerged = self._unmerged, set()
        self._quick_commits = 0
        indexes = self._indexes()
        try:
            for part in sorted(parts):
                open_writer(indexes[part], WRITER_LIMIT_MB).commit(mergetype=merge_tiny)  # no documents: only the merge
            self._committed(parts)
        except Exception:
            log.exception("merging index segments failed; the index stays correct, only less compact")


def apply_ops(indexes: dict[str, Index], ops: list[Prepared], quick: bool, unmerged: set[str]) -> set[str]:
    """Write operations to their indexes and commit each part; return the parts written.

    ``quick`` commits without merging; parts in ``unmerged`` fold their tiny segments as they commit.
    """
    writers: dict[str, Any] = {}
    write_ops(writers, indexes, ops)
    return commit_writers(writers, quick, unmerged)


def write_ops(writers: dict[str, Any], indexes: dict[str, Index], ops: list[Prepared]) -> None:
    """Apply operations through open writers (opened as needed); on error cancel every writer and re-raise."""
    try:
        for op in ops:
            if op.part not in writers:
                writers[op.part] = open_writer(indexes[op.part], WRITER_LIMIT_MB)
            if op.fields is None:
                writers[op.part].delete_by_term("id", op.key)
            else:
                writers[op.part].update_document(**op.fields)
    except BaseException:
        cancel_writers(writers)
        raise


def commit_writers(writers: dict[str, Any], quick: bool, unmerged: set[str]) -> set[str]:
    """Commit each open writer with the merge its batch calls for; return the parts committed."""
    pending = list(writers.items())
    try:
        while pending:
            part, writer = pending[0]
            if quick:
                writer.commit(merge=False)
            elif part in unmerged:
                writer.commit(mergetype=merge_tiny)
            else:
                writer.commit(mergetype=merge_tiered)
            pending.pop(0)
    except BaseException:
        # A failed commit must release Whoosh's write lock now, or every later batch hits LockError.
        cancel_writers(dict(pending))
        raise
    finally:
        written = set(writers)
        writers.clear()
    return written


def cancel_writers(writers: dict[str, Any]) -> None:
    """Cancel open writers, releasing Whoosh's write lock; the writers are forgotten."""
    for w in writers.values():
        try:
            w.cancel()
        except Exception:  # the writer may already be closed; the lock is what matters
            log.debug("cancelling an index writer failed", exc_info=True)
    writers.clear()
