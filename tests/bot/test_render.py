"""Rendering engine results as Telegram HTML: dates, people, sources, pages."""

from __future__ import annotations

from datetime import date

import pytest

from bot.render import (
    format_event_date,
    render_answer,
    render_ingest,
    render_search,
    render_stats,
    split_html,
)
from index.models import (
    Actor,
    Answer,
    ArticleResult,
    Event,
    IngestReport,
    SearchHit,
    SearchPage,
    Source,
    Stats,
)
from tests.e2e.botapi import check_html


def make_event(day: date | None = date(2024, 7, 12), precision: str = "day", sources: int = 1,
               **changes: object) -> Event:
    values: dict[str, object] = {
        "id": "ev1",
        "date": day,
        "date_precision": precision if day else None,
        "type": "phone_call",
        "cameo": "041",
        "modality": "happened",
        "actors": [Actor(id="austin", name="Lloyd Austin"), Actor(id="belousov", name="Andrei Belousov")],
        "sources": [
            Source(article_id=f"a{n}", title=f"Title {n}", url=f"https://t.me/unn_news/{n}",
                   outlet="UNN", published="2024-07-12T18:00:00+00:00", quote=f"Quote number {n}.")
            for n in range(1, sources + 1)
        ],
    }
    values.update(changes)
    return Event.model_validate(values)


@pytest.mark.parametrize(
    ("lang", "precision", "expected"),
    [
        ("en", "day", "12 July 2024"),
        ("fr", "day", "12 juillet 2024"),
        ("uk", "day", "12 липня 2024"),
        ("ru", "day", "12 июля 2024"),
        ("en", "month", "July 2024"),
        ("fr", "month", "juillet 2024"),
        ("uk", "month", "липень 2024"),
        ("ru", "month", "июль 2024"),
        ("en", "year", "2024"),
        ("ru", "year", "2024"),
    ],
)
def test_date_shown_at_its_precision_in_the_language(lang: str, precision: str, expected: str) -> None:
    assert format_event_date(make_event(precision=precision), lang) == expected


def test_day_range_within_a_month() -> None:
    event = make_event(date_hi=date(2024, 7, 14))
    assert format_event_date(event, "en") == "12–14 July 2024"


@pytest.mark.parametrize(("lang", "expected"), [("en", "date unknown"), ("uk", "дата невідома")])
def test_missing_date_says_so(lang: str, expected: str) -> None:
    assert format_event_date(make_event(day=None), lang) == expected


def test_answer_puts_date_and_people_first_then_sources() -> None:
    answer = Answer(question="q", lang="en", intent="last", answer="They spoke on 12 July 2024.",
                    events=[make_event()])
    rendered = render_answer(answer, "en")
    first_line = rendered.text.splitlines()[0]
    assert "<b>12 July 2024</b>" in first_line
    assert "Lloyd Austin" in first_line and "Andrei Belousov" in first_line
    assert '<a href="https://t.me/unn_news/1">Title 1</a>' in rendered.text
    assert "<blockquote>Quote number 1.</blockquote>" in rendered.text
    assert rendered.markup is None
    check_html(rendered.text)


def test_more_than_three_sources_get_a_button_carrying_the_event_id() -> None:
    answer = Answer(question="q", lang="en", intent="last", answer="x", events=[make_event(sources=5)])
    rendered = render_answer(answer, "en")
    assert "Title 3" in rendered.text and "Title 4" not in rendered.text
    assert rendered.markup is not None
    button = rendered.markup.inline_keyboard[0][0]
    assert button.callback_data == "src:ev1"
    assert "2" in button.text


def test_everything_from_the_engine_is_escaped() -> None:
    event = make_event(actors=[Actor(name="<script>&Co")],
                       sources=0)
    event.sources.append(Source(article_id="a", title="<b>bold</b>", url='https://x.test/?a=1&b="2"',
                                quote="1 < 2 & 3 > 2"))
    answer = Answer(question="q", lang="en", intent="last", answer="<i>oops</i>", events=[event])
    text = render_answer(answer, "en").text
    assert "<script>" not in text and "&lt;script&gt;&amp;Co" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text
    assert 'href="https://x.test/?a=1&amp;b=&quot;2&quot;"' in text
    check_html(text)


def test_non_web_links_are_not_linked() -> None:
    event = make_event(sources=0)
    event.sources.append(Source(article_id="a", title="T", url="javascript:alert(1)", quote="q"))
    text = render_answer(Answer(question="q", lang="en", intent="last", answer="", events=[event]), "en").text
    assert "<a " not in text and "T" in text


