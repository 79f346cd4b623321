"""Duplicates: one event per real contact across articles and languages; one article per text."""

from __future__ import annotations

from datetime import date

import pytest

from index.engine import Engine
from index.models import ArticleIn
from tests.conftest import MakeEngine, article

KULEBA, BAERBOCK = "dmytro-kuleba", "annalena-baerbock"
BLINKEN, WANG = "antony-blinken", "wang-yi"

# The same call of Wednesday 6 March 2024, reported in three languages.
THREE_REPORTS = [
    article("call-en", "en", "2024-03-07",
            "Ukrainian Foreign Minister Dmytro Kuleba spoke by phone with his German counterpart Annalena Baerbock on "
            "March 6, 2024, discussing air defence."),
    article("call-fr", "fr", "2024-03-07",
            "Le ministre ukrainien des Affaires étrangères Dmytro Kouleba s'est entretenu mercredi par téléphone avec "
            "son homologue allemande Annalena Baerbock."),
    article("call-ru", "ru", "2024-03-06",
            "Глава МИД Украины Дмитрий Кулеба в среду провел телефонный разговор с министром иностранных дел Германии "
            "Анналеной Бербок."),
]


def ingest_all(engine: Engine, articles: list[ArticleIn]) -> None:
    """Ingest the articles one call at a time, as separate forwards would arrive."""
    for item in articles:
        report = engine.ingest([item])
        assert report.new == 1, report


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)], ids=["en-fr-ru", "ru-fr-en", "fr-ru-en"])
def test_same_call_in_three_languages_is_one_event(make_engine: MakeEngine, order: tuple[int, int, int]) -> None:
    """Three articles about one call, in three languages and any order, make one event with three sources."""
    engine = make_engine()
    ingest_all(engine, [THREE_REPORTS[i] for i in order])
    events = engine.events()
    assert [(e.date, e.date_precision, e.type, e.actor_ids()) for e in events] == [
        (date(2024, 3, 6), "day", "phone_call", {KULEBA, BAERBOCK})]
    assert sorted(s.article_id for s in events[0].sources) == ["call-en", "call-fr", "call-ru"]
    assert engine.ask("How many times did Kuleba and Baerbock talk?").count == 1


def test_two_calls_three_days_apart_are_two_events(make_engine: MakeEngine) -> None:
    """Calls on Monday and on Thursday are two contacts, even when the reports read alike."""
    engine = make_engine()
    ingest_all(engine, [
        article("mon", "en", "2024-03-05", "Antony Blinken spoke by phone with Chinese Foreign Minister Wang Yi on "
                "Monday, the State Department said."),
        article("thu", "en", "2024-03-08", "Antony Blinken spoke by phone with Chinese Foreign Minister Wang Yi on "
                "Thursday, the State Department said."),
    ])
    days = sorted((e.date, e.actor_ids() == {BLINKEN, WANG}) for e in engine.events())
    assert days == [(date(2024, 3, 4), True), (date(2024, 3, 7), True)]
    assert engine.ask("How many times did Blinken and Wang Yi talk?").count == 2


def test_two_calls_in_one_sentence_are_two_events(make_engine: MakeEngine) -> None:
    """'Spoke on Monday and again on Thursday' reports two contacts."""
    engine = make_engine()
    ingest_all(engine, [article("twice", "en", "2024-03-08", "Antony Blinken spoke by phone with Wang Yi on Monday, "
                                "March 4, and again on Thursday, March 7.")])
    assert sorted(e.date for e in engine.events() if e.date) == [date(2024, 3, 4), date(2024, 3, 7)]


EXACT = article("exact", "en", "2024-03-08", "Dmytro Kuleba spoke by phone with Annalena Baerbock on Wednesday.")
# The same call told a week later as "last week" (published Friday 15 March: last week is 4-10 March).
RELATIVE = [
    article("relative-en", "en", "2024-03-15",
            "Dmytro Kuleba spoke by phone with Annalena Baerbock last week, his ministry said."),
    article("relative-fr", "fr", "2024-03-15",
            "Dmytro Kouleba s'est entretenu par téléphone avec Annalena Baerbock la semaine dernière."),
    article("relative-uk", "uk", "2024-03-15", "Минулого тижня Дмитро Кулеба провів телефонну розмову з Анналеною Бербок."),
    article("relative-ru", "ru", "2024-03-15",
            "На прошлой неделе Дмитрий Кулеба провел телефонный разговор с Анналеной Бербок."),
]


