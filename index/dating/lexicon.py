"""Per-language date words, loaded once from index/data/dates/<lang>.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "dates"
SUPPORTED: tuple[str, ...] = ("en", "fr", "uk", "ru")

_APOSTROPHES = re.compile(r"['’ʼ`]")
_SPACES = re.compile(r"\s+")


def normalize(word: str) -> str:
    """Fold a matched word to its lexicon key: lower case, one apostrophe, single spaces, no end dot."""
    folded = _APOSTROPHES.sub("'", word.strip().lower())
    return _SPACES.sub(" ", folded).rstrip(".")


def _index(groups: list[list[str]], base: int) -> dict[str, int]:
    """Map every spelling in a list of synonym groups to its group's number."""
    return {normalize(word): base + i for i, words in enumerate(groups) for word in words}


def _labels(table: dict[str, list[str]]) -> dict[str, str]:
    """Map every phrase in a {label: [phrases]} table to its label."""
    return {normalize(word): label for label, words in table.items() for word in words}


@dataclass(frozen=True)
class Lexicon:
    """Date words of one language, each mapped to what it means."""

    lang: str
    case_sensitive_names: bool
    weekday_needs_prep: bool
    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_abbr: dict[str, int]
    day_suffixes: tuple[str, ...]
    day_of: tuple[str, ...]
    article: tuple[str, ...]
    year_suffixes: tuple[str, ...]
    possessive: tuple[str, ...]
    preps: tuple[str, ...]
    year_preps: tuple[str, ...]
    time_of_day: tuple[str, ...]
    range_from: tuple[str, ...]
    range_to: tuple[str, ...]
    month_parts: dict[str, str]
    month_premodifiers: dict[str, str]
    month_modifiers: dict[str, str]
    weekday_premodifiers: dict[str, str]
    weekday_postmodifiers: dict[str, str]
    relative: dict[str, str]
    ago_before: tuple[str, ...]
    ago_after: tuple[str, ...]
    units: dict[str, str]
    numbers: dict[str, int]
    future_cues: tuple[str, ...]
    future_patterns: tuple[str, ...]
    published_markers: tuple[str, ...]
    updated_markers: tuple[str, ...]


def _from_data(data: dict[str, Any]) -> Lexicon:
    """Build a Lexicon from a parsed TOML document."""
    ago = data.get("ago", {})
    future = data.get("future", {})
    publication = data.get("publication", {})
    return Lexicon(
        lang=data["lang"],
        case_sensitive_names=bool(data.get("case_sensitive_names", False)),
        weekday_needs_prep=bool(data.get("weekday_needs_prep", False)),
        months=_index(data["months"], 1),
        weekdays=_index(data["weekdays"], 0),
        weekday_abbr=_index(data.get("weekday_abbr", []), 0),
        day_suffixes=tuple(data.get("day_suffixes", [])),
        day_of=tuple(data.get("day_of", [])),
        article=tuple(data.get("article", [])),
        year_suffixes=tuple(data.get("year_suffixes", [])),
        possessive=tuple(data.get("possessive", [])),
        preps=tuple(data.get("preps", [])),
        year_preps=tuple(data.get("year_preps", [])),
        time_of_day=tuple(data.get("time_of_day", [])),
        range_from=tuple(data.get("range_from", [])),
        range_to=tuple(data.get("range_to", [])),
        month_parts=_labels(data.get("month_parts", {})),
        month_premodifiers=_labels(data.get("month_premodifiers", {})),
        month_modifiers=_labels(data.get("month_modifiers", {})),
        weekday_premodifiers=_labels(data.get("weekday_premodifiers", {})),
        weekday_postmodifiers=_labels(data.get("weekday_postmodifiers", {})),
        relative=_labels(data.get("relative", {})),
        ago_before=tuple(ago.get("before", [])),
        ago_after=tuple(ago.get("after", [])),
        units=_labels(data.get("units", {})),
        numbers={normalize(k): int(v) for k, v in data.get("numbers", {}).items()},
        future_cues=tuple(future.get("cues", [])),
        future_patterns=tuple(future.get("patterns", [])),
        published_markers=tuple(publication.get("published", [])),
        updated_markers=tuple(publication.get("updated", [])),
    )


@cache
def lexicon(lang: str) -> Lexicon:
    """Load the date words of a supported language (cached; raises KeyError otherwise)."""
    if lang not in SUPPORTED:
        raise KeyError(f"no date words for language {lang!r}")
    with (DATA_DIR / f"{lang}.toml").open("rb") as handle:
        return _from_data(tomllib.load(handle))
