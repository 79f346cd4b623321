"""Tests for the index worker process: bulk batches written in a child, its death, its protocol."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import TypeVar

import pytest

from index.models import Article
from index.search import MAX_QUEUED_OPS, AddArticle, DeleteArticle, SearchIndex
from index.searchindex import watchdog
from index.searchindex.worker import WorkerError, serve
from index.searchindex.writer import QUICK_COMMIT_DOCS, prepare
from tests.test_search import filler, ix, make_article  # noqa: F401 - ix is a fixture

T = TypeVar("T")
BULK = 3 * QUICK_COMMIT_DOCS  # a batch this size goes to the worker process


def _bulk(ix: SearchIndex, first: int, n: int = BULK) -> None:
    ix.submit([AddArticle(filler(i)) for i in range(first, first + n)]).result()


@pytest.mark.parametrize("worker_process", [True, False])
def test_bulk_batches_are_searchable_with_and_without_the_worker(tmp_path: Path, worker_process: bool) -> None:
    index = SearchIndex(tmp_path / "index", worker_process=worker_process)
    index.initialize()
    try:
        _bulk(index, 0)
        assert index.article_ids() == {f"art-{i}" for i in range(BULK)}
        assert (index.worker_peak_rss_mb() > 0) is worker_process
    finally:
        index.shutdown()


def test_a_stream_of_submissions_is_committed_whole(ix: SearchIndex) -> None:
    futures = [ix.submit([AddArticle(filler(i)) for i in range(k * BULK, (k + 1) * BULK)], more=k < 4)
               for k in range(5)]
    for fut in futures:
        fut.result()
    assert len(ix.article_ids()) == 5 * BULK


def test_submitting_more_than_the_queue_holds_waits_instead_of_failing(ix: SearchIndex) -> None:
    # Deleting absent ids is cheap, so three over-full submissions test the waiting, not Whoosh's speed.
    chunk = MAX_QUEUED_OPS // 2 + 1
    futures = [ix.submit([DeleteArticle(f"absent-{k}-{i}") for i in range(chunk)], more=True) for k in range(3)]
    _bulk(ix, 0)
    for fut in futures:
        fut.result()
    assert len(ix.article_ids()) == BULK


def _worker_pid(ix: SearchIndex) -> int:
    pid = ix._process.pid if ix._process else None  # noqa: SLF001 - the child is what these tests kill
    assert pid is not None
    return pid


def test_an_idle_worker_killed_is_replaced_without_losing_a_batch(ix: SearchIndex) -> None:
    _bulk(ix, 0)
    pid = _worker_pid(ix)
    os.kill(pid, signal.SIGKILL)
    _bulk(ix, BULK)
    assert ix.article_ids() == {f"art-{i}" for i in range(2 * BULK)}
    assert _worker_pid(ix) != pid


def test_a_worker_killed_mid_batch_is_replaced_and_the_batch_written_once(ix: SearchIndex) -> None:
    _bulk(ix, 0)
    pid = _worker_pid(ix)
    future = ix.submit([AddArticle(filler(i)) for i in range(BULK, BULK + 1500)])
    os.kill(pid, signal.SIGKILL)
    future.result()
    assert len(ix.article_ids()) == BULK + 1500
    assert ix.search_articles("bulletin")[0] == BULK + 1500
    assert _worker_pid(ix) != pid


def test_quick_commits_after_a_bulk_batch_see_its_documents(ix: SearchIndex) -> None:
    _bulk(ix, 0)
    ix.submit([AddArticle(make_article(999, "Lloyd Austin called Andrei Belousov."))]).result()
    ix.submit([DeleteArticle("art-0")]).result()
    total, _ = ix.search_articles("Belousov")
    assert total == 1
    assert len(ix.article_ids()) == BULK


def _serve(requests: list[object]) -> list[tuple[str, object]]:
    out = io.BytesIO()
    serve(io.BytesIO(b"".join(pickle.dumps(r) for r in requests)), out)
    out.seek(0)
    replies = []
    while out.tell() < len(out.getvalue()):
        replies.append(pickle.load(out))
    return replies


def test_the_worker_reports_bad_requests_and_goes_on(ix: SearchIndex, tmp_path: Path) -> None:
    op = prepare(AddArticle(filler(1)))
    folders = {part: str(ix.root / "missing" / part) for part in ("articles",)}
    replies = _serve([("nonsense", {}, [], set()), ("add", folders, [op]), ("add", folders, [op]), ("commit", set()),
                      ("commit", set()), None, ("never read",)])
    assert [status for status, _ in replies] == ["error", "error", "ok"]  # the failed batch, then an empty one
    assert "nonsense" in str(replies[0][1])


def test_the_worker_stops_at_end_of_input() -> None:
    assert _serve([]) == []


# -- rebuilds in the worker --------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name in field 2 may hold spaces; the parent id is the second field after it.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _gone(pids: set[int], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State"))
    except (OSError, StopIteration):
        return "zombie"  # gone between the two reads


QUERIES = ["bulletin", "weather 7", "markets", "routine bulletin 42"]


def _hits(index: SearchIndex, query: str) -> tuple[int, set[str]]:
    total, hits = index.search_articles(query, per_page=500)
    return total, {h["id"] for h in hits}


def test_a_rebuild_in_the_worker_with_two_sub_writers_finds_what_one_writer_finds(tmp_path: Path) -> None:
    articles = [(filler(i), i + 1) for i in range(300)]
    one = SearchIndex(tmp_path / "one", procs=1, worker_process=False)
    two = SearchIndex(tmp_path / "two", procs=2)
    for index in (one, two):
        index.initialize()
    try:
        _bulk(two, 1000)  # the worker that indexed this is replaced by a fresh one for the rebuild
        before = _worker_pid(two)
        progress: list[int] = []
        one.rebuild(articles)
        two.rebuild(articles, progress.append)
        assert progress[-1] == 300 and progress == sorted(progress)
        assert _worker_pid(two) != before
        assert len(two._current().searchers["articles"].reader().leaf_readers()) == 2  # noqa: SLF001 - one per sub-writer
        assert two.article_ids() == one.article_ids() and two.max_seq() == 300
        assert [_hits(two, q) for q in QUERIES] == [_hits(one, q) for q in QUERIES]
        assert two.worker_peak_rss_mb() > 0
        assert multiprocessing.active_children() == []  # nothing forked from this threaded process
        _bulk(two, 2000)  # and the fresh worker takes bulk batches afterwards
        assert len(two.article_ids()) == 300 + BULK
    finally:
        one.shutdown()
        two.shutdown()


def test_a_worker_killed_during_a_rebuild_fails_it_and_takes_its_sub_writers_along(ix: SearchIndex) -> None:
    _bulk(ix, 0)
    pointer = (ix.root / "CURRENT").read_text()
    seen: dict[str, set[int]] = {}

    def killing() -> Iterator[Article]:
        for i in range(2000):
            if i == 1000:  # by now every sub-writer has taken a job
                pid = _worker_pid(ix)
                seen["sub-writers"] = _children(pid)
                os.kill(pid, signal.SIGKILL)
            yield filler(5000 + i)

    with pytest.raises(WorkerError, match="died during a rebuild"):
        ix.rebuild(killing())
    assert len(seen["sub-writers"]) == ix.procs > 1
    assert _gone(seen["sub-writers"])
    assert (ix.root / "CURRENT").read_text() == pointer
    assert len(list(ix.root.glob("gen-*"))) == 1
    assert ix.search_articles("bulletin")[0] == BULK
    _bulk(ix, BULK)
    assert len(ix.article_ids()) == 2 * BULK


# Found at the commit, or by a check on the way, before the rest of the articles are read.
@pytest.mark.parametrize(("articles", "read_all"), [(1500, True), (4000, False)])
def test_a_sub_writer_killed_during_a_rebuild_fails_it_instead_of_hanging(ix: SearchIndex, articles: int,
                                                                         read_all: bool) -> None:
    _bulk(ix, 0)
    pointer = (ix.root / "CURRENT").read_text()
    killed: list[int] = []
    served: list[int] = []

    def killing() -> Iterator[Article]:
        for i in range(articles):
            if i == 1000:
                killed.append(min(_children(_worker_pid(ix))))
                os.kill(killed[0], signal.SIGKILL)
                assert _gone(set(killed))
            served.append(i)
            yield filler(5000 + i)

    with pytest.raises(WorkerError, match="sub-writer died") as failure:
        ix.rebuild(killing())
    assert f"process {killed[0]}," in str(failure.value)
    assert (len(served) == articles) is read_all
    assert (ix.root / "CURRENT").read_text() == pointer
    assert len(list(ix.root.glob("gen-*"))) == 1
    assert ix.search_articles("bulletin")[0] == BULK
    _bulk(ix, BULK)
    assert len(ix.article_ids()) == 2 * BULK


def test_the_worker_refuses_a_rebuild_commit_with_no_rebuild_open() -> None:
    replies = _serve([("rebuild_commit",), ("rebuild_add", [{"id": "x"}]), ("rebuild_cancel",), None])
    assert replies == [("error", "no rebuild is open"), ("ok", None)]


# The watchdog tests fail after this long instead of hanging (they pass in a few seconds).
STUCK_SECONDS = 60.0


@pytest.fixture
def quick_watchdog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A watchdog that gives up on a silent worker after one second, not two minutes."""
    monkeypatch.setattr(watchdog, "STALL_SECONDS", 1.0)
    monkeypatch.setattr(watchdog, "POLL_SECONDS", 0.1)


