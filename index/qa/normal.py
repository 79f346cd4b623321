"""Question text clean-up: bot mentions and commands off, control characters out, a folded copy for cues."""

from __future__ import annotations

import re
import unicodedata

# "@newsbot_bot", "/ask", "/ask@newsbot_bot", in any order and number, before the question itself.
_LEADING_ADDRESS = re.compile(r"^(?:\s*(?:/ask(?:@\w+)?|@\w+)(?![\w@])[\s,:;.!-]*)+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "ё": "е", "Ё": "Е"})


def _printable(ch: str) -> str:
    """A character as the parser sees it: controls and invisible format marks become a space."""
    if ch in "\t\n\r":
        return " "
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return " "
    return ch


def clean_question(text: str) -> str:
    """Return the question without a leading bot address, control characters or runs of spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(_printable(ch) for ch in text)
    text = _LEADING_ADDRESS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case the text for cue matching without changing its length, so offsets stay valid."""
    text = text.translate(_APOSTROPHES)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans (keeping the length) so cue patterns do not read inside them."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
