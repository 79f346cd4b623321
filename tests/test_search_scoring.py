"""Scores with field lengths read once per segment must be Whoosh's BM25F scores, bit for bit."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.scoring import BM25F

from index.search import AddArticle, DeleteArticle, SearchIndex
from index.searchindex.scoring import CachedLengthsBM25F
from tests.test_search import make_article

WORDS = ["grain", "export", "Austin", "Shoigu", "phone", "call", "Kharkiv", "harvest", "steel", "talks"]


def text(n: int) -> str:
    """Texts of very different lengths, so length normalisation changes the order."""
    return " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 3 + (n * 7) % 60)) + "."


@pytest.fixture
def ix(tmp_path: Path) -> SearchIndex:
    index = SearchIndex(tmp_path / "index", worker_process=False)
    index.initialize()
    for start in range(0, 300, 60):  # several commits: several segments
        index.submit([AddArticle(make_article(n, text(n)), n) for n in range(start, start + 60)]).result()
    return index


def scores(index: SearchIndex, weighting: object, query: str) -> list[tuple[str, float]]:
    live = index._current()
    q = index._parser.literal(query, any_term=True)
    with live.indexes["articles"].searcher(weighting=weighting) as searcher:
        return [(hit["id"], hit.score) for hit in searcher.search(q, limit=None)]


@pytest.mark.parametrize("query", ["grain", "Austin Shoigu", "phone call talks", "harvest Kharkiv steel", "report"])
def test_cached_lengths_score_exactly_as_whoosh(ix: SearchIndex, query: str) -> None:
    try:
        expected = scores(ix, BM25F(), query)
        assert expected
        assert scores(ix, CachedLengthsBM25F(), query) == expected
    finally:
        ix.shutdown()


def test_cached_lengths_follow_deletes_and_merges(ix: SearchIndex) -> None:
    model = CachedLengthsBM25F()
    try:
        assert scores(ix, model, "grain export") == scores(ix, BM25F(), "grain export")
        ix.submit([DeleteArticle(f"art-{n}") for n in range(0, 300, 3)]).result()
        ix.submit([AddArticle(make_article(n, text(n + 1)), n) for n in range(300, 400)]).result()
        assert scores(ix, model, "grain export") == scores(ix, BM25F(), "grain export")
    finally:
        ix.shutdown()


def test_answers_use_the_cached_lengths_model(ix: SearchIndex) -> None:
    try:
        searcher = ix._current().searchers["articles"]
        assert isinstance(searcher.weighting, CachedLengthsBM25F)
        expected = [i for i, _ in scores(ix, BM25F(), "grain export")][:5]
        assert [h["id"] for h in ix.best_articles("grain export", 5)] == expected
    finally:
        ix.shutdown()
