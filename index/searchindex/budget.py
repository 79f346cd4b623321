"""Top hits with bounded work: a question's common words are scored only in the newest part of the index.

Whoosh scores every document a query matches (its block-quality skipping rarely helps when many documents use a
word about equally), at a few microseconds each: words found in half of 100,000 articles cost a quarter of a
second. Fallback hits need only a handful of good articles, so when the query's postings exceed the budget, its
rarest words (up to half the budget) are still scored everywhere, and the other words only in the documents
numbered last, as many as the rest of the budget allows. Documents are numbered in the order they were indexed
(a segment merge may move some older ones after newer ones), so those are, nearly, the newest articles. Within
that part every score is Whoosh's own; before it, a document scores by its rare words alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector
from whoosh.matching import UnionMatcher
from whoosh.searching import Results, Searcher

# Postings scored at most per query (about 25 ms of Whoosh scoring on the benchmark machine).
MAX_SCORED = 5000


@dataclass(frozen=True)
class Plan:
    """Words scored in every document, words scored from document number ``first`` on, and that number."""

    rare: list[wq.Query]
    common: list[wq.Query]
    first: int


def plan(searcher: Searcher, q: wq.Query, budget: int = MAX_SCORED) -> Plan:
    """Split a query's words (an Or's parts) into those scored everywhere and those scored in the newest part."""
    parts = list(q.subqueries) if isinstance(q, wq.Or) else [q]
    costs = sorted(((sum(searcher.doc_frequency(f, t) for f, t in p.iter_all_terms()), i) for i, p in
                    enumerate(parts)))
    total = sum(c for c, _ in costs)
    if total <= budget:
        return Plan(rare=parts, common=[], first=0)
    rare, spent = [], 0
    for cost, i in costs:
        if spent + cost > budget // 2:
            break
        rare.append(i)
        spent += cost
    numbered = searcher.doc_count_all()
    first = numbered - numbered * (budget - spent) // (total - spent)
    return Plan(rare=[parts[i] for i in sorted(rare)], common=[p for i, p in enumerate(parts) if i not in rare],
                first=first)


class _PlannedCollector(TopCollector):  # type: ignore[misc]
    """Whoosh's top-N collector (heap, block-quality skipping) over a planned matcher."""

    def __init__(self, limit: int, planned: Plan) -> None:
        super().__init__(limit)
        self.planned = planned

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: Any) -> None:
        """Prepare as Whoosh's term-recording collector does, which the old fallback used."""
        # Needing the current match makes Whoosh build binary union matchers, which skip ahead by block; for small
        # segments it would otherwise preload and score every posting of an Or, skip_to included.
        super().prepare(top_searcher, q, context.set(needs_current=True))

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        """Match the rare words from the segment's start and the common ones from the planned document on."""
        super().set_subsearcher(subsearcher, offset)
        if not self.planned.common:
            return
        common = wq.Or(self.planned.common).matcher(subsearcher, self.context)
        if self.planned.first > offset and common.is_active():
            common.skip_to(self.planned.first - offset)  # past the segment's end: none of it
        if self.planned.rare:
            common = UnionMatcher(wq.Or(self.planned.rare).matcher(subsearcher, self.context), common)
        self.matcher = common


def top(searcher: Searcher, q: wq.Query, limit: int, budget: int = MAX_SCORED) -> Results:
    """The ``limit`` best-scoring documents, scoring about ``budget`` postings at most (see the module)."""
    collector = _PlannedCollector(limit, plan(searcher, q, budget))
    searcher.search_with_collector(q, collector)
    return collector.results()