@pytest.mark.parametrize("exact_first", [True, False], ids=["day-first", "last-week-first"])
@pytest.mark.parametrize("relative", RELATIVE, ids=[a.lang or "" for a in RELATIVE])
def test_last_week_and_the_day_are_one_event_dated_to_the_day(make_engine: MakeEngine, relative: ArticleIn,
                                                               exact_first: bool) -> None:
    """'Last week' in one article and the day in another are one event, dated to the day whichever came first."""
    engine = make_engine()
    ingest_all(engine, [EXACT, relative] if exact_first else [relative, EXACT])
    events = engine.events()
    assert [(e.date, e.date_precision, e.actor_ids()) for e in events] == [(date(2024, 3, 6), "day", {KULEBA, BAERBOCK})]
    assert sorted(s.article_id for s in events[0].sources) == sorted(["exact", relative.id or ""])


ORIGINAL = ("Emmanuel Macron spoke by phone with Xi Jinping on Tuesday, the Elysee said. The two leaders discussed "
            "trade and the war in Ukraine.")


@pytest.fixture(scope="module")
def stored_once(make_engine: MakeEngine) -> Engine:
    """An engine holding the original article, and its one event."""
    engine = make_engine()
    report = engine.ingest([article("original", "en", "2024-03-08", ORIGINAL)])
    assert (report.new, report.events) == (1, 1), report
    return engine


AGAIN = [
    pytest.param(article("original", "en", "2024-03-08", ORIGINAL), id="same-id-same-text"),
    pytest.param(article("copy", "en", "2024-03-08", ORIGINAL), id="other-id"),
    pytest.param(ArticleIn(text=ORIGINAL), id="no-id-no-metadata"),
    pytest.param(article("spaced", "en", "2024-03-08", "  " + ORIGINAL.replace(" ", "  ").replace(". ", ".\n\n") + "\n"),
                 id="whitespace"),
    pytest.param(article("crlf", "en", "2024-03-08", ORIGINAL.replace(". ", ".\r\n")), id="crlf"),
]


@pytest.mark.parametrize("again", AGAIN)
def test_same_article_again_is_a_duplicate(stored_once: Engine, again: ArticleIn) -> None:
    """The same text again (same or other id, other whitespace) is a duplicate and adds no article or event."""
    report = stored_once.ingest([again])
    assert (report.new, report.duplicate, report.events) == (0, 1, 0), report
    assert report.results[0].article_id == "original"
    stats = stored_once.stats()
    assert (stats.articles, stats.events) == (1, 1)
    assert [len(e.sources) for e in stored_once.events()] == [1]


def test_duplicates_within_one_batch(make_engine: MakeEngine) -> None:
    """The same article twice in one ingest call is stored once."""
    engine = make_engine()
    report = engine.ingest([article("a", "en", "2024-03-08", ORIGINAL), article("b", "en", "2024-03-08", ORIGINAL)])
    assert (report.new, report.duplicate, report.events) == (1, 1, 1)
    assert [r.status for r in report.results] == ["new", "duplicate"]


def test_a_long_bulk_ingest_keeps_every_count_but_only_the_first_results(make_engine: MakeEngine) -> None:
    """Past RESULT_DETAIL_LIMIT articles the report counts (and the store keeps) without holding results."""
    from index.models import RESULT_DETAIL_LIMIT

    engine = make_engine()
    n = RESULT_DETAIL_LIMIT + 30
    items = [article(f"bulk-{i}", "en", "2024-03-08", f"{ORIGINAL} Filed as item {i}.")
             for i in range(n)]
    items.insert(n - 5, items[-1])  # a copy far past the limit is still found, within its own batch
    report = engine.ingest(items)
    assert (report.new, report.duplicate, report.skipped) == (n, 1, 0)
    assert (len(report.results), report.omitted) == (RESULT_DETAIL_LIMIT, n + 1 - RESULT_DETAIL_LIMIT)
    assert report.events == n  # one reported call per article, all merged into one event below
    assert all(r.events for r in report.results)
    assert (engine.stats().articles, engine.stats().events) == (n, 1)
