"""A child process that writes bulk index batches, so a long ingest uses the second core.

Whoosh analyses and writes in pure Python; in the ingest process it shares one GIL with SQLite and extraction,
and the two together ran at half the speed of either alone. The child is a plain ``python -m`` process spoken to
over its stdin and stdout with pickled requests (never ``multiprocessing``: that re-imports the parent's main
module, and forks of a threaded process can deadlock).

The writer thread streams each bulk submission to the child as it arrives (``add``, no reply), so the child
indexes while the ingest goes on, and asks for a ``commit`` at the end of a batch (BATCH_DOCS, or the end of the
stream); only then does it wait, releasing the GIL. Large commits mean few segments to merge, which is where
Whoosh spends most of its time otherwise. Quick commits of a few documents stay in the writer thread, where a
round trip would only add latency.

A rebuild is written here too, by a fresh child with one Whoosh sub-writer per core (``rebuild.py``).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from index.searchindex.rebuild import Rebuild, children_peak_mb
from index.searchindex.watchdog import Watchdog
from index.streams import batched

log = logging.getLogger(__name__)

STOP_SECONDS = 30.0
# Documents per message during a rebuild, and how often its progress is told.
REBUILD_CHUNK = 100
# Every this many chunks the parent asks whether the rebuild still stands.
REBUILD_CHECK_CHUNKS = 20
PARENT_ENV = "NEWSBOT_INDEX_WORKER_PARENT"
PR_SET_PDEATHSIG = 1


class WorkerError(RuntimeError):
    """The worker process failed a batch, or died."""


class _Died(Exception):
    """The child's pipe broke: it died (or was killed)."""


def _folder(ix: Index) -> str:
    return str(ix.storage.folder)


