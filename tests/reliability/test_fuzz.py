"""Bad input, fuzzed: readers, questions, search and bot commands never crash and never change what is stored.

The budget is small and fixed-seed by default; set NEWSBOT_FUZZ_EXAMPLES=N for a larger run, e.g.
``NEWSBOT_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/reliability/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services import EngineService
from index.engine import Engine
from index.models import ArticleIn
from index.readers import Limits, ReadError, read_bytes
from tests.bot.conftest import Harness, sent
from tests.reliability.chaos_ingest import dispatch
from tests.reliability.conftest import snapshot

EXAMPLES = int(os.environ.get("NEWSBOT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
# Small limits, so that inputs on both sides of each limit are cheap to generate.
SMALL = Limits(max_article_chars=3_000, max_document_bytes=40_000, max_articles_per_file=12)
STOCK = tuple(dispatch(n).article for n in range(12))
MAX_MESSAGE = 300  # a polite message is short and one line

# -- strategies ------------------------------------------------------------------------------------------

WHOOSH_BITS = ("title:*", "OR", "AND", "NOT", "(", ")", '"', "*", "?", "~2", "^3", "[a TO z]", "{", "}",
               "text:", "published:>2020", ":", "\\", "-", "+", "*:*", "title:(", "Austin", "Шойгу", "/")
whoosh_syntax = st.lists(st.sampled_from(WHOOSH_BITS), max_size=12).map(" ".join)
zalgo = st.lists(st.tuples(st.characters(categories=["Lu", "Ll"]),
                           st.text(st.characters(min_codepoint=0x300, max_codepoint=0x36F), max_size=8)),
                 max_size=30).map(lambda pairs: "".join(a + marks for a, marks in pairs))
rtl = st.text(st.characters(min_codepoint=0x590, max_codepoint=0x6FF) | st.sampled_from("\u200f\u202e\u202b\u2067 "),
              max_size=80)
controls = st.text(st.characters(categories=["Cc", "Cf"]), max_size=40)
junk_text = st.one_of(
    st.text(max_size=300), whoosh_syntax, zalgo, rtl, controls,
    st.lists(st.one_of(whoosh_syntax, zalgo, rtl, controls, st.text(max_size=30)), max_size=6).map("".join),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
near_limit = st.integers(SMALL.max_article_chars - 2, SMALL.max_article_chars + 2).map(lambda n: "word " * (n // 5))
record = st.fixed_dictionaries(
    {"text": st.one_of(junk_text, json_values, near_limit)},
    optional={key: st.one_of(json_values, junk_text) for key in ("id", "title", "url", "source", "lang", "published")},
)
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r).encode("utf-8")),
    json_values.map(lambda v: json.dumps(v).encode("utf-8")),
    st.binary(max_size=200).map(lambda b: b.replace(b"\n", b"")),
    st.sampled_from([b"\xff\xfe{\"text\": \"x\"}", b"{\"text\": \"\xc3\x28\"}", b"\xef\xbb\xbf{\"text\": \"bom\"}"]),
)
jsonl_bytes = st.lists(jsonl_line, max_size=SMALL.max_articles_per_file + 8).map(b"\n".join)
tags = st.sampled_from(["div", "p", "article", "table", "td", "span", "b", "script", "li"])
deep_html = st.builds(lambda tag, depth, text: (f"<{tag}>" * depth + text + f"</{tag}>" * depth).encode("utf-8"),
                      tags, st.integers(1, 5_000), junk_text)
text_bytes = st.one_of(st.binary(max_size=3_000), junk_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
                       near_limit.map(lambda s: s.encode("utf-8")))
documents = st.one_of(
    st.tuples(st.just("upload.jsonl"), jsonl_bytes),
    st.tuples(st.sampled_from(["note.txt", "note.md"]), text_bytes),
    st.tuples(st.sampled_from(["page.html", "page.htm"]), st.one_of(deep_html, text_bytes)),
    st.tuples(st.sampled_from(["scan.pdf", "noext", "x.JSONL", ".txt"]), st.binary(max_size=200)),
)

# -- checks ----------------------------------------------------------------------------------------------


def assert_polite(message: str | None) -> None:
    """A message for a person: short, one line, never a traceback."""
    assert message and message.strip()
    assert len(message) <= MAX_MESSAGE and "\n" not in message
    assert "Traceback" not in message and 'File "' not in message


def check_items(items: Iterable[ArticleIn | ReadError], limits: Limits) -> None:
    """Every item is an article within the limits or an error a person can read."""
    articles = 0
    for item in items:
        if isinstance(item, ReadError):
            assert_polite(item.message)
            continue
        assert isinstance(item, ArticleIn)
        assert item.text.strip() and len(item.text) <= limits.max_article_chars
        articles += 1
    assert articles <= limits.max_articles_per_file


@pytest.fixture(scope="module")
def stocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One engine for the module, holding a few articles, with small limits."""
    engine = Engine(tmp_path_factory.mktemp("fuzz"), limits=SMALL)
    engine.initialize()
    assert engine.ingest(STOCK).new == len(STOCK)
    try:
        yield engine
    finally:
        engine.shutdown()


# -- readers and ingest ---------------------------------------------------------------------------------


@FUZZ
@given(document=documents)
def test_readers_give_articles_within_limits_or_polite_errors(document: tuple[str, bytes]) -> None:
    name, data = document
    check_items(read_bytes(name, data, SMALL), SMALL)


