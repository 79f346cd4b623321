"""The measurements: ingest, raw Whoosh baseline, extraction, questions, single-article acks, size, reindex."""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from bench.corpus import Corpus
from bench.phrases import LANGS
from bench.questions import question_mix
from index.engine import Engine
from index.kb import KnowledgeBase, Person
from index.text.sentences import split_sentences

T = TypeVar("T")
Results = dict[str, float | int]

KEYS: tuple[str, ...] = (
    "articles", "ingest_articles_per_s", "whoosh_baseline_articles_per_s", "ingest_ratio",
    "extract_sentences_per_s", "ask_p50_ms", "ask_p95_ms", "ack_p50_ms", "ack_p95_ms", "peak_rss_mb",
    "index_mb_per_1k_articles", "reindex_s",
)
MB = 1024 * 1024
# Decimals each figure is reported with; `articles` is a count.
DECIMALS: dict[str, int] = {
    "ingest_articles_per_s": 1, "whoosh_baseline_articles_per_s": 1, "ingest_ratio": 3, "extract_sentences_per_s": 1,
    "ask_p50_ms": 2, "ask_p95_ms": 2, "ack_p50_ms": 2, "ack_p95_ms": 2, "peak_rss_mb": 1,
    "index_mb_per_1k_articles": 3, "reindex_s": 2,
}


class BenchError(RuntimeError):
    """The engine did something that makes a measurement meaningless (e.g. an ack that stored nothing)."""


@dataclass(frozen=True)
class BenchConfig:
    """What to measure: corpus size, question count, ack samples, and where to keep the engine's data."""

    articles: int
    questions: int = 200
    ack_samples: int = 50
    extract_articles: int = 500  # extraction is timed on at most this many articles: its rate is per sentence
    seed: int = 0
    data_dir: Path | None = None
    progress: bool = False


class TimedSource(Iterator[T]):
    """Wraps an iterator and adds up the time spent producing its items, to subtract from a measurement."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = iter(items)
        self.seconds = 0.0

    def __iter__(self) -> TimedSource[T]:
        return self

    def __next__(self) -> T:
        start = time.perf_counter()
        try:
            return next(self._items)
        finally:
            self.seconds += time.perf_counter() - start


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile (linear interpolation between closest ranks)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * pct / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """Run a call and return its result and the seconds it took."""
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def peak_rss_mb(index_processes_mb: float = 0.0) -> float:
    """Peak resident memory of this process plus the index worker processes' peak, in MB.

    Not RUSAGE_CHILDREN: Linux keeps a child's high-water mark from before its exec, when it still shared this
    process's memory, so every finished child "peaked" at this process's size (a child running `true` from a
    311 MB process reports 311 MB). The engine reads each worker's own peak (``VmHWM``) instead. Adding the
    peaks overstates a little (they need not coincide), never understates.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    return own + index_processes_mb


def load_people() -> list[Person]:
    """The knowledge base's people, the cast of the synthetic corpus."""
    kb = KnowledgeBase.load()
    return [p for pid in kb.all_ids() if (p := kb.person(pid)) is not None]


def warm_up(engine: Engine, corpus: Corpus, start: int) -> None:
    """Extract one article per language, untimed, so lazily loaded data (dictionaries, models) is in memory."""
    for item in corpus.inputs(len(LANGS), start):
        article = engine.understand(item)
        engine.extractor.extract(article.text, article.lang, article.published.date() if article.published else None)


def measure_ingest(engine: Engine, corpus: Corpus, n: int, progress: bool) -> float:
    """Articles per second through the whole engine (store, extraction, index) in one streamed call."""
    source = TimedSource(tqdm(corpus.inputs(n), total=n, desc="ingest", unit="art", disable=not progress))
    report, seconds = timed(lambda: engine.ingest(source))
    if report.new != n:
        raise BenchError(f"ingest stored {report.new} of {n} articles: {report.errors[:3]}")
    return n / (seconds - source.seconds)


