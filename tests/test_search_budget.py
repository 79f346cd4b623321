"""Fallback hits with a scoring budget: Whoosh's own ranking when cheap, rare words everywhere, common ones newest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.searching import Searcher

from index.searchindex import budget

DOCS = 90


def text(n: int) -> str:
    """Every document says "bulletin" (some twice); the oldest alone names Zagorodnyuk."""
    rare = " Zagorodnyuk spoke." if n == 0 else ""
    return f"Routine bulletin {n} about weather and markets." + (" Bulletin again." if n % 7 == 0 else "") + rare


@pytest.fixture(params=[1, 3], ids=["one-segment", "three-segments"])
def searcher(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Searcher]:
    ix = windex.create_in(str(tmp_path), Schema(id=ID(stored=True), text=TEXT))
    per = DOCS // request.param
    for start in range(0, DOCS, per):  # one commit per segment, in order, so numbers follow insertion
        with ix.writer() as w:
            for n in range(start, start + per):
                w.add_document(id=str(n), text=text(n))
    with ix.searcher() as s:
        assert len(s.leafreaders or [s]) == request.param
        yield s
    ix.close()


def words(*ws: str) -> wq.Query:
    return wq.Or([wq.Term("text", w) for w in ws])


def scored(results: object) -> list[tuple[str, float]]:
    return [(hit["id"], round(hit.score, 9)) for hit in results]  # type: ignore[attr-defined]


def test_within_budget_it_is_whoosh_s_own_ranking(searcher: Searcher) -> None:
    q = words("bulletin", "zagorodnyuk", "markets")
    assert budget.plan(searcher, q, budget=10_000).first == 0
    assert scored(budget.top(searcher, q, 5, budget=10_000)) == scored(searcher.search(q, limit=5))


def test_over_budget_rare_words_count_everywhere_and_common_ones_in_the_newest_part(searcher: Searcher) -> None:
    q = words("bulletin", "zagorodnyuk", "markets")
    planned = budget.plan(searcher, q, budget=60)
    assert [str(p) for p in planned.rare] == ["text:zagorodnyuk"]
    assert 0 < planned.first < DOCS
    hits = budget.top(searcher, q, 10, budget=60)
    full = dict(scored(searcher.search(q, limit=None)))
    assert hits[0]["id"] == "0"  # the oldest document, found by its rare word
    newest = [(i, s) for i, s in scored(hits)[1:]]
    assert all(int(i) >= planned.first for i, _ in newest)
    assert all(s == full[i] for i, s in newest)  # Whoosh's own scores in the newest part
    assert [i for i, _ in newest] == [i for i, _ in sorted(
        ((i, s) for i, s in full.items() if int(i) >= planned.first), key=lambda x: (-x[1], int(x[0])))][:9]


def test_a_budget_too_small_for_any_rare_word_scores_only_the_newest(searcher: Searcher) -> None:
    q = words("bulletin", "markets")
    planned = budget.plan(searcher, q, budget=20)
    assert planned.rare == [] and planned.first == DOCS - DOCS * 20 // (2 * DOCS)
    assert {int(h["id"]) for h in budget.top(searcher, q, 50, budget=20)} == set(range(planned.first, DOCS))
