"""The benchmark harness: a deterministic corpus with ground truth, the question mix, and a tiny end-to-end run."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.corpus import TARGET_BYTES, Corpus
from bench.drivers import KEYS, load_people, median_results, percentile
from bench.phrases import LANGS
from bench.questions import INTENTS, question_mix
from index.kb.types import Person, Role

ROOT = Path(__file__).resolve().parent.parent


def person(pid: str, names: dict[str, str], office: str, country: str, start: date, end: date | None) -> Person:
    """A knowledge-base person with one office."""
    return Person(id=pid, name=names["en"], names=names,
                  roles=[Role(office=office, country=country, start=start, end=end)])


CAST = [
    person("austin", {"en": "Lloyd Austin", "fr": "Lloyd Austin", "uk": "Ллойд Остін", "ru": "Ллойд Остин"},
           "defence_minister", "us", date(2021, 1, 22), date(2025, 1, 20)),
    person("shoigu", {"en": "Sergei Shoigu", "fr": "Sergueï Choïgou", "uk": "Сергій Шойгу", "ru": "Сергей Шойгу"},
           "defence_minister", "ru", date(2012, 11, 6), date(2024, 5, 12)),
    person("lavrov", {"en": "Sergei Lavrov", "fr": "Sergueï Lavrov", "uk": "Сергій Лавров", "ru": "Сергей Лавров"},
           "foreign_minister", "RU", date(2004, 3, 9), None),
    person("kuleba", {"en": "Dmytro Kuleba", "fr": "Dmytro Kouleba", "uk": "Дмитро Кулеба", "ru": "Дмитрий Кулеба"},
           "foreign_minister", "ua", date(2020, 3, 4), date(2024, 9, 5)),
]
PEOPLE = {p.id: p for p in CAST}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """A corpus over a small fixed cast, so these tests do not depend on the knowledge base's contents."""
    return Corpus(CAST, seed=11)


def test_same_seed_gives_the_same_articles() -> None:
    first, second = Corpus(CAST, seed=3), Corpus(CAST, seed=3)
    assert [a for a in first.articles(12)] == [a for a in second.articles(12)]


def test_another_seed_gives_other_articles() -> None:
    assert Corpus(CAST, seed=3).article(0).article.text != Corpus(CAST, seed=4).article(0).article.text


def test_any_article_can_be_generated_alone(corpus: Corpus) -> None:
    streamed = list(corpus.articles(4, start=20))
    assert streamed[2] == corpus.article(22)


def test_every_language_is_produced(corpus: Corpus) -> None:
    assert {a.article.lang for a in corpus.articles(8)} == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_contacts_name_both_people_as_written_in_the_language(corpus: Corpus, lang: str) -> None:
    articles = [a for a in corpus.articles(40) if a.article.lang == lang]
    assert articles
    for generated in articles:
        for event in generated.events:
            for pid in event.actors:
                assert PEOPLE[pid].names[lang] in generated.article.text


def test_articles_are_about_the_target_size(corpus: Corpus) -> None:
    sizes = [len(a.article.text.encode()) for a in corpus.articles(40)]
    assert all(TARGET_BYTES * 0.9 <= s <= TARGET_BYTES * 1.6 for s in sizes), sizes


def test_ground_truth_is_one_to_three_contacts_between_people_in_office(corpus: Corpus) -> None:
    for generated in corpus.articles(60):
        assert 1 <= len(generated.events) <= 3
        for event in generated.events:
            assert event.actors[0] < event.actors[1]
            assert all(PEOPLE[pid].roles_on(event.day) for pid in event.actors)


def test_planned_contacts_follow_publication_and_the_others_precede_it(corpus: Corpus) -> None:
    modalities = set()
    for generated in corpus.articles(80):
        published = generated.article.published
        assert published is not None
        for event in generated.events:
            modalities.add(event.modality)
            assert (event.day > published.date()) == (event.modality == "planned")
    assert modalities == {"happened", "planned", "denied"}


def test_articles_carry_page_chrome(corpus: Corpus) -> None:
    texts = "\n".join(a.article.text for a in corpus.articles(40))
    for marker in ("views", "Read also:", "Lire aussi :", "переглядів", "Читайте также:", "©"):
        assert marker in texts


def test_question_mix_covers_every_intent_in_every_language(corpus: Corpus) -> None:
    questions = question_mix(corpus, 40, articles=30)
    assert len(questions) == 40
    assert {(q.intent, q.lang) for q in questions} == {(i, lang) for i in INTENTS for lang in LANGS}
    assert question_mix(corpus, 40, articles=30) == questions


@pytest.mark.parametrize("lang", LANGS)
def test_contact_questions_name_people_of_the_corpus(corpus: Corpus, lang: str) -> None:
    names = {p.names[lang] for p in CAST}
    for q in question_mix(corpus, 60, articles=30):
        if q.lang == lang and q.intent != "search":
            assert any(name in q.text for name in names), q.text


@pytest.mark.parametrize(("samples", "pct", "expected"), [
    ([5.0], 95, 5.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], 50, 3.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
    ([4.0, 1.0, 3.0, 2.0], 50, 2.5),
])
def test_percentile(samples: list[float], pct: float, expected: float) -> None:
    assert percentile(samples, pct) == pytest.approx(expected)


def test_median_of_runs_is_per_key() -> None:
    runs = [{k: float(v) for k in KEYS} for v in (3, 1, 2)]
    assert median_results(runs) == {k: 2.0 for k in KEYS}


def test_median_of_an_even_number_of_runs_is_rounded_like_a_single_run() -> None:
    runs = [{**{k: 1.0 for k in KEYS}, "articles": 20, "ingest_ratio": r} for r in (0.1, 0.2)]
    medians = median_results(runs)
    assert medians["ingest_ratio"] == 0.15
    assert isinstance(medians["articles"], int) and medians["articles"] == 20


def test_knowledge_base_casts_a_corpus() -> None:
    kb_corpus = Corpus(load_people(), seed=0)
    assert all(a.events for a in kb_corpus.articles(8))


def test_refuses_a_data_dir_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    proc = subprocess.run([sys.executable, "-m", "bench", "--articles", "5", "--data-dir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not empty" in proc.stderr


def test_tiny_run_prints_every_key(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--articles", "30", "--questions", "20", "--ack-samples", "3", "--json",
         "--data-dir", str(tmp_path / "data")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)
    assert list(results) == list(KEYS)
    assert results["articles"] == 30
    for key in KEYS:
        assert isinstance(results[key], (int, float)) and results[key] > 0, key
    assert (tmp_path / "data").is_dir()
