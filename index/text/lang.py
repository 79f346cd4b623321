"""Tell English, French, Ukrainian and Russian apart, for articles and for short questions."""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from index.models import LANGS

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
# Ukrainian writes an apostrophe where Russian writes ъ ("п'ять", "об'єкт"); some sites type Latin "i" for "і".
_UK_MARKS = re.compile(r"(?<=[\u0400-\u04ff])(?:['’ʼ]|[iI])(?=[\u0400-\u04ff])")
_FR_LETTERS = re.compile(r"[éèêëàâçùûüôîïœæÿÉÈÊÀÂÇÙÛÔÎÏŒ]")

# Share of these letters in running text: і ї є ґ make about 6.5% of Ukrainian letters, ы э ъ ё about 2.3% of
# Russian ones, so a count is weighed by its expected rate before the two are compared.
_UK_RATE = 0.065
_RU_RATE = 0.023
_CLEAR_RATIO = 2.0  # one language's letter evidence must outweigh the other's this many times
_CONFIDENT = 0.75  # below this model probability a valid hint decides


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The langid model restricted to our four languages; loading it takes about a second, so once."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGS))
    return identifier


def preload() -> None:
    """Load the model now (about 1 s and 76 MB), e.g. in a worker thread at start-up."""
    _identifier()


def detect_language(text: str, hint: str | None = None) -> str:
    """Return "en", "fr", "uk" or "ru": the script by majority, then letter evidence and the model."""
    hint = hint.lower() if hint and hint.lower() in LANGS else None
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return hint or "en"
    if cyrillic > latin:
        return _cyrillic_language(text, hint)
    return _latin_language(text, hint)


def _model_choice(text: str, first: str, second: str, hint: str | None) -> tuple[str, float]:
    """The model's pick between two languages, its probability, and the hint when the model is unsure."""
    scores = dict(_identifier().rank(text))
    a, b = scores.get(first, 0.0), scores.get(second, 0.0)
    total = a + b
    p_first = a / total if total > 0 else 0.5
    best, p = (first, p_first) if p_first >= 0.5 else (second, 1.0 - p_first)
    if p < _CONFIDENT and hint in (first, second):
        return hint, p
    return best, p


def _cyrillic_language(text: str, hint: str | None) -> str:
    """Ukrainian or Russian: letters only one of them uses decide when they clearly agree, else the model."""
    uk = (len(_UK_LETTERS.findall(text)) + len(_UK_MARKS.findall(text))) / _UK_RATE
    ru = len(_RU_LETTERS.findall(text)) / _RU_RATE
    if uk > _CLEAR_RATIO * ru:
        return "uk"
    if ru > _CLEAR_RATIO * uk:
        return "ru"
    return _model_choice(text, "uk", "ru", hint)[0]


def _latin_language(text: str, hint: str | None) -> str:
    """English or French: the model, except that an unsure French without a single French letter is English."""
    lang, p = _model_choice(text, "en", "fr", hint)
    if lang == "fr" and p < _CONFIDENT and hint != "fr" and not _FR_LETTERS.search(text):
        return "en"
    return lang
