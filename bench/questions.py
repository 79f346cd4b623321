"""A fixed question mix (last, first, count, who, search) in four languages about the people a corpus reports."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.corpus import Corpus, Holder
from bench.phrases import LANGS

INTENTS: tuple[str, ...] = ("last", "first", "count", "who", "search")
# Questions are about the pairs the first this-many articles report, so the mix does not grow with the corpus.
SAMPLE_ARTICLES = 200


@dataclass(frozen=True)
class Question:
    """One benchmark question and the intent and language it was written for."""

    intent: str
    lang: str
    text: str


def reported_pairs(corpus: Corpus, articles: int) -> list[tuple[Holder, Holder]]:
    """The pairs of office holders the first articles report, in order of first appearance."""
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[Holder, Holder]] = []
    for generated in corpus.articles(min(articles, SAMPLE_ARTICLES)):
        for event in generated.events:
            holders = {h.person.id: h for h in corpus.roster.on(event.day)}
            if event.actors not in seen and all(a in holders for a in event.actors):
                seen.add(event.actors)
                pairs.append((holders[event.actors[0]], holders[event.actors[1]]))
    return pairs


def question_mix(corpus: Corpus, count: int, articles: int) -> list[Question]:
    """`count` questions cycling through every intent and language, about pairs the corpus reports."""
    pairs = reported_pairs(corpus, max(1, articles))
    out: list[Question] = []
    for k in range(count):
        intent = INTENTS[k % len(INTENTS)]
        lang = LANGS[(k // len(INTENTS)) % len(LANGS)]
        rng = random.Random(f"{corpus.seed}:question:{k}")
        out.append(Question(intent, lang, _render(corpus, rng, intent, lang, rng.choice(pairs))))
    return out


def _render(corpus: Corpus, rng: random.Random, intent: str, lang: str, pair: tuple[Holder, Holder]) -> str:
    """Write one question; the second person is sometimes named by office ('the Russian Defence Minister')."""
    ph = corpus.phrases[lang]
    a, b = pair if rng.random() < 0.5 else (pair[1], pair[0])
    values = {"a": a.name(lang), "b": b.name(lang), "rb": ph.role(b.role.office, b.role.country)}
    return ph.fill(ph.pick(rng, "questions", intent), rng, **values)