def _within(call: Callable[[], T], stuck: Callable[[], set[int]]) -> T:
    """Run ``call``; if it has not returned in time, kill the stuck processes so the test fails, not hangs."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(call)
        try:
            return future.result(timeout=STUCK_SECONDS)
        except FutureTimeout:
            for pid in stuck():
                os.kill(pid, signal.SIGKILL)
            wait([future])  # whatever the call raises now, the watchdog did not do its job
            pytest.fail(f"still waiting on a stopped worker after {STUCK_SECONDS:.0f} s")


def test_a_stopped_worker_is_killed_and_its_batch_written_by_a_new_one(tmp_path: Path, quick_watchdog: None) -> None:
    index = SearchIndex(tmp_path / "index")
    index.initialize()
    try:
        _bulk(index, 0)
        pid = _worker_pid(index)
        os.kill(pid, signal.SIGSTOP)  # alive, silent, and no longer reading its pipe
        # Big enough that writing the batch blocks on the stopped worker's full pipe.
        _within(lambda: _bulk(index, BULK, 1500), lambda: {pid})
        assert _gone({pid})
        assert _worker_pid(index) != pid
        assert len(index.article_ids()) == BULK + 1500
    finally:
        index.shutdown()


def test_a_worker_stopped_during_a_rebuild_is_killed_and_the_rebuild_fails(tmp_path: Path,
                                                                         quick_watchdog: None) -> None:
    index = SearchIndex(tmp_path / "index")
    index.initialize()
    try:
        _bulk(index, 0)
        pointer = (index.root / "CURRENT").read_text()
        seen: dict[str, set[int]] = {}

        def stopping() -> Iterator[Article]:
            for i in range(2000):
                if i == 1000:
                    pid = _worker_pid(index)
                    seen["tree"] = {pid, *_children(pid)}
                    os.kill(pid, signal.SIGSTOP)
                yield filler(5000 + i)

        with pytest.raises(WorkerError, match="died during a rebuild"):
            _within(lambda: index.rebuild(stopping()), lambda: seen.get("tree", set()))
        assert _gone(seen["tree"])
        assert (index.root / "CURRENT").read_text() == pointer
        _bulk(index, BULK)  # the old generation still takes articles
        assert len(index.article_ids()) == 2 * BULK
    finally:
        index.shutdown()
