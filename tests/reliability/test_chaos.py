"""Crash safety: kill -9 an ingest at random points; nothing acknowledged is lost and the index heals."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from index.engine import Engine
from index.store import Store
from tests.reliability.chaos_ingest import dispatch, dispatches

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("chaos_ingest.py")
ROOT = Path(__file__).resolve().parents[2]
SEED = 61_2024
ARTICLES = int(os.environ.get("NEWSBOT_CHAOS_ARTICLES", "1000"))
KILLS = int(os.environ.get("NEWSBOT_CHAOS_KILLS", "4"))
ASKED = 25
WATCHDOG_SECONDS = 600.0  # only so that a hung worker fails the test instead of hanging CI


@dataclass
class Run:
    """What one worker process acknowledged before it finished or was killed."""

    acks: dict[str, str] = field(default_factory=dict)
    finished: bool = False
    stderr: str = ""

    @property
    def new(self) -> int:
        return sum(status == "new" for status in self.acks.values())


def start_worker(data_dir: Path, log: Path) -> subprocess.Popen[str]:
    """Start the ingest worker with stdout piped for the ACK lines and stderr to a file."""
    with log.open("w", encoding="utf-8") as sink:
        return subprocess.Popen([sys.executable, str(SCRIPT), str(data_dir), str(ARTICLES)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=sink, text=True, bufsize=1)


def lines(process: subprocess.Popen[str]) -> Iterator[str]:
    """The worker's stdout lines; a watchdog kills a worker that hangs."""
    watchdog = threading.Timer(WATCHDOG_SECONDS, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        yield from (line.strip() for line in process.stdout)
    finally:
        watchdog.cancel()


def run_worker(data_dir: Path, log: Path, kill_after_new: int | None, rng: random.Random) -> Run:
    """Run the worker, and SIGKILL it a random moment after its `kill_after_new`-th new article."""
    process = start_worker(data_dir, log)
    run = Run()
    for line in lines(process):
        kind, _, rest = line.partition(" ")
        if kind == "ACK":
            article_id, status = rest.split()
            run.acks[article_id] = status
            if kill_after_new is not None and run.new >= kill_after_new:
                time.sleep(rng.uniform(0.0, 0.08))  # lands anywhere in the next article, commit included
                process.send_signal(signal.SIGKILL)
                break
        elif kind == "SKIP":
            pytest.fail(f"the worker skipped an article: {rest}")
        elif kind == "DONE":
            run.finished = True
    process.wait()
    if process.stdout is not None:
        process.stdout.close()
    run.stderr = log.read_text(encoding="utf-8", errors="replace")
    return run


def stored_ids(data_dir: Path) -> set[str]:
    """The article ids in the SQLite store right after a crash, before any engine repairs anything."""
    store = Store(data_dir / "newsbot.sqlite3")
    store.initialize()
    try:
        return store.article_ids()
    finally:
        store.close()


def test_kill_nine_loses_nothing_acknowledged_and_the_index_heals(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data_dir = tmp_path / "data"
    acked: dict[str, int] = {}  # id -> the run that first acknowledged it
    span = max(1, ARTICLES // (KILLS + 1))  # so that the kills never run out of articles
    for number in range(KILLS):
        target = rng.randint(max(1, span // 3), span)
        run = run_worker(data_dir, tmp_path / f"worker{number}.log", target, rng)
        assert not run.finished and run.new >= target, f"run {number} ended early:\n{run.stderr[-3000:]}"
        for article_id, status in run.acks.items():
            if article_id in acked:
                assert status == "duplicate", f"{article_id} was acknowledged before the crash but came back {status}"
            acked.setdefault(article_id, number)
        missing = set(acked) - stored_ids(data_dir)
        assert not missing, f"acknowledged before kill {number} but not in the store: {sorted(missing)[:10]}"

    final = run_worker(data_dir, tmp_path / "final.log", None, rng)
    assert final.finished, f"the final run did not finish:\n{final.stderr[-3000:]}"
    assert len(final.acks) == ARTICLES
    assert all(final.acks[a] == "duplicate" for a in acked)
    assert "Traceback" not in final.stderr

    engine = Engine(data_dir)
    engine.initialize()
    try:
        assert_consistent(engine)
        assert_answerable(engine, sample_ids(acked, rng))
    finally:
        engine.shutdown()


def assert_consistent(engine: Engine) -> None:
    """Every article once, one event each, and an index holding exactly what the store holds."""
    assert engine.store.article_ids() == {d.article.id for d in dispatches(ARTICLES)}
    stats = engine.stats()
    assert (stats.articles, stats.events) == (ARTICLES, ARTICLES)
    assert engine.index.article_ids() == engine.store.article_ids()
    assert engine.repair() == 0


def sample_ids(acked: dict[str, int], rng: random.Random) -> list[str]:
    """A fixed-seed sample of the articles acknowledged before a kill, plus each run's last one."""
    last_of_runs = [max(a for a, run in acked.items() if run == number) for number in set(acked.values())]
    return sorted(set(rng.sample(sorted(acked), min(ASKED, len(acked)))) | set(last_of_runs))


def assert_answerable(engine: Engine, ids: list[str]) -> None:
    """Each article's event is the answer to the question about its day, citing the article."""
    for article_id in ids:
        item = dispatch(int(article_id.removeprefix("chaos-")))
        assert engine.store.get_article(article_id) is not None
        answer = engine.ask(item.question)
        cited = {(e.date, s.article_id) for e in answer.events for s in e.sources}
        assert (item.day, article_id) in cited, f"{item.question} -> {answer.answer}"


def killed_writer(part: Path) -> None:
    """A process that opens a Whoosh writer on `part`, adds a document, and is killed mid-write."""
    code = (
        "import sys, time\n"
        "from whoosh import index\n"
        "ix = index.open_dir(sys.argv[1])\n"
        "w = ix.writer()\n"
        "names = ix.schema.names()\n"
        "w.add_document(**{'id': 'ghost'} if 'id' in names else {})\n"
        "print('LOCKED', flush=True)\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(part)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "LOCKED"
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()


def live_parts(index_root: Path) -> list[Path]:
    """The Whoosh index directories of the live generation."""
    live = (index_root / "CURRENT").read_text(encoding="utf-8").strip()
    return sorted(p for p in (index_root / live).iterdir() if p.is_dir())


def test_a_whoosh_lock_left_by_a_killed_writer_is_recovered(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    engine = Engine(data_dir)
    engine.initialize()
    engine.ingest([dispatch(0).article])
    engine.shutdown()
    parts = live_parts(data_dir / "index")
    for part in parts:
        killed_writer(part)
    assert all((part / "MAIN_WRITELOCK").exists() for part in parts), "whoosh names its write lock MAIN_WRITELOCK"

    engine = Engine(data_dir)
    engine.initialize()
    try:
        report = engine.ingest([dispatch(1).article])
        assert report.new == 1 and not report.errors
        assert engine.index.article_ids() == engine.store.article_ids() == {"chaos-00000", "chaos-00001"}
        assert_answerable(engine, ["chaos-00000", "chaos-00001"])
    finally:
        engine.shutdown()


def test_an_article_committed_to_the_store_but_not_the_index_is_indexed_on_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    engine = Engine(data_dir)
    engine.initialize()
    engine.ingest([dispatch(0).article])
    engine.index.shutdown()
    # A crash between the store commit and the index commit: the store has it, the index never saw it.
    with engine.store.transaction() as tx:
        tx.add_article(engine.understand(dispatch(1).article))
    engine.store.close()

    engine = Engine(data_dir)
    engine.initialize()
    try:
        assert engine.index.article_ids() == engine.store.article_ids()
        assert "chaos-00001" in engine.index.article_ids()
    finally:
        engine.shutdown()
