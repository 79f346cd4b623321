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
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

log = logging.getLogger(__name__)

STOP_SECONDS = 30.0
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

    def _replay(self) -> None:
        """Give a fresh child every operation of the open batch."""
        try:
            self._post(("add", self._folders, self._sent))
        except _Died as err:
            raise WorkerError(f"the index worker process could not be restarted ({err})") from err

    def _call(self, request: tuple[Any, ...]) -> tuple[str, Any]:
        self._post(request)
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        try:
            status, value = pickle.load(proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as err:
            self._discard(proc)
            raise _Died(repr(err)) from err
        return status, value

    def _post(self, request: tuple[Any, ...]) -> None:
        proc = self._running()
        assert proc.stdin is not None
        try:
            pickle.dump(request, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            proc.stdin.flush()
        except OSError as err:
            self._discard(proc)
            raise _Died(repr(err)) from err

    def peak_rss_mb(self) -> float:
        """The highest peak resident memory of any child so far, live or seen at a commit (0 if none ran)."""
        self._peak_mb = max(self._peak_mb, _hwm_mb(self.pid))
        return self._peak_mb

    def close(self) -> None:
        """Ask the child to finish and wait for it; kill it if it does not."""
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

    def handle(self, request: tuple[Any, ...]) -> tuple[str, Any] | None:
        """Run one request; return the reply, or None for a request that takes none (``add``)."""
        kind, *args = request
        if kind == "add" and len(args) == 2:
            self.add(*args)
            return None
        if kind == "commit" and len(args) == 1:
            return self.commit(*args)
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


if __name__ == "__main__":
    _die_with_parent(int(os.environ.get(PARENT_ENV, "0")))
    logging.basicConfig(level=logging.WARNING, format="index worker: %(levelname)s %(message)s")
    # Replies get a private copy of stdout; anything else printed goes to stderr, not into the pickles.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, replies)
