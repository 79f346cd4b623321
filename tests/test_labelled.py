"""Answer quality on our own labelled set (tests/data/labelled), plus the set's own integrity checks."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from index.engine import Engine
from index.models import ArticleIn
from tests.judge import judge, same_date, same_person

DATA = Path(__file__).parent / "data" / "labelled"
LANGS = ("en", "fr", "uk", "ru")
MODALITIES = ("planned", "failed", "cancelled", "denied")
CASES = MODALITIES + (
    "brief_exchange",
    "background_date",
    "duplicate_reports",
    "two_events",
    "relative_vs_exact",
    "undated",
    "who_several",
    "role_phrase",
    "initiator",
    "namesake",
    "multi_party",
    "mt_damage",
)
ARTICLE_FIELDS = {"id", "lang", "source", "url", "published", "title", "text"}
QUESTION_FIELDS = {"id", "lang", "question", "articles", "gold", "notes", "case"}
GOLD_FIELDS = {"date", "date_precision", "counterparts", "event_type", "count", "answerable"}
# "Fri 2024-10-18" or "Friday 2024-10-18" in notes: both halves must agree.
WEEKDAY_DATE = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s+(\d{4}-\d{2}-\d{2})\b")
YEAR = re.compile(r"\b(19|20)\d{2}\b")

Record = dict[str, Any]
EngineFor = Callable[[tuple[str, ...]], Engine]


def load_jsonl(path: Path) -> tuple[Record, ...]:
    """Read one JSON object per non-blank line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


ARTICLES = load_jsonl(DATA / "articles.jsonl")
QUESTIONS = load_jsonl(DATA / "questions.jsonl")


def article_ids(question: Record) -> tuple[str, ...]:
    """The sorted ids of the articles ingested before asking."""
    ids = question["articles"]
    if ids == "all":
        return tuple(sorted(a["id"] for a in ARTICLES))
    return tuple(sorted(ids))


def build_engine(data_dir: Path, articles: list[Record]) -> Engine:
    """Start a real engine in an empty data dir and ingest the articles."""
    engine = Engine(data_dir)
    engine.initialize()
    try:
        engine.ingest(ArticleIn(**a, origin="jsonl") for a in articles)
    except BaseException:
        engine.shutdown()
        raise
    return engine


@pytest.fixture(scope="session")
def engine_for(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineFor]:
    """One engine per distinct article set, built on first use and shut down at the end of the session."""
    by_id = {a["id"]: a for a in ARTICLES}
    engines: dict[tuple[str, ...], Engine] = {}

    def get(ids: tuple[str, ...]) -> Engine:
        if ids not in engines:
            engines[ids] = build_engine(tmp_path_factory.mktemp("labelled"), [by_id[i] for i in ids])
        return engines[ids]

    yield get
    for engine in engines.values():
        engine.shutdown()


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_answer_is_correct(question: Record, engine_for: EngineFor) -> None:
    """The engine's answer to each labelled question passes the judge."""
    answer = engine_for(article_ids(question)).ask(question["question"]).model_dump(mode="json")
    verdict = judge(question, answer)
    assert verdict.ok, (
        f"{question['id']} [{question['lang']}] {question['question']}\n"
        f"  judge: {verdict.reason}\n  answer: {answer.get('answer')!r}\n  notes: {question['notes']}"
    )


# --- the set's own integrity -------------------------------------------------------------------


def published_day(article: Record) -> date | None:
    """The article's publication day, if it has one."""
    return datetime.fromisoformat(article["published"]).date() if article["published"] else None


def languages_by_case() -> dict[str, set[str]]:
    """For each case tag, the languages of the questions that carry it."""
    langs: dict[str, set[str]] = defaultdict(set)
    for q in QUESTIONS:
        for case in q["case"]:
            langs[case].add(q["lang"])
    return langs


def test_set_is_large_enough_in_every_language() -> None:
    """At least 45 articles and 40 questions, and 10 of each per language."""
    assert len(ARTICLES) >= 45 and len(QUESTIONS) >= 40
    for lang in LANGS:
        assert sum(a["lang"] == lang for a in ARTICLES) >= 10, lang
        assert sum(q["lang"] == lang for q in QUESTIONS) >= 10, lang