@FUZZ
@given(document=documents)
def test_ingesting_junk_never_raises_and_keeps_what_is_stored(stocked: Engine, document: tuple[str, bytes]) -> None:
    # Hypothesis seeds `random` alike for every example, and Whoosh names its segments with it: two
    # commits would get one name and fail (see test_index_faults.py). Real processes are not reseeded.
    random.seed()
    before = set(stocked.export_jsonl())
    report = stocked.ingest_bytes(*document)
    assert report.new + report.duplicate + report.skipped == len(report.results)
    for error in report.errors:
        assert_polite(error.split(": ", 1)[-1])
    assert before <= set(stocked.export_jsonl())
    assert stocked.index.article_ids() == stocked.store.article_ids()


@pytest.mark.parametrize("depth", [10, 300, 3_000, 100_000])
def test_deep_html_is_read_or_refused_politely(depth: int) -> None:
    page = ("<div>" * depth + STOCK[0].text + "</div>" * depth).encode("utf-8")
    check_items(read_bytes("deep.html", page, Limits()), Limits())


def test_a_50_mb_paste_is_refused_with_the_limit(tmp_path: Path) -> None:
    engine = Engine(tmp_path)  # default limits, never initialized: the reader refuses before the engine works
    (item,) = read_bytes("paste.txt", b"a" * 50_000_000, engine.limits)
    assert isinstance(item, ReadError)
    assert "50,000,000 bytes" in item.message and f"{engine.limits.max_document_bytes:,}" in item.message


@pytest.mark.parametrize(
    ("name", "data", "expected", "new"),
    [
        ("long.txt", ("word " * 700).encode(), "article is 3,500 characters; the limit is 3,000", 0),
        ("long.jsonl", json.dumps({"text": "word " * 700}).encode(), "article is 3,500 characters; the limit is 3,000",
         0),
        ("big.md", b"x" * 40_001, "file is 40,001 bytes; the limit is 40,000", 0),
        ("many.jsonl", b"\n".join(json.dumps({"text": dispatch(n).article.text}).encode() for n in range(15)),
         "the file has more than 12 articles; the rest were skipped", 12),
    ],
)
def test_limits_are_enforced_with_clear_messages(tmp_path: Path, name: str, data: bytes, expected: str,
                                                 new: int) -> None:
    engine = Engine(tmp_path, limits=SMALL)
    engine.initialize()
    try:
        report = engine.ingest_bytes(name, data)
        assert any(expected in error for error in report.errors), report.errors
        assert (report.new, engine.stats().articles) == (new, new)
    finally:
        engine.shutdown()


def test_an_oversized_article_given_directly_is_skipped_with_the_limit(stocked: Engine) -> None:
    before = snapshot(stocked)
    report = stocked.ingest([ArticleIn(text="word " * 1_000)])
    assert report.skipped == 1 and "article is 5,000 characters; the limit is 3,000" in report.errors[0]
    assert snapshot(stocked) == before


# -- questions and search --------------------------------------------------------------------------------


@FUZZ
@given(question=junk_text)
def test_any_question_gets_an_answer_and_changes_nothing(stocked: Engine, question: str) -> None:
    before = snapshot(stocked)
    answer = stocked.ask(question)
    assert answer.answer.strip() and "Traceback" not in answer.answer
    assert snapshot(stocked) == before


@FUZZ
@given(query=junk_text, page=st.integers(-5, 10**9))
def test_any_search_gets_a_page_or_a_polite_error(stocked: Engine, query: str, page: int) -> None:
    before = snapshot(stocked)
    result = stocked.search(query, page, 5)
    assert len(result.hits) <= 5 and result.page >= 1
    if result.error is not None:
        assert_polite(result.error)
    assert snapshot(stocked) == before


@FUZZ
@given(name=junk_text, page=st.integers(-5, 10**9))
def test_any_timeline_name_gets_a_page_or_a_polite_error(stocked: Engine, name: str, page: int) -> None:
    result = stocked.timeline(name, page)
    assert result.person is not None or result.error is not None
    if result.error is not None:
        assert_polite(result.error)


# -- bot commands ----------------------------------------------------------------------------------------


@pytest.fixture
async def stocked_bot(bot: Harness) -> AsyncIterator[Harness]:
    """The offline bot with a few articles."""
    service = bot.app.bot_data["engine"]
    assert isinstance(service, EngineService)
    await service.ingest(list(STOCK))
    yield bot


async def collection(bot: Harness) -> tuple[Any, bytes]:
    """What /stats and /export would show."""
    service = bot.app.bot_data["engine"]
    # The index's size on disk is no content: it shrinks whenever the idle writer merges segments.
    return (await service.stats()).model_copy(update={"index_bytes": 0}), await service.export_jsonl()


@FUZZ
@given(command=st.sampled_from(["/search", "/timeline", "/ask", "/delete", "/sources", ""]), junk=junk_text)
async def test_bot_commands_with_junk_arguments_reply_politely(stocked_bot: Harness, admin: dict[str, Any],
                                                               reader: dict[str, Any], command: str,
                                                               junk: str) -> None:
    text = f"{command} {junk}" if command else junk
    if not text.strip():
        return  # Telegram delivers no empty messages
    before = await collection(stocked_bot)
    calls = await stocked_bot.say(admin if command == "/delete" else reader, text)
    assert not stocked_bot.errors, stocked_bot.errors
    replies = sent(calls)
    assert replies or not command, f"no reply to {text!r}"
    for reply in replies:
        assert reply.result is not None, f"Telegram rejected the reply to {text!r}: {reply.text!r}"
        assert "Traceback" not in reply.text
    assert await collection(stocked_bot) == before
