"""Kill an index worker that has stopped working while the bot waits on it.

A worker can hang instead of dying: a rebuild sub-writer that dies while its sibling waits on Whoosh's job
queue leaves that sibling, and the commit, waiting forever (see ``rebuild.py``), and a stopped process never
reads its pipe. The bot would then wait forever too, and every later index write behind it. A worker that is
working uses CPU, however slowly, so a process tree that used none for STALL_SECONDS while the bot waited on it
is killed; the pipe then breaks and the usual recovery runs (a bulk batch is replayed to a fresh worker, a
rebuild fails and the old index keeps serving).
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

# Long enough for any disk flush; a merge or commit that is making progress uses CPU all the time.
STALL_SECONDS = 120.0
POLL_SECONDS = 5.0


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by a process and its descendants (Linux ``/proc``); None when unknown."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return None
    parent_of: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone since the listing
        parent_of[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
    if pid not in used:
        return None
    tree, frontier = {pid}, [pid]
    while frontier:
        children = [child for child, parent in parent_of.items() if parent in frontier and child not in tree]
        tree.update(children)
        frontier = children
    return sum(used[p] for p in tree)


class Watchdog:
    """Watches the child the caller is waiting on, from a thread of its own, and kills it if it stalls."""

    def __init__(self, stall_seconds: float | None = None, poll_seconds: float | None = None) -> None:
        # Read at construction, so a test can shorten them for the processes it starts.
        self.stall_seconds = STALL_SECONDS if stall_seconds is None else stall_seconds
        self.poll_seconds = POLL_SECONDS if poll_seconds is None else poll_seconds
        self._lock = threading.Condition()
        self._watched: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @contextmanager
    def watching(self, proc: subprocess.Popen[bytes]) -> Iterator[None]:
        """Watch ``proc`` while the block runs (a write to it or a wait for its reply)."""
        with self._lock:
            # No notify: the thread samples on its own clock, not on every write (a bulk ingest writes often).
            self._watched = proc
            self._closed = False
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="index-worker-watchdog", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._watched = None

    def close(self) -> None:
        """Stop the watching thread."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        last: tuple[int, float | None, float] | None = None  # pid, its tree's CPU seconds, when that changed
        while True:
            with self._lock:
                self._lock.wait(self.poll_seconds)
                if self._closed:
                    return
                proc = self._watched
            if proc is None:
                last = None  # the caller is not waiting: an idle worker uses no CPU, and that is fine
                continue
            used = tree_cpu_seconds(proc.pid)
            now = time.monotonic()
            if last is None or last[0] != proc.pid or last[1] != used or used is None:
                last = (proc.pid, used, now)
            elif now - last[2] >= self.stall_seconds:
                log.warning("index worker %d used no CPU for %.0f s while the bot waited on it; killing it",
                            proc.pid, now - last[2])
                proc.kill()
                last = None
