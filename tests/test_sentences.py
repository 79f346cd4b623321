"""Sentence splitting: exact offsets, abbreviations, quotes and line structure in four languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.text import sentences
from index.text.clean import clean_text
from index.text.sentences import split_sentences
from tests.paths import SEEDS as _SEEDS

SEEDS = _SEEDS


def texts(text: str) -> list[str]:
    """The sentence texts, after checking every span against the input."""
    spans = split_sentences(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text
    return [span.text for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gen. Mark Milley met Mr. Smith in St. Petersburg. Then he left.",
         ["Gen. Mark Milley met Mr. Smith in St. Petersburg.", "Then he left."]),
        ("The U.S. and Russia talked on Jan. 5 at 5 p.m. local time. It lasted an hour.",
         ["The U.S. and Russia talked on Jan. 5 at 5 p.m. local time.", "It lasted an hour."]),
        ("J. Smith and Dr. Jones spoke. The call was short.",
         ["J. Smith and Dr. Jones spoke.", "The call was short."]),
        ("M. Macron a appelé M. Poutine. Mme Colonna était présente.",
         ["M. Macron a appelé M. Poutine.", "Mme Colonna était présente."]),
        ("В. Путин и С. Шойгу провели встречу, т.е. переговоры. Затем они уехали.",
         ["В. Путин и С. Шойгу провели встречу, т.е. переговоры.", "Затем они уехали."]),
        ("Зустріч відбулася на вул. Хрещатик у м. Київ. Потім вони поїхали.",
         ["Зустріч відбулася на вул. Хрещатик у м. Київ.", "Потім вони поїхали."]),
        ("See art. 5 of the treaty. No. 5 was there. They said no. Then left.",
         ["See art. 5 of the treaty.", "No. 5 was there.", "They said no.", "Then left."]),
        ("It rose 5.1 percent. It fell in 2022. 5 more tanks were lost.",
         ["It rose 5.1 percent.", "It fell in 2022.", "5 more tanks were lost."]),
        ("Really? Yes! Wait… Done.", ["Really?", "Yes!", "Wait…", "Done."]),
    ],
)
def test_punctuation_and_abbreviations(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Він сказав: «Ми це зробимо». Потім пішов.", ["Він сказав: «Ми це зробимо».", "Потім пішов."]),
        ("« Nous le ferons. » Puis il est parti.", ["« Nous le ferons. »", "Puis il est parti."]),
        ("«Nous le ferons», a déclaré Blinken. Il est parti.", ["«Nous le ferons», a déclaré Blinken.", "Il est parti."]),
        ("He said: “We will do it.” Then he left.", ["He said: “We will do it.”", "Then he left."]),
        ('"Will they come?" asked Blinken. Yes.', ['"Will they come?" asked Blinken.', "Yes."]),
        ("Заявили в кремлі. росія продовжує наступ.", ["Заявили в кремлі.", "росія продовжує наступ."]),
    ],
)
def test_quotes_and_lower_case_starts(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_lines_and_paragraphs() -> None:
    text = (
        "Headline without a full stop\n\n"
        "Secretary Austin emphasized the need to keep channels open\n\n"
        "- explained the spokesperson.\n"
        "A line after a break.\n"
        "This sentence is wrapped\nacross two lines.\n"
        "- a dash line after a quote"
    )
    assert texts(text) == [
        "Headline without a full stop",
        "Secretary Austin emphasized the need to keep channels open",
        "- explained the spokesperson.",
        "A line after a break.",
        "This sentence is wrapped\nacross two lines.",
        "- a dash line after a quote",
    ]


def test_seed_sentences() -> None:
    text = clean_text((SEEDS / "000_82e3462890df7cb6.txt").read_text(encoding="utf-8"))
    found = texts(text)
    assert "- the rf said in a statement." in found
    assert (
        "On Friday, July 12, at the initiative of the Russian Federation, a telephone conversation took place "
        "between the defense ministers of Russia and the United States." in found
    )
    assert any(s.startswith("The Russian and U.S. defense ministers held") and s.endswith("Ukraine.") for s in found)
    assert len(found) == 14


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


@given(st.text(alphabet=st.sampled_from(list("ab. ?!«»\"\n-AВв'’")), max_size=80))
def test_spans_are_ordered_exact_and_cover_all_words(text: str) -> None:
    spans = split_sentences(text)
    assert [s.text for s in spans] == [text[s.start : s.end] for s in spans]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    covered = "".join(s.text for s in spans)
    assert "".join(text.split()) == "".join(covered.split())


@given(st.text(alphabet="ab .«\"“„([\u00a0\n", max_size=40), st.integers(0, 40))
def test_the_word_before_a_mark_is_the_run_a_regex_would_find(block: str, cut: int) -> None:
    """Scanning back must give the last run of non-space, non-opening characters (the regex it replaced used
    ``$``, which also matches before a final newline; a block never has one right before a mark)."""
    end = len(block)
    cut = min(cut, end)
    found = re.search(r"[^\s«\"“„(\[]+\Z", block[cut:end])
    assert sentences._last_token(block, cut, end) == (found.group() if found else "")