def test_records_have_exactly_the_dev_fields() -> None:
    """Articles and questions use the dev set's fields (plus `case` on questions) and `t` ids."""
    for a in ARTICLES:
        assert set(a) == ARTICLE_FIELDS and a["id"].startswith("ta") and a["lang"] in LANGS, a["id"]
    for q in QUESTIONS:
        assert set(q) == QUESTION_FIELDS and set(q["gold"]) == GOLD_FIELDS, q["id"]
        assert q["id"].startswith("tq") and q["lang"] in LANGS, q["id"]
    assert len({a["id"] for a in ARTICLES}) == len(ARTICLES)
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)


def test_referenced_articles_exist() -> None:
    """Every question names at least one article, and every named article is in the set."""
    known = {a["id"] for a in ARTICLES}
    for q in QUESTIONS:
        ids = article_ids(q)
        assert ids and set(ids) <= known, q["id"]


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_article_is_short_news(article: Record) -> None:
    """Each article has a title and 60 to 250 words of text."""
    assert article["title"] and 60 <= len(article["text"].split()) <= 250


def test_cases_are_known_and_each_covered_in_two_languages() -> None:
    """Every question is tagged with known cases, and every case appears in at least two languages."""
    for q in QUESTIONS:
        assert q["case"] and set(q["case"]) <= set(CASES), q["id"]
    langs = languages_by_case()
    thin = {case: sorted(langs[case]) for case in CASES if len(langs[case]) < 2}
    assert not thin


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("modality", MODALITIES)
def test_every_modality_is_asked_in_every_language(modality: str, lang: str) -> None:
    """Some question in this language hinges on a contact of this modality reported in the same language."""
    langs = {a["id"]: a["lang"] for a in ARTICLES}
    hits = [
        q["id"]
        for q in QUESTIONS
        if modality in q["case"] and q["lang"] == lang and any(langs[i] == lang for i in article_ids(q))
    ]
    assert hits


def test_background_dates_come_in_every_precision() -> None:
    """Background mentions are asked at day, month and year precision."""
    precisions = {q["gold"]["date_precision"] for q in QUESTIONS if "background_date" in q["case"]}
    assert {"day", "month", "year"} <= precisions


def test_weekdays_stated_in_notes_match_their_dates() -> None:
    """Every 'Fri 2024-10-18' in the notes names the right weekday."""
    pairs = [(q["id"], m.group(1), m.group(2)) for q in QUESTIONS for m in WEEKDAY_DATE.finditer(q["notes"])]
    assert len(pairs) >= 30
    wrong = [p for p in pairs if date.fromisoformat(p[2]).strftime("%a") != p[1]]
    assert not wrong


def test_gold_has_the_shape_of_its_kind() -> None:
    """When, how-many, who and unanswerable golds carry exactly what the judge reads."""
    for q in QUESTIONS:
        g = q["gold"]
        if not g["answerable"]:
            assert g["date"] is None and g["count"] in (None, 0), q["id"]
        elif g["date"] is None:
            assert isinstance(g["count"], int) and g["count"] >= 1 and g["counterparts"], q["id"]
        else:
            assert g["counterparts"] and g["date_precision"] in ("day", "month", "year"), q["id"]
            assert g["count"] in (None, len(g["counterparts"])), q["id"]
            suffix = {"day": "", "month": "-01", "year": "-01-01"}[g["date_precision"]]
            assert g["date"].endswith(suffix) and date.fromisoformat(g["date"]), q["id"]


def test_gold_dates_are_not_after_publication() -> None:
    """A contact that happened cannot be dated after the newest article reporting on it."""
    by_id = {a["id"]: a for a in ARTICLES}
    for q in QUESTIONS:
        days = [d for i in article_ids(q) if (d := published_day(by_id[i]))]
        if q["gold"]["date"] and days:
            assert date.fromisoformat(q["gold"]["date"]) <= max(days), q["id"]


