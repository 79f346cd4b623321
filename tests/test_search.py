"""Tests for the Whoosh index: the single writer, generations, rebuilds, queries and event lookups."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

from index.models import Article
from index.search import (
    AddArticle,
    DeleteArticle,
    IndexBusyError,
    QuerySyntaxError,
    SearchIndex,
)
from index.searchindex.writer import BATCH_DOCS, Job
from index.store import content_hash

TEXTS = {
    "en": "Lloyd Austin spoke by phone with Andrei Belousov on Tuesday, the Pentagon said.",
    "fr": "Les négociations entre l'Ukraine et la Russie ont repris à Genève mardi.",
    "uk": "Зеленський провів переговори з п’ятьма міністрами у Вашингтоні.",
    "ru": "Шойгу и Остин обсудили по телефону ситуацию, сообщили в Минобороны. Ещё встреча.",
}


def make_article(n: int, text: str, lang: str = "en", title: str | None = None) -> Article:
    return Article(
        id=f"art-{n}",
        title=title or f"Report {n}",
        url=f"https://example.org/{n}",
        source="Example News",
        lang=lang,
        published=datetime(2024, 5, 1 + n % 28, tzinfo=timezone.utc),
        text=text,
        content_hash=content_hash(text),
        added_at=datetime(2024, 6, 1, tzinfo=timezone.utc),
    )


def filler(n: int) -> Article:
    return make_article(n, f"Routine bulletin {n} about weather and markets.")


@pytest.fixture
def ix(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(tmp_path / "index")
    index.initialize()
    yield index
    index.shutdown()


@pytest.fixture
def multilingual(ix: SearchIndex) -> SearchIndex:
    ops = [AddArticle(make_article(i, text, lang), seq=i) for i, (lang, text) in enumerate(TEXTS.items(), 1)]
    ix.submit(list(ops)).result()
    return ix


def ids(result: tuple[int, list[dict[str, object]]]) -> list[object]:
    return [hit["id"] for hit in result[1]]


# -- the writer and its futures -------------------------------------------------------------


def test_future_resolves_after_commit_and_documents_are_searchable(ix: SearchIndex) -> None:
    future = ix.submit([AddArticle(make_article(1, TEXTS["en"]), seq=1)])
    assert future.result(timeout=30) is None
    assert ids(ix.search_articles("belousov")) == ["art-1"]
    assert ix.doc_count() == 1
    assert ix.max_seq() == 1


def test_update_replaces_and_delete_removes(ix: SearchIndex) -> None:
    ix.submit([AddArticle(make_article(1, "first version about Geneva"))]).result()
    ix.submit([AddArticle(make_article(1, "second version about Minsk"))]).result()
    assert ix.search_articles("geneva")[0] == 0
    assert ids(ix.search_articles("minsk")) == ["art-1"]
    ix.submit([DeleteArticle("art-1")]).result()
    assert ix.doc_count() == 0
    assert ix.article_ids() == set()


def test_invalid_operation_fails_in_the_caller(ix: SearchIndex) -> None:
    with pytest.raises(TypeError):
        ix.submit([AddArticle(filler(1)), "not an operation"])  # type: ignore[list-item]
    ix.flush()
    assert ix.article_ids() == set()


def test_concurrent_submits_are_batched_by_the_one_writer(ix: SearchIndex) -> None:
    gate = threading.Event()

    def held_articles() -> Iterator[Article]:
        gate.wait(30)  # keeps the writer thread busy until every submission is queued
        yield filler(0)

    rebuild = threading.Thread(target=ix.rebuild, args=(held_articles(), []))
    rebuild.start()
    futures: list[Future[None]] = []
    lock = threading.Lock()

    def submitter(worker: int) -> None:
        for i in range(25):
            future = ix.submit([AddArticle(filler(1000 + worker * 100 + i))])
            with lock:
                futures.append(future)

    workers = [threading.Thread(target=submitter, args=(w,)) for w in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    before = ix.commits
    gate.set()
    rebuild.join()
    for f in futures:
        f.result(timeout=60)
    assert ix.doc_count() == 201
    assert ix.commits - before <= 2 * max(1, 200 // BATCH_DOCS)  # 200 submissions, a handful of commits


def test_submit_after_shutdown_is_refused(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.initialize()
    index.submit([AddArticle(filler(1))])
    index.shutdown()  # commits what was queued first
    with pytest.raises(RuntimeError):
        index.submit([AddArticle(filler(2))])
    again = SearchIndex(tmp_path / "index")
    again.initialize()
    assert again.article_ids() == {"art-1"}
    again.shutdown()


class _Halt(BaseException):
    """Stands for anything that ends a thread without being an Exception (SystemExit, a bug in a handler)."""


def test_a_writer_thread_that_dies_fails_its_work_and_is_replaced(
    ix: SearchIndex, caplog: pytest.LogCaptureFixture,
) -> None:
    ix.submit([AddArticle(filler(1))]).result()
    dead = ix._writer
    assert dead is not None

    def halt() -> None:
        raise _Halt()

    doomed: Future[None] = Future()
    with ix._accepting:
        ix._put(Job(halt, doomed))
    with pytest.raises(RuntimeError, match="index writer stopped"):
        doomed.result(timeout=10)
    dead._thread.join(timeout=10)
    assert not dead.alive
    assert any(r.levelname == "CRITICAL" for r in caplog.records)

    ix.submit([AddArticle(filler(2))]).result(timeout=10)  # a new writer takes it
    assert ix._writer is not dead
    assert ix.article_ids() == {"art-1", "art-2"}


# -- generations, locks and recovery ------------------------------------------------------------


def live_part(root: Path, part: str) -> Path:
    return root / (root / "CURRENT").read_text().strip() / part


def test_stale_whoosh_lock_is_cleared_on_initialize(tmp_path: Path) -> None:
    root = tmp_path / "index"
    first = SearchIndex(root)
    first.initialize()
    first.shutdown()
    lock_file = live_part(root, "articles") / "MAIN_WRITELOCK"
    lock_file.write_text("left by a killed writer")
    index = SearchIndex(root)
    index.initialize()
    assert not lock_file.exists()
    index.submit([AddArticle(filler(1))]).result()
    assert index.article_ids() == {"art-1"}
    index.shutdown()


def test_whoosh_lock_held_elsewhere_is_not_broken(tmp_path: Path) -> None:
    root = tmp_path / "index"
    first = SearchIndex(root)
    first.initialize()
    first.shutdown()
    lock = FileStorage(str(live_part(root, "articles"))).lock("MAIN_WRITELOCK")
    assert lock.acquire(blocking=False)
    try:
        with pytest.raises(IndexBusyError):
            SearchIndex(root).initialize()
    finally:
        lock.release()


def test_second_owner_is_refused(ix: SearchIndex) -> None:
    with pytest.raises(IndexBusyError):
        SearchIndex(ix.root).initialize()


def test_pointer_to_missing_generation_starts_empty_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "index"
    first = SearchIndex(root)
    first.initialize()
    first.submit([AddArticle(filler(1))]).result()
    first.shutdown()
    (root / "CURRENT").write_text("gen-999999\n")
    index = SearchIndex(root)
    index.initialize()
    assert index.recovered
    assert index.doc_count() == 0
    assert sorted(p.name for p in root.glob("gen-*")) == [(root / "CURRENT").read_text().strip()]
    index.shutdown()


def test_rebuild_swaps_while_readers_keep_querying(ix: SearchIndex) -> None:
    ix.submit([AddArticle(filler(i)) for i in range(20)]).result()
    old_gen = (ix.root / "CURRENT").read_text().strip()
    stop = threading.Event()
    errors: list[BaseException] = []
    totals: list[int] = []

    def reader() -> None:
        while not stop.is_set():
            try:
                totals.append(ix.search_articles("bulletin")[0])
            except BaseException as exc:  # reported by the assertion below
                errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    progress: list[int] = []
    articles = [filler(i) for i in range(300)]
    ix.rebuild(articles, progress.append)
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert set(totals) <= {20, 300} and totals
    assert ix.doc_count() == 300
    assert progress[-1] == 300
    assert not (ix.root / old_gen).exists()
    assert ix.search_articles("bulletin")[0] == 300


# Whoosh's multiprocessing writer forks; Python 3.12+ warns about forking a threaded process.
FORK_WARNING = "ignore:This process .* is multi-threaded:DeprecationWarning"


@pytest.mark.filterwarnings(FORK_WARNING)
@pytest.mark.parametrize("worker_process", [True, False])
@pytest.mark.parametrize("procs", [1, 2])
def test_failed_rebuild_leaves_the_old_index_serving(tmp_path: Path, procs: int, worker_process: bool) -> None:
    ix = SearchIndex(tmp_path / "index", procs=procs, worker_process=worker_process)
    ix.initialize()
    try:
        _fail_rebuild(ix)
    finally:
        ix.shutdown()
    assert multiprocessing.active_children() == []


def _fail_rebuild(ix: SearchIndex) -> None:
    ix.submit([AddArticle(filler(i)) for i in range(10)]).result()
    pointer = (ix.root / "CURRENT").read_text()

    def broken() -> Iterator[Article]:
        for i in range(150):
            yield filler(500 + i)
        raise OSError("store went away")

    with pytest.raises(OSError, match="store went away"):
        ix.rebuild(broken())
    assert (ix.root / "CURRENT").read_text() == pointer
    assert len(list(ix.root.glob("gen-*"))) == 1
    assert ix.search_articles("bulletin")[0] == 10
    ix.submit([AddArticle(filler(99))]).result()
    assert ix.doc_count() == 11


@pytest.mark.filterwarnings(FORK_WARNING)
def test_rebuild_with_two_processes_builds_the_same_index(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index", procs=2, worker_process=False)
    index.initialize()
    try:
        index.rebuild([(filler(i), i + 1) for i in range(120)])
        assert index.doc_count() == 120
        assert index.max_seq() == 120
        assert index.search_articles("bulletin 7")[0] >= 1
    finally:
        index.shutdown()


def test_size_bytes_grows_with_content(ix: SearchIndex) -> None:
    empty = ix.size_bytes()
    ix.submit([AddArticle(filler(i)) for i in range(30)]).result()
    assert ix.size_bytes() > empty > 0


# -- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("belousov", ["art-1"]),
        ("BELOUSOV", ["art-1"]),
        ("negociations", ["art-2"]),
        ("négociations", ["art-2"]),
        ("l'Ukraine", ["art-2"]),
        ("Genève", ["art-2"]),
        ("зеленський", ["art-3"]),
        ("п'ятьма", ["art-3"]),
        ("пʼятьма", ["art-3"]),
        ("ещё", ["art-4"]),
        ("еще", ["art-4"]),
        ("Шойгу AND Остин", ["art-4"]),
        ("lang:fr", ["art-2"]),
        ('"spoke by phone"', ["art-1"]),
        ("negoc*", ["art-2"]),
        ("title:report AND переговори", ["art-3"]),
        ("belousov OR зеленський", ["art-1", "art-3"]),
        ("(austin OR шойгу) NOT pentagon", ["art-4"]),
    ],
)
def test_search_in_four_languages(multilingual: SearchIndex, query: str, expected: list[str]) -> None:
    assert sorted(str(i) for i in ids(multilingual.search_articles(query, per_page=10))) == expected


def test_hit_fields_and_plain_snippet(ix: SearchIndex) -> None:
    middle = "Austin met <b>Belousov</b> in Geneva. "
    long_text = "Filler sentence about markets. " * 20 + middle + "More filler. " * 20
    ix.submit([AddArticle(make_article(7, long_text, title="Geneva meeting"), seq=7)]).result()
    total, hits = ix.search_articles("belousov")
    assert total == 1
    hit = hits[0]
    assert (hit["id"], hit["title"], hit["lang"], hit["source"]) == ("art-7", "Geneva meeting", "en", "Example News")
    assert hit["url"] == "https://example.org/7" and hit["published"] == "2024-05-08"
    snippet = str(hit["snippet"])
    assert "Belousov" in snippet and len(snippet) <= 210
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<em" not in snippet and "<strong" not in snippet
    assert float(str(hit["score"])) > 0


def test_pagination(ix: SearchIndex) -> None:
    ix.submit([AddArticle(filler(i)) for i in range(12)]).result()
    pages = [ix.search_articles("bulletin", page=p, per_page=5) for p in (1, 2, 3, 4)]
    assert [total for total, _ in pages] == [12, 12, 12, 12]
    assert [len(hits) for _, hits in pages] == [5, 5, 2, 0]
    assert len({h["id"] for _, hits in pages for h in hits}) == 12


BAD_QUERIES = [
    "title:* OR (",
    '"unclosed',
    "AND OR",
    "a AND",
    "NOT",
    "(((",
    "())",
    "()",
    "*",
    "*a*",
    "title:",
    "title: austin",
    "x" * 600,
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_syntax_raises_a_helpful_error(multilingual: SearchIndex, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        multilingual.search_articles(query)
    assert "quotes" in str(err.value) or "long" in str(err.value)


ODD_QUERIES = BAD_QUERIES + ["🙂", "🇺🇦 переговори", "שלום עולם", "مرحبا", "\u202eaustin", "\x00\x07austin", "a^x",
                             "[austin TO", "{}", "x~", "foo:bar", "-belousov", "+austin", "\\", "''", "“austin”"]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_input_gives_results_or_query_syntax_error(multilingual: SearchIndex, query: str) -> None:
    try:
        total, hits = multilingual.search_articles(query)
    except QuerySyntaxError:
        return
    assert total >= len(hits)


@pytest.mark.parametrize(("query", "expected"), [("title:* OR (", 0), ("austin (", 1), ('"belousov', 1), ("AND OR", 0)])
def test_literal_mode_searches_the_characters(multilingual: SearchIndex, query: str, expected: int) -> None:
    assert multilingual.search_articles(query, literal=True)[0] == expected


SYNTAX = ['"', "(", ")", "*", "?", ":", "~2", "^", "-", "+", " ", " AND ", " OR ", " NOT ", "title:", "lang:",
          "text:", "[", "]", "{", "}", "\\", "'", "au", "austin", "belousov", "ещё", "l'", "🙂"]


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    # Hypothesis reruns the body many times; one small index serves every example.
    index = SearchIndex(tmp_path_factory.mktemp("fuzz") / "index")
    index.initialize()
    index.submit([AddArticle(make_article(i, t, lang)) for i, (lang, t) in enumerate(TEXTS.items())]).result()
    yield index
    index.shutdown()


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=80), st.lists(st.sampled_from(SYNTAX), max_size=12).map("".join)))
def test_any_text_is_either_searched_or_politely_refused(fuzz_index: SearchIndex, text: str) -> None:
    try:
        fuzz_index.search_articles(text)
    except QuerySyntaxError:
        pass
    total, hits = fuzz_index.search_articles(text, literal=True)
    assert total >= len(hits)


CHILD_WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from index.models import Article
from index.search import AddArticle, SearchIndex
ix = SearchIndex(Path(sys.argv[1]))
ix.initialize()
n = 0
while True:
    text = f"crash bulletin {n} " * 50
    batch = [AddArticle(Article(id=f"c{n}-{k}", lang="en", text=text, content_hash=str(n),
                                added_at=datetime.now(timezone.utc))) for k in range(5)]
    ix.submit(batch).result()
    n += 1
    print(n, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("commits_before_kill", [3, 12])
def test_index_opens_and_writes_after_the_writer_is_killed(tmp_path: Path, commits_before_kill: int) -> None:
    root = tmp_path / "index"
    child = subprocess.Popen([sys.executable, "-c", CHILD_WRITER, str(root)], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[1])
    assert child.stdout is not None
    for _ in range(commits_before_kill):
        assert child.stdout.readline(), "the child writer died"
    child.kill()  # SIGKILL: no cleanup, possibly in the middle of a commit
    child.wait()
    child.stdout.close()
    index = SearchIndex(root)
    index.initialize()
    try:
        survived = index.article_ids()
        assert len(survived) >= 5 * commits_before_kill
        assert len(survived) % 5 == 0  # a batch is all there or not at all
        index.submit([AddArticle(filler(1))]).result()
        assert index.search_articles("bulletin")[0] >= 1
    finally:
        index.shutdown()


def test_quick_commits_skip_merging_and_the_idle_writer_merges_later(ix: SearchIndex) -> None:
    """Single forwards commit without a merge (fast acks); once the writer is idle the segments are merged."""
    import time

    from index.searchindex.writer import MAX_QUICK_COMMITS, MERGE_IDLE_SECONDS

    def segments() -> int:
        return len(ix._current().indexes["articles"]._segments())

    for i in range(MAX_QUICK_COMMITS):
        ix.submit([AddArticle(filler(i))]).result()
    assert segments() == MAX_QUICK_COMMITS  # each quick commit left its own segment
    deadline = time.monotonic() + MERGE_IDLE_SECONDS + 30
    while segments() == MAX_QUICK_COMMITS and time.monotonic() < deadline:
        time.sleep(0.2)
    assert segments() < MAX_QUICK_COMMITS
    assert ix.search_articles("bulletin", per_page=5)[0] == MAX_QUICK_COMMITS


def test_a_steady_stream_of_forwards_still_merges(ix: SearchIndex) -> None:
    """With no idle moment, every few quick commits one merges, so segments stay few."""
    from index.searchindex.writer import MAX_QUICK_COMMITS

    most = 0
    for i in range(4 * MAX_QUICK_COMMITS):
        ix.submit([AddArticle(filler(i))]).result()
        most = max(most, len(ix._current().indexes["articles"]._segments()))
    assert most <= MAX_QUICK_COMMITS + 1  # the commit after them folds them into one
    assert ix.doc_count() == 4 * MAX_QUICK_COMMITS
