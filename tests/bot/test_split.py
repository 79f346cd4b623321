"""split_html: parts fit, tags stay balanced, nothing is lost, cuts prefer paragraph breaks."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.render import split_html, utf16_len, visible_text
from tests.e2e.botapi import check_html

OPENERS = {
    "b": "<b>",
    "i": "<i>",
    "code": "<code>",
    "blockquote": "<blockquote>",
    "a": '<a href="https://example.test/?q=1&amp;r=2">',
}

plain = st.text(alphabet=st.sampled_from(list("ab yz\n\nЖї😀<&>\"")), max_size=80).map(
    lambda s: html.escape(s, quote=False)
)


def wrap(pair: tuple[str, list[str]]) -> str:
    name, children = pair
    return f"{OPENERS[name]}{''.join(children)}</{name}>"


fragments = st.recursive(
    plain,
    lambda inner: st.tuples(st.sampled_from(sorted(OPENERS)), st.lists(inner, max_size=4)).map(wrap),
    max_leaves=40,
)
documents = st.lists(fragments, max_size=12).map("".join)


def deepest_reopen(document: str) -> int:
    """The most units ever needed to reopen and close the tags open at one point."""
    stack: list[str] = []
    worst = 0
    for tag in re.findall(r"<[^<>]*>", document):
        if tag.startswith("</"):
            stack.pop()
        else:
            stack.append(tag)
        worst = max(worst, sum(len(t) + len(tag_name(t)) + 3 for t in stack))
    return worst


def tag_name(opening: str) -> str:
    return opening[1:].split(">")[0].split(" ")[0]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(document=documents, limit=st.integers(min_value=60, max_value=500))
def test_parts_fit_are_valid_and_lose_nothing(document: str, limit: int) -> None:
    assume(deepest_reopen(document) + 8 <= limit)
    parts = split_html(document, limit)
    for part in parts:
        assert utf16_len(part) <= limit
        check_html(part)
    assert squeeze("".join(visible_text(p) for p in parts)) == squeeze(visible_text(document))


@given(document=documents)
def test_a_short_text_is_one_part_unchanged(document: str) -> None:
    assume(visible_text(document).strip() and utf16_len(document) <= 4096)
    assert split_html(document) == [document]


def test_cuts_fall_between_paragraphs() -> None:
    paragraphs = [f"<b>Heading {n}</b>\n" + "word " * 30 for n in range(10)]
    parts = split_html("\n\n".join(paragraphs), limit=400)
    assert len(parts) > 1
    for part in parts:
        assert part.startswith("<b>Heading ")
        assert part.rstrip().endswith("word")


def test_a_long_tagged_paragraph_is_closed_and_reopened() -> None:
    text = '<blockquote><a href="https://e.test/">' + "quote " * 300 + "</a></blockquote>"
    parts = split_html(text, limit=300)
    assert len(parts) > 2
    for part in parts:
        assert part.startswith('<blockquote><a href="https://e.test/">')
        assert part.endswith("</a></blockquote>")
        check_html(part)


def test_entities_are_never_cut() -> None:
    text = "&amp;" * 2000
    for part in split_html(text, limit=101):
        assert re.fullmatch(r"(&amp;)+", part)


def test_emoji_count_as_two_units() -> None:
    parts = split_html("😀" * 100, limit=50)
    assert all(utf16_len(p) <= 50 for p in parts)
    assert "".join(parts) == "😀" * 100


@pytest.mark.parametrize("blank", ["", "   ", "\n\n", "<b> </b>"])
def test_blank_input_gives_no_messages(blank: str) -> None:
    assert split_html(blank, limit=10) == []
    assert split_html(blank) == []
