"""Fuzzy surname matching for machine-translation damage (Ostin, Shoig, Baiden), with an ambiguity margin."""

from __future__ import annotations

from dataclasses import dataclass, field

import simplemma
from rapidfuzz import fuzz, process

from index.kb.normalize import is_cyrillic

# Scores are rapidfuzz ratios (0-100) between folded keys.
GLOBAL_CUTOFF = 80.0  # against every surname: "Shoig" -> shoigu (91), "Lavrow" -> lavrov (83)
BARE_CUTOFF = 88.0  # a fuzzy surname with no given name or title next to it must be closer
LOCAL_CUTOFF = 65.0  # against people already named in the same document: "Blyen" -> blinken (67)
NEIGHBOUR_CUTOFF = 75.0  # a misspelt word next to a matched name, against that person's own words
MARGIN = 8.0  # the best person must beat the next one by this much, or nobody is chosen
MIN_LENGTH = 4
BARE_MIN_LENGTH = 5
_SIMPLEMMA_LANGS = ("en", "fr", "uk", "ru")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person a token may name, with the score and whether the matched alias is weak."""

    person_id: str
    score: float
    weak: bool
    fuzzy: bool = False


@dataclass
class FuzzyPool:
    """Surname keys grouped by first letter, so each lookup compares against a few dozen keys."""

    keys: dict[str, list[str]] = field(default_factory=dict)
    owners: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)

    def add(self, key: str, person_id: str, weak: bool) -> None:
        """Add one surname key."""
        if len(key) < MIN_LENGTH:
            return
        self.keys.setdefault(key[0], []).append(key)
        self.owners.setdefault(key[0], []).append((person_id, weak))

    def lookup(self, key: str, cutoff: float) -> list[Candidate]:
        """The best score per person at or above the cutoff, best first."""
        choices = self.keys.get(key[:1], [])
        owners = self.owners.get(key[:1], [])
        best: dict[str, Candidate] = {}
        for _, score, idx in process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            pid, weak = owners[idx]
            if pid not in best or score > best[pid].score:
                best[pid] = Candidate(pid, float(score), weak, fuzzy=True)
        return sorted(best.values(), key=lambda c: -c.score)


def decide(candidates: list[Candidate]) -> Candidate | None:
    """The single best candidate, or None when two people are within the margin."""
    if not candidates:
        return None
    if len(candidates) > 1 and candidates[1].score > candidates[0].score - MARGIN:
        return None
    return candidates[0]


def score_against(key: str, keys: list[str]) -> float:
    """The best ratio of a key against a few keys with the same first letter."""
    return max((fuzz.ratio(key, k) for k in keys if k[:1] == key[:1]), default=0.0)


def best_match(key: str, keys: list[str]) -> tuple[float, str]:
    """The best ratio of a key against some keys, whatever their first letter, and the key it matched."""
    found = process.extractOne(key, keys, scorer=fuzz.ratio) if keys else None
    return (float(found[1]), str(found[0])) if found else (0.0, "")


def best_ratio(key: str, keys: list[str]) -> float:
    """The best ratio of a key against some keys, whatever their first letter."""
    return best_match(key, keys)[0]


def is_common_word(word: str, lang: str) -> bool:
    """True when a word is in the language's dictionary (Austria, Trust, Gordon), so never fuzzy-matched."""
    low = word.lower()
    cyrillic = is_cyrillic(low)
    if lang in _SIMPLEMMA_LANGS and cyrillic == (lang in ("uk", "ru")):
        langs = [lang]
    else:
        langs = ["uk", "ru"] if cyrillic else ["en"]
    # English also lists common proper nouns (Austria, Gordon), so Latin words are checked there too.
    if not cyrillic and "en" not in langs:
        langs.append("en")
    # The low-memory reader holds the same dictionaries in ~40 MB instead of ~270 MB; lookups are rare here.
    return any(simplemma.is_known(low, lang=code, low_memory=True) for code in langs)


def load_dictionaries() -> None:
    """Load the four common-word dictionaries now (about 1.3 s), not inside the first article that needs one."""
    for code in _SIMPLEMMA_LANGS:
        simplemma.is_known("a", lang=code, low_memory=True)