def measure_whoosh_baseline(corpus: Corpus, n: int, directory: Path) -> float:
    """Articles per second for raw Whoosh on the same texts: plain schema, one writer, one commit."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    source = TimedSource(corpus.inputs(n))

    def build() -> None:
        ix = create_in(str(directory), Schema(id=ID(stored=True), title=TEXT(stored=True), text=TEXT))
        writer = ix.writer()
        for item in source:
            writer.add_document(id=item.id, title=item.title, text=item.text)
        writer.commit()
        ix.close()

    directory.mkdir(parents=True, exist_ok=True)
    _, seconds = timed(build)
    return n / (seconds - source.seconds)


def measure_extract(engine: Engine, corpus: Corpus, n: int) -> float:
    """Sentences per second for the extractor alone, on the cleaned texts the engine would extract from."""
    sentences, seconds = 0, 0.0
    for item in corpus.inputs(n):
        article = engine.understand(item)
        day = article.published.date() if article.published else None
        sentences += len(split_sentences(article.text))
        _, spent = timed(lambda: engine.extractor.extract(article.text, article.lang, day))
        seconds += spent
    return sentences / seconds


def measure_ask(engine: Engine, questions: list[str]) -> list[float]:
    """Milliseconds per question; one untimed question first builds the parser."""
    engine.ask(questions[0])
    return [timed(lambda: engine.ask(q))[1] * 1000 for q in questions]


def measure_ack(engine: Engine, corpus: Corpus, start: int, samples: int) -> list[float]:
    """Milliseconds from ingest call to committed and searchable, one new article at a time."""
    out: list[float] = []
    for generated in corpus.articles(samples, start):
        report, seconds = timed(lambda: engine.ingest([generated.article]))
        if report.new != 1:
            raise BenchError(f"single ingest of {generated.article.id} stored nothing: {report.errors}")
        out.append(seconds * 1000)
    return out


def measure_reindex(engine: Engine, progress: bool) -> float:
    """Seconds for a full rebuild of the index from the store."""
    with tqdm(desc="reindex", unit="art", disable=not progress) as bar:

        def tick(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        return timed(lambda: engine.reindex(tick))[1]


def run(config: BenchConfig) -> Results:
    """Measure everything once on one corpus; engine data in config.data_dir or a temporary directory."""
    n = config.articles
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        corpus = Corpus(load_people(), seed=config.seed)
        engine = Engine(config.data_dir or Path(tmp) / "data", today=corpus.today)
        engine.initialize()
        try:
            warm_up(engine, corpus, n + config.ack_samples)
            ingest = measure_ingest(engine, corpus, n, config.progress)
            asks = measure_ask(engine, [q.text for q in question_mix(corpus, config.questions, n)])
            index_bytes = engine.stats().index_bytes
            acks = measure_ack(engine, corpus, n, config.ack_samples)
            reindex = measure_reindex(engine, config.progress)
            # Read before the extraction and baseline runs, so it is the engine's peak, not raw Whoosh's.
            rss = peak_rss_mb(engine.index.worker_peak_rss_mb())
            extract = measure_extract(engine, corpus, min(n, config.extract_articles))
        finally:
            engine.shutdown()
        baseline = measure_whoosh_baseline(corpus, n, Path(tmp) / "whoosh")
    return report({
        "articles": n,
        "ingest_articles_per_s": ingest,
        "whoosh_baseline_articles_per_s": baseline,
        "ingest_ratio": ingest / baseline,
        "extract_sentences_per_s": extract,
        "ask_p50_ms": percentile(asks, 50),
        "ask_p95_ms": percentile(asks, 95),
        "ack_p50_ms": percentile(acks, 50),
        "ack_p95_ms": percentile(acks, 95),
        "peak_rss_mb": rss,
        "index_mb_per_1k_articles": index_bytes / n * 1000 / MB,
        "reindex_s": reindex,
    })


def report(values: dict[str, float]) -> Results:
    """The figures in KEYS order, rounded for reading; `articles` as an integer."""
    return {k: int(values[k]) if k == "articles" else round(values[k], DECIMALS[k]) for k in KEYS}


def median_results(runs: list[Results]) -> Results:
    """Per-key medians of several runs."""
    return report({key: float(statistics.median(r[key] for r in runs)) for key in KEYS})
