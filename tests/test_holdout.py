"""The held-out set (tests/data/holdout): written blind to the engine, first scored 21/25; kept as a regression check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.engine import Engine
from tests.judge import judge
from tests.test_labelled import EngineFor, build_engine, load_jsonl

DATA = Path(__file__).parent / "data" / "holdout"
ARTICLES = load_jsonl(DATA / "articles.jsonl")
QUESTIONS = load_jsonl(DATA / "questions.jsonl")


@pytest.fixture(scope="module")
def holdout_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineFor]:
    """One engine per distinct article set of the held-out questions."""
    by_id = {a["id"]: a for a in ARTICLES}
    engines: dict[tuple[str, ...], Engine] = {}

    def get(ids: tuple[str, ...]) -> Engine:
        if ids not in engines:
            engines[ids] = build_engine(tmp_path_factory.mktemp("holdout"), [by_id[i] for i in ids])
        return engines[ids]

    yield get
    for engine in engines.values():
        engine.shutdown()


def ids_of(question: dict[str, Any]) -> tuple[str, ...]:
    """The sorted article ids a question is asked over."""
    ids = question["articles"]
    return tuple(sorted(a["id"] for a in ARTICLES)) if ids == "all" else tuple(sorted(ids))


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_holdout_answer_is_correct(question: dict[str, Any], holdout_engine: EngineFor) -> None:
    """Each held-out question passes the same judge as the shared referee."""
    answer = holdout_engine(ids_of(question)).ask(question["question"]).model_dump(mode="json")
    verdict = judge(question, answer)
    assert verdict.ok, f"{question['id']} {question['question']}\n  judge: {verdict.reason}\n  answer: {answer['answer']!r}"