def test_nothing_found_keeps_the_engine_text_and_hint() -> None:
    answer = Answer(question="q", lang="fr", intent="last", answer="Rien trouvé.", hint="Essayez un nom.")
    text = render_answer(answer, "fr").text
    assert "Rien trouvé." in text and "<i>Essayez un nom.</i>" in text


def test_count_answers_lead_with_the_count() -> None:
    events = [make_event(id=f"e{n}", day=date(2024, n, 1)) for n in range(1, 4)]
    answer = Answer(question="q", lang="en", intent="count", answer="3 times.", count=3, events=events)
    text = render_answer(answer, "en").text
    assert text.startswith("3 times.")
    assert text.count("<b>") == 3


def test_search_page_has_arrows_only_where_there_is_a_page() -> None:
    hits = [SearchHit(article_id=f"a{n}", title=f"T{n}", url=f"https://e.test/{n}") for n in range(5)]
    middle = render_search(SearchPage(query="austin", total=15, page=2, pages=3, hits=hits), "en",
                           "k1", per_page=5)
    assert middle.markup is not None
    data = [b.callback_data for b in middle.markup.inline_keyboard[0]]
    assert data == ["search:1:k1", "search:3:k1"]
    assert "6. " in middle.text and "10. " in middle.text
    first = render_search(SearchPage(query="austin", total=15, page=1, pages=3, hits=hits), "en",
                          "k1", per_page=5)
    assert first.markup is not None
    assert [b.callback_data for b in first.markup.inline_keyboard[0]] == ["search:2:k1"]
    check_html(middle.text)


def test_search_error_is_shown_politely() -> None:
    page = SearchPage(query='"unclosed', total=0, page=1, pages=0, hits=[], error="Unbalanced quotes.")
    rendered = render_search(page, "en", "k", per_page=5)
    assert "Unbalanced quotes." in rendered.text and rendered.markup is None


@pytest.mark.parametrize(
    ("status", "lang", "expected"),
    [
        ("new", "en", "New article (English)"),
        ("new", "uk", "Нова стаття (англійська)"),
        ("duplicate", "en", "Already known"),
        ("duplicate", "ru", "Уже известно"),
        ("skipped", "fr", "Je n'ai pas pu lire"),
    ],
)
def test_ingest_reply(status: str, lang: str, expected: str) -> None:
    report = IngestReport()
    report.add(ArticleResult.model_validate({
        "article_id": "a1", "status": status, "lang": "en", "events": [make_event()] if status == "new" else [],
        "error": "bad" if status == "skipped" else None}))
    text = render_ingest(report, lang)
    assert expected in text
    if status == "new":
        assert "Lloyd Austin" in text
    check_html(text)


def test_stats_lists_every_figure() -> None:
    stats = Stats(articles=12, events=30, languages={"en": 8, "uk": 4}, index_bytes=3 * 1024 * 1024, people=9)
    text = render_stats(stats, "en")
    for figure in ("12", "30", "en 8, uk 4", "3.0 MB", "never", "9"):
        assert figure in text


def test_a_long_answer_splits_into_valid_messages() -> None:
    events = [make_event(id=f"e{n}", sources=1) for n in range(3)]
    events[0].sources[0].quote = "word " * 2000
    answer = Answer(question="q", lang="en", intent="last", answer="x", events=events[:1])
    parts = split_html(render_answer(answer, "en").text)
    assert len(parts) > 1
    for part in parts:
        check_html(part)


def test_a_last_answer_shows_only_the_answering_event() -> None:
    older = make_event(id="e2", day=date(2024, 6, 25))
    answer = Answer(question="q", lang="en", intent="last", answer="x", events=[make_event(), older])
    text = render_answer(answer, "en").text
    assert "12 July 2024" in text and "25 June 2024" not in text
    assert "<blockquote>" in text


def test_who_answers_list_every_event_with_a_source_link() -> None:
    other = make_event(id="e2", actors=[Actor(name="Rustem Umerov"), Actor(name="Lloyd Austin")])
    answer = Answer(question="q", lang="en", intent="who", answer="Two contacts.", events=[make_event(), other])
    text = render_answer(answer, "en").text
    assert text.count("<b>12 July 2024</b>") == 2 and "Rustem Umerov" in text
    assert text.count('<a href="https://t.me/unn_news/1">UNN</a>') == 2
