"""Dates in news text: date phrases resolved against the publication date, and the publication date itself.

Phrases are spotted with our own per-language patterns (index/data/dates/<lang>.toml) and resolved by
calendar arithmetic; dateparser reads only single phrases our rules cannot, always in one language.
"""

from __future__ import annotations

from index.dating import fallback
from index.dating.lexicon import SUPPORTED
from index.dating.patterns import patterns
from index.dating.phrase import DatePhrase
from index.dating.published import find_publication_date
from index.dating.spot import find_date_phrases, resolve_phrase
from index.kb.fuzzy import load_dictionaries


def warm_up() -> None:
    """Load the slow language data once at start-up: date patterns, dateparser and the common-word dictionaries."""
    for lang in SUPPORTED:
        patterns(lang)  # compiling the four spotting regexes takes about 0.1 s
    fallback.warm_up()
    # Engine.initialize calls this one warm-up; name matching needs the dictionaries as soon as ingest starts.
    load_dictionaries()


__all__ = ["DatePhrase", "find_date_phrases", "find_publication_date", "resolve_phrase", "warm_up"]