class WriterProcess:
    """The parent's handle on the child: started on first use, restarted after it dies."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._folders: dict[str, str] = {}
        self._sent: list[Any] = []  # operations since the last commit, replayed to a replacement child
        self._peak_mb = 0.0
        self._watchdog = Watchdog()  # kills a child that stops working while this side waits on it

    @property
    def pid(self) -> int | None:
        """The child's process id, while it runs."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def add(self, indexes: dict[str, Index], ops: list[Any]) -> None:
        """Send operations; the child indexes them at once, and they become visible at the next ``commit``."""
        self._folders = {part: _folder(ix) for part, ix in indexes.items()}
        self._sent.extend(ops)
        try:
            self._post(("add", self._folders, ops))
        except _Died:
            self._replay()

    def commit(self, unmerged: set[str]) -> set[str]:
        """Commit everything added since the last commit; return the parts written, or raise WorkerError.

        A child that dies first is replaced and given the whole batch once more: every operation is an update
        or a delete by id, so writing a batch twice leaves the index as writing it once.
        """
        try:
            try:
                status, value = self._call(("commit", set(unmerged)))
            except _Died:
                self._replay()
                try:
                    status, value = self._call(("commit", set(unmerged)))
                except _Died as err:
                    raise WorkerError(f"the index worker process died twice on one batch ({err})") from err
        finally:
            self.forget()
            self.peak_rss_mb()  # a child may be gone by the time someone asks
        if status != "ok":
            raise WorkerError(f"the index worker failed: {value}")
        return set(value)

    def forget(self) -> None:
        """Drop the operations kept for a replay (their batch is committed or given up)."""
        self._sent = []

    def rebuild(self, folder: str, docs: Iterable[dict[str, Any]], procs: int, limit_mb: int,
                progress: Callable[[int], None] | None = None) -> int:
        """Write a new generation's documents in the child, ``procs`` sub-writers at once; return the count.

        Not replayed if the child dies: the caller keeps the old generation, and a rebuild can simply run again.
        """
        # The sub-writers are forks of the child, and each starts as big as the child is: give them a fresh one,
        # not one grown by a long ingest (2,000 articles: its 79 MB was in each of them).
        self.close()
        try:
            self._expect_ok(self._call(("rebuild", folder, procs, limit_mb)))
            done = 0
            for number, chunk in enumerate(batched(docs, REBUILD_CHUNK), start=1):
                self._post(("rebuild_add", chunk), spawn=False)
                if number % REBUILD_CHECK_CHUNKS == 0:  # a failed rebuild stops now, not after the last article
                    self._expect_ok(self._call(("rebuild_check",), spawn=False))
                done += len(chunk)
                if progress:
                    progress(done)
            reply = self._expect_ok(self._call(("rebuild_commit",), spawn=False))
        except _Died as err:
            raise WorkerError(f"the index worker process died during a rebuild ({err})") from err
        except BaseException:
            self._cancel_rebuild()
            raise
        self._peak_mb = max(self._peak_mb, _hwm_mb(self.pid) + float(reply["children_mb"]))
        return int(reply["docs"])

    def _cancel_rebuild(self) -> None:
        """Tell the child to give up its rebuild; a child that is gone has nothing to give up."""
        try:
            self._call(("rebuild_cancel",), spawn=False)
        except _Died:
            pass

    @staticmethod
    def _expect_ok(reply: tuple[str, Any]) -> Any:
        status, value = reply
        if status != "ok":
            raise WorkerError(f"the index worker failed: {value}")
        return value

    def _replay(self) -> None:
        """Give a fresh child every operation of the open batch."""
        try:
            self._post(("add", self._folders, self._sent))
        except _Died as err:
            raise WorkerError(f"the index worker process could not be restarted ({err})") from err

    def _call(self, request: tuple[Any, ...], spawn: bool = True) -> tuple[str, Any]:
        self._post(request, spawn)
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        try:
            with self._watchdog.watching(proc):
                status, value = pickle.load(proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as err:
            self._discard(proc)
            raise _Died(repr(err)) from err
        return status, value

    def _post(self, request: tuple[Any, ...], spawn: bool = True) -> None:
        """Send a request; without ``spawn`` a child that is gone is reported, not replaced (it held state)."""
        if not spawn and (self._proc is None or self._proc.poll() is not None):
            if self._proc is not None:
                self._discard(self._proc)
            raise _Died("the child is gone")
        proc = self._running()
        assert proc.stdin is not None
        try:
            with self._watchdog.watching(proc):  # a child that stopped reading would block this forever
                pickle.dump(request, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                proc.stdin.flush()
        except OSError as err:
            self._discard(proc)
            raise _Died(repr(err)) from err

    def peak_rss_mb(self) -> float:
        """The highest peak resident memory of any child so far (read live, at commits and before closing it),
        with its sub-writers during a rebuild; 0 if none ran."""
        self._peak_mb = max(self._peak_mb, _hwm_mb(self.pid))
        return self._peak_mb

    def close(self) -> None:
        """Ask the child to finish and wait for it; kill it if it does not."""
        self.peak_rss_mb()
        self._watchdog.close()
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            pickle.dump(None, proc.stdin)
            proc.stdin.close()
            proc.wait(timeout=STOP_SECONDS)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            proc.kill()
            proc.wait()
        finally:
            if proc.stdout is not None:
                proc.stdout.close()

    def _running(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if self._proc is not None:
            self._discard(self._proc)
        self._proc = _spawn()
        return self._proc

    def _discard(self, proc: subprocess.Popen[bytes]) -> None:
        log.warning("index worker process %d is gone (exit code %s); a new one starts on next use",
                    proc.pid, proc.poll())
        proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        if self._proc is proc:
            self._proc = None


def _hwm_mb(pid: int | None) -> float:
    """A live process's peak resident memory (Linux ``VmHWM``), 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _spawn() -> subprocess.Popen[bytes]:
    """Start the child with this interpreter, and with this package importable wherever it was imported from."""
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env[PARENT_ENV] = str(os.getpid())
    return subprocess.Popen(
        [sys.executable, "-m", "index.searchindex.worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True,
    )


# -- the child -------------------------------------------------------------------------------


class _Child:
    """The child's state: indexes opened by folder, the writers of the open batch, and its first error."""

    def __init__(self) -> None:
        self._open: dict[str, Index] = {}
        self._writers: dict[str, Any] = {}
        self._failed: str | None = None
        self._rebuild: Rebuild | None = None

    def indexes(self, folders: dict[str, str]) -> dict[str, Index]:
        """The indexes for these folders, opening new ones and closing those no longer named."""
        for folder in set(self._open) - set(folders.values()):
            self._open.pop(folder).close()
        for folder in folders.values():
            if folder not in self._open:
                self._open[folder] = FileStorage(folder, supports_mmap=False).open_index()
        return {part: self._open[folder] for part, folder in folders.items()}

    def add(self, folders: dict[str, str], ops: list[Any]) -> None:
        """Index operations into the open writers; a failure spoils the batch, reported at its commit."""
        from index.searchindex.writer import write_ops

        if self._failed is not None:
            return
        try:
            write_ops(self._writers, self.indexes(folders), ops)
        except Exception as err:  # reported to the parent at commit, which fails the batch and repairs the index
            log.exception("index worker: adding %d operations failed", len(ops))
            self._failed = f"{type(err).__name__}: {err}"

    def commit(self, unmerged: set[str]) -> tuple[str, Any]:
        """Commit the open writers, or report why the batch failed; either way start a new batch."""
        from index.searchindex.writer import cancel_writers, commit_writers

        failed, self._failed = self._failed, None
        if failed is not None:
            cancel_writers(self._writers)
            return "error", failed
        try:
            return "ok", commit_writers(self._writers, False, unmerged)
        except Exception as err:
            log.exception("index worker: commit failed")
            return "error", f"{type(err).__name__}: {err}"

    def rebuild(self, folder: str, procs: int, limit_mb: int) -> tuple[str, Any]:
        """Start writing a new generation from scratch (one left open is cancelled first)."""
        self.cancel_rebuild()
        try:
            self._rebuild = Rebuild(folder, procs, limit_mb)
        except Exception as err:
            log.exception("index worker: a rebuild could not start")
            return "error", f"{type(err).__name__}: {err}"
        return "ok", None

    def rebuild_add(self, docs: list[dict[str, Any]]) -> None:
        """Add documents to the open rebuild (a rebuild_commit without one reports the error)."""
        if self._rebuild is not None:
            self._rebuild.add(docs)

    def rebuild_commit(self) -> tuple[str, Any]:
        """Commit the open rebuild; reply with its document count and the sub-writers' peak memory."""
        rebuild, self._rebuild = self._rebuild, None
        if rebuild is None:
            return "error", "no rebuild is open"
        try:
            written = rebuild.commit()
        except Exception as err:
            log.exception("index worker: a rebuild commit failed")
            return "error", f"{type(err).__name__}: {err}"
        # The sub-writers ran side by side: count the largest of them once per process, an upper bound.
        children_mb = children_peak_mb() * rebuild.procs if rebuild.procs > 1 else 0.0
        return "ok", {"docs": written, "children_mb": children_mb}

    def check_rebuild(self) -> tuple[str, Any]:
        """Whether the open rebuild still stands (a failed one is cancelled, and reported at once)."""
        if self._rebuild is None:
            return "error", "no rebuild is open"
        failed = self._rebuild.check()
        if failed is None:
            return "ok", None
        self.cancel_rebuild()
        return "error", failed

    def cancel_rebuild(self) -> tuple[str, Any]:
        """Give up the open rebuild, if any."""
        rebuild, self._rebuild = self._rebuild, None
        if rebuild is not None:
            rebuild.cancel()
        return "ok", None

    def handle(self, request: tuple[Any, ...]) -> tuple[str, Any] | None:
        """Run one request; return the reply, or None for a request that takes none (the adds)."""
        kind, *args = request
        if kind == "add" and len(args) == 2:
            self.add(*args)
            return None
        if kind == "commit" and len(args) == 1:
            return self.commit(*args)
        if kind == "rebuild_add" and len(args) == 1:
            self.rebuild_add(*args)
            return None
        if kind == "rebuild" and len(args) == 3:
            return self.rebuild(*args)
        if kind == "rebuild_commit" and not args:
            return self.rebuild_commit()
        if kind == "rebuild_check" and not args:
            return self.check_rebuild()
        if kind == "rebuild_cancel" and not args:
            return self.cancel_rebuild()
        return "error", f"unknown request {kind!r}"


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """Answer requests until the parent sends None or closes the pipe."""
    child = _Child()
    while True:
        try:
            request = pickle.load(inp)
        except EOFError:
            # The parent sends None when it stops; a bare end of input means it closed the pipe or went away.
            log.warning("input closed without a stop request; exiting")
            return
        if request is None:
            return
        reply = child.handle(request)
        if reply is not None:
            pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the thread that started it ends.

    A parent killed with SIGKILL must not leave a child committing, and holding Whoosh's write lock, while a
    restarted bot opens the index.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the child still ends at end of input
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _tie_forks_to_this_process() -> None:
    """Make every process this worker forks (a rebuild's sub-writers) die with it, and fork them plainly.

    A sub-writer left behind would wait on its job queue forever, holding this process's reply pipe open, so
    the parent would never see the worker die. The worker has one thread, so forking it is safe.
    """
    import multiprocessing

    multiprocessing.set_start_method("fork", force=True)
    me = os.getpid()
    os.register_at_fork(after_in_child=lambda: _die_with_parent(me))


if __name__ == "__main__":
    _die_with_parent(int(os.environ.get(PARENT_ENV, "0")))
    _tie_forks_to_this_process()
    logging.basicConfig(level=logging.WARNING, format="index worker: %(levelname)s %(message)s")
    # Replies get a private copy of stdout; anything else printed goes to stderr, not into the pickles.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, replies)
