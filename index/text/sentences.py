"""Split text into sentences with exact character offsets, by paragraph breaks and punctuation."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

ABBREVIATIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "abbreviations.toml"

_NEWLINES = re.compile(r"[^\S\n]*\n\s*")
# Sentence punctuation, then closing quotes or brackets (French sets a space before "»"), then whitespace.
_STOP = re.compile(r"[.!?…]+(?:[»\"”’)\]]|[ \u00a0\u202f]»)*(?=\s|$)")
# The word before a mark starts after a space or one of these; the first other character after it decides.
_TOKEN_OPENERS = frozenset("«\"“„([")
_NEXT_CHAR = re.compile(r"\S")
_OPENERS = "«\"“„'‘([-–—•*"
_LINE_END = ".!?…:;»\"”’)"


class Span(NamedTuple):
    """A sentence: text[start:end] of the input."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Abbreviations:
    """Words that a period follows without ending the sentence."""

    words: frozenset[str]
    before_number: frozenset[str]

    @classmethod
    def load(cls, path: Path = ABBREVIATIONS_FILE) -> Abbreviations:
        """Read the per-language lists and merge them: a text's language is not known here."""
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        before = frozenset(w.casefold() for w in data.pop("before_number", []))
        words = frozenset(w.casefold() for values in data.values() for w in values)
        return cls(words=words, before_number=before)


@lru_cache(maxsize=1)
def abbreviations() -> Abbreviations:
    """The default abbreviation lists, read once."""
    return Abbreviations.load()


def split_sentences(text: str) -> list[Span]:
    """Split text into sentences; offsets index the input exactly and spans carry no outer whitespace."""
    abbr = abbreviations()
    spans: list[Span] = []
    for start, end in _blocks(text):
        for s, e in _split_block(text, start, end, abbr):
            span = _trimmed(text, s, e)
            if span:
                spans.append(span)
    return spans


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if start < end else None


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Lines and paragraphs; a single line break inside a wrapped sentence does not cut it."""
    start = 0
    for m in _NEWLINES.finditer(text):
        if m.group().count("\n") == 1 and _is_wrapped(text, m.start(), m.end()):
            continue
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _is_wrapped(text: str, before: int, after: int) -> bool:
    """Whether a single line break continues a sentence: no end mark before it, a lower-case word after."""
    if before == 0 or after >= len(text):
        return False
    return text[before - 1] not in _LINE_END and text[after].islower()


def _split_block(text: str, start: int, end: int, abbr: Abbreviations) -> Iterator[tuple[int, int]]:
    """Cut one block after each punctuation mark that ends a sentence."""
    block = text[start:end]
    cut = 0
    for m in _STOP.finditer(block):
        if m.end() < len(block) and _ends_sentence(block, cut, m, abbr):
            yield start + cut, start + m.end()
            cut = m.end()
    yield start + cut, end


def _ends_sentence(block: str, cut: int, stop: re.Match[str], abbr: Abbreviations) -> bool:
    """Decide one candidate: look at the word before the mark and the first character after it."""
    after = _NEXT_CHAR.search(block, stop.end())
    if after is None:
        return False
    nxt = after.group()
    mark = stop.group()
    token = _last_token(block, cut, stop.start())
    if mark == "." and _is_abbreviation(token, nxt, abbr):
        return False
    if nxt.isupper() or nxt.isdigit() or nxt in _OPENERS:
        return True
    # Some outlets write "росія", "рф" in lower case at a sentence start; elsewhere a lower-case word continues.
    return mark == "." and _is_cyrillic(nxt) and len(token) >= 3


def _last_token(block: str, cut: int, end: int) -> str:
    """The word right before a mark: the characters back to a space or an opening quote, not before ``cut``."""
    start = end
    while start > cut and not block[start - 1].isspace() and block[start - 1] not in _TOKEN_OPENERS:
        start -= 1
    return block[start:end]


def _is_abbreviation(token: str, nxt: str, abbr: Abbreviations) -> bool:
    """An initial ("J."), a dotted form ("U.S.", "т.е."), or a listed abbreviation ("Gen.", "ст. 5")."""
    word = token.casefold()
    if len(word) == 1 and word.isalpha():
        return True
    parts = word.split(".")
    if len(parts) > 1 and all(0 < len(part) <= 3 and part.isalpha() for part in parts):
        return True
    return word in abbr.words or (word in abbr.before_number and nxt.isdigit())


def _is_cyrillic(ch: str) -> bool:
    """Whether a character is a Cyrillic letter."""
    return "\u0400" <= ch <= "\u04ff"
