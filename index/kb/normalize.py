"""Tokens and comparison keys: case and accent folding, Cyrillic letter unification, light stemming."""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType
from typing import NamedTuple

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = r"[^\W\d_]+(?:(?:-|(?<=[\u0400-\u04ff])['’ʼ](?=[\u0400-\u04ff]))[^\W\d_]+)*"
# Dotted abbreviations (U.S., U.K.) first, then words, then commas: commas join lists of countries.
TOKEN = re.compile(rf"(?:[^\W\d_]\.){{2,}}|{_WORD}|,")

APOSTROPHES = ("'", "’", "ʼ")
_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"})
_CLITICS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʼ](?=[^\W\d_])")

# Ukrainian and Russian spellings of one name differ mostly in these letters (Остін/Остин, Сергій/Сергей).
_CYR_FOLD = MappingProxyType(str.maketrans({
    "і": "и", "ї": "и", "ы": "и", "й": "и", "є": "е", "э": "е", "ё": "е", "ґ": "г",
    "ь": None, "ъ": None, "'": None, "’": None, "ʼ": None,
}))
_LATIN_EXTRA = MappingProxyType(str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe"}))

# Case endings after folding, longest first; names keep -ов/-ев/-ин (Лавров, Путин) as part of the stem.
_NAME_ENDINGS = tuple(sorted(
    "иею иеи ими ого ому ему его ами ями ием ах ях ам ям ом ем им их ою ею ая яя ую юю ое ее ие ии еи ои ия ию "
    "ови еви а я у ю и е о".split(), key=len, reverse=True))
# Role words also need plural genitives (министров, міністрів).
_WORD_ENDINGS = tuple(sorted((*_NAME_ENDINGS, "ов", "ев", "ив"), key=len, reverse=True))
MIN_STEM = 3

_TRANSLIT = MappingProxyType({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya",
})


class Token(NamedTuple):
    """A word (or comma) with its character offsets."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Split text into words, dotted abbreviations and commas; keep apostrophes inside names (Xi'an, O'Brien)."""
    make = Token._make  # builds from a tuple without the keyword-aware constructor: tokenizing is hot
    tokens = [make((m.start(), m.end(), m.group())) for m in TOKEN.finditer(text)]
    inner = {m.start() for m in _INNER_APOSTROPHE.finditer(text)}
    if not inner:
        return tokens
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if prev is not None and prev.end in inner and t.start == prev.end + 1 and _joins(prev, t.text):
            out[-1] = Token(prev.start, t.end, text[prev.start:t.end])
        else:
            out.append(t)
    return out


def _joins(prev: Token, word: str) -> bool:
    """True when an apostrophe is inside a word, not an elision (d'Austin) or a clitic (Putin's, don't)."""
    return prev.text.casefold() not in _ELISIONS and word.casefold() not in _CLITICS


def is_cyrillic(word: str) -> bool:
    """True when a word is written in Cyrillic."""
    return not word.isascii() and bool(CYRILLIC.search(word))


def is_capitalised(word: str) -> bool:
    """True when a word starts with an upper-case letter."""
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    """True for short all-capital words and dotted abbreviations (US, U.S., РФ, США)."""
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 5 and letters.isupper()


def fold(word: str) -> str:
    """Case-fold; strip Latin accents; unify Ukrainian and Russian letter variants."""
    if word.isascii():
        return word.lower()
    low = word.casefold()
    if is_cyrillic(low):
        return low.translate(_CYR_FOLD)
    decomposed = unicodedata.normalize("NFKD", low.translate(_LATIN_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _strip(word: str, endings: tuple[str, ...]) -> str:
    """Remove the longest known ending that leaves a stem of at least MIN_STEM letters."""
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def name_key(word: str) -> str:
    """The key a name token is compared by: folded, and for Cyrillic without its case ending."""
    folded = fold(word)
    if is_cyrillic(folded):
        return "-".join(_strip(part, _NAME_ENDINGS) for part in folded.split("-"))
    return folded


def _latin_stem(part: str, lang: str) -> str:
    """Strip English or French plural and gender endings."""
    if lang == "fr":
        part = part[:-1] if len(part) > 3 and part[-1] in "sx" else part
        return part[:-1] if len(part) > 3 and part.endswith("e") else part
    if len(part) > 4 and part.endswith("ies"):
        return part[:-3] + "y"
    if len(part) > 3 and part.endswith("s") and not part.endswith("ss"):
        return part[:-1]
    return part


def word_key(word: str, lang: str) -> str:
    """The key a role-phrase word is compared by: acronyms keep their case, other words are stemmed."""
    if is_acronym(word):
        return word.replace(".", "")
    folded = fold(word)
    if is_cyrillic(folded):
        return "-".join(_strip(part, _WORD_ENDINGS) for part in folded.split("-"))
    return "-".join(_latin_stem(part, lang) for part in folded.split("-"))


def transliterate(word: str) -> str:
    """Romanise a folded Cyrillic word the way news wires do (Остин -> ostin, Шойгу -> shoigu)."""
    return "".join(_TRANSLIT.get(c, c) for c in fold(word))
