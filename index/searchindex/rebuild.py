"""A whole-index rebuild inside the index worker process, on every core it may use.

Whoosh's multiprocessing writer forks its sub-writers, which is only safe from a process with one thread: the
worker is one, the bot's process is not. With ``multisegment`` each sub-writer finishes its own segment, so the
commit merges nothing (10,000 articles, this schema, 2 cores: 282 articles/s with one writer, 577 with two).
"""

from __future__ import annotations

import logging
import os
import resource
from typing import Any

from whoosh.filedb.filestore import FileStorage

from index.searchindex.segwriter import open_writer

log = logging.getLogger(__name__)

# More sub-writers cost memory (each has its own posting pool) and leave more segments for every search to visit;
# only 2 cores were ever measured.
MAX_PROCS = 4


class RebuildError(RuntimeError):
    """A rebuild could not write every document it was given."""


def default_procs() -> int:
    """Sub-writers for a rebuild: the cores this process may run on, at most MAX_PROCS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_PROCS, cores))


def children_peak_mb() -> float:
    """The largest peak resident memory of this process's finished children (its sub-writers), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class Rebuild:
    """One generation being written from scratch: open, add documents, then commit or cancel."""

    def __init__(self, folder: str, procs: int, limit_mb: int) -> None:
        self._folder = folder
        self._ix = FileStorage(folder, supports_mmap=False).open_index()
        self.procs = procs
        if procs > 1:
            self._writer = self._ix.writer(procs=procs, multisegment=True, limitmb=limit_mb)
        else:
            self._writer = open_writer(self._ix, limit_mb)
        self.added = 0
        self.failed: str | None = None
        self._cancelled = False

    def add(self, docs: list[dict[str, Any]]) -> None:
        """Add documents; a failure spoils the rebuild, and is reported at its commit."""
        if self.check() is not None:
            return
        try:
            for doc in docs:
                self._writer.add_document(**doc)
                self.added += 1
        except Exception as err:
            log.exception("index worker: a rebuild document failed")
            self.failed = f"{type(err).__name__}: {err}"

    def check(self) -> str | None:
        """Why the rebuild has failed so far, if it has; a dead sub-writer fails it (cancel stops the others).

        A sub-writer waiting for work holds its job queue's lock: once it dies, the others wait for that lock
        forever, and Whoosh's commit with them, so the death must be seen before the next job is queued.
        """
        if self.failed is None:
            dead = [task for task in getattr(self._writer, "tasks", []) if task.exitcode is not None]
            if dead:
                self.failed = f"a rebuild sub-writer died (process {dead[0].pid}, exit code {dead[0].exitcode})"
                log.error("index worker: %s", self.failed)
        return self.failed

    def commit(self) -> int:
        """Commit and check that every document arrived; return how many were written, or raise RebuildError."""
        if self.check() is not None:
            self.cancel()
            raise RebuildError(self.failed)
        self._writer.commit()
        try:
            # A sub-writer that died leaves its documents out without any error from Whoosh: count them.
            written = FileStorage(self._folder, supports_mmap=False).open_index().doc_count_all()
        finally:
            self._ix.close()
        if written != self.added:
            raise RebuildError(f"the rebuild wrote {written} of {self.added} documents")
        return written

    def cancel(self) -> None:
        """Stop the sub-writers and release the new generation's write lock (once)."""
        if self._cancelled:
            return
        self._cancelled = True
        try:
            for task in getattr(self._writer, "tasks", []):
                task.terminate()
                task.join()
            self._writer.cancel()
        except Exception:  # the lock is what matters, and the generation is removed by the parent
            log.exception("index worker: cancelling a rebuild failed")
        finally:
            self._ix.close()