def test_undated_questions_use_articles_without_any_date() -> None:
    """Undated cases rest on articles with no publication date and no year in the text."""
    by_id = {a["id"]: a for a in ARTICLES}
    for q in QUESTIONS:
        if "undated" in q["case"]:
            for i in article_ids(q):
                assert by_id[i]["published"] is None and not YEAR.search(by_id[i]["text"]), i


# --- the judge itself --------------------------------------------------------------------------


def ideal_answer(question: Record) -> Record:
    """An answer that follows the gold exactly."""
    g = question["gold"]
    if g["date"] is None:  # how many, or unanswerable
        return {"events": [], "count": g["count"]}
    if g["count"] is None:  # when: one event with everybody
        return {"events": [{"date": g["date"], "actors": [{"name": p} for p in g["counterparts"]]}], "count": None}
    return {"events": [{"date": g["date"], "actors": [{"name": p}]} for p in g["counterparts"]], "count": g["count"]}


def spoiled_answer(question: Record) -> Record:
    """The ideal answer made wrong: dated 400 days earlier, a dated event where none is due, or one more counted."""
    g = question["gold"]
    ideal = ideal_answer(question)
    if not g["answerable"]:
        return {"events": [{"date": "2024-01-01", "actors": [{"name": "Somebody"}]}], "count": 1}
    if g["date"] is None:
        return {"events": [], "count": g["count"] + 1}
    shifted = (date.fromisoformat(g["date"]) - timedelta(days=400)).isoformat()
    return {"events": [{**e, "date": shifted} for e in ideal["events"]], "count": ideal["count"]}


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_judge_accepts_the_gold_and_rejects_a_spoiled_answer(question: Record) -> None:
    """The gold is judgeable: its own answer passes and a wrong one fails."""
    verdict = judge(question, ideal_answer(question))
    assert verdict.ok, verdict.reason
    assert not judge(question, spoiled_answer(question)).ok


@pytest.mark.parametrize(
    ("gold", "name", "expected"),
    [
        ("Hakan Fidan", "Hakan Fydan", True),
        ("Recep Tayyip Erdoğan", "Tayyip Erdogan", True),
        ("Yaşar Güler", "Yasar Guler", True),
        ("Charles Q. Brown", "Charles Q. Brown Jr.", True),
        ("Wang Yi", "Wang Lutong", False),
        ("Xi Jinping", "Xi'an", False),
        ("Li Qiang", "Li Hui", False),
        ("Dong Jun", "", False),
    ],
)
def test_same_person_matches_surnames_tolerantly(gold: str, name: str, expected: bool) -> None:
    """Surnames match through accents and small typos, and other surnames do not."""
    assert same_person(gold, name) is expected


@pytest.mark.parametrize(
    ("gold", "precision", "got", "expected"),
    [
        ("2023-03-01", "month", "2023-03-25", True),
        ("2023-03-01", "day", "2023-03-25", False),
        ("2022-01-01", "year", "2022-11-30", True),
        ("2022-01-01", "year", "2021-12-31", False),
        ("2024-06-01", None, "2024-06-01", True),
        ("2024-06-01", "day", None, False),
    ],
)
def test_same_date_respects_precision(gold: str, precision: str | None, got: str | None, expected: bool) -> None:
    """Dates agree down to the gold precision and no further."""
    assert same_date(gold, precision, got) is expected


def test_judge_wants_the_first_event_for_when_questions() -> None:
    """A right event that is not first does not save a when-answer."""
    question = {"gold": {"date": "2025-03-13", "date_precision": "day", "counterparts": ["Wang Yi"],
                         "count": None, "answerable": True}}
    wrong_first = {"events": [{"date": "2025-03-10", "actors": [{"name": "Wang Yi"}]},
                              {"date": "2025-03-13", "actors": [{"name": "Wang Yi"}]}]}
    assert not judge(question, wrong_first).ok
    assert judge(question, {"events": wrong_first["events"][::-1]}).ok
