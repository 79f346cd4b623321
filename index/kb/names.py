"""The name index: which people each name word may belong to, built once from the people's aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.kb.fuzzy import FuzzyPool
from index.kb.normalize import fold, is_cyrillic, name_key, tokenize, transliterate
from index.kb.types import Person

MAX_CACHE = 100_000


def alias_keys(alias: str) -> tuple[str, ...]:
    """The name keys of an alias's words ('Сергієм Шойгу' -> ('серг', 'шоиг'))."""
    return tuple(name_key(t.text) for t in tokenize(alias) if t.text != ",")


def all_aliases(person: Person) -> list[str]:
    """Canonical name, display names and aliases, without repeats."""
    return list(dict.fromkeys([person.name, *person.names.values(), *person.aliases]))


@dataclass
class NameIndex:
    """Lookup tables from name keys to person ids."""

    words: dict[str, set[str]] = field(default_factory=dict)  # any alias word -> ids
    surnames: dict[str, set[str]] = field(default_factory=dict)  # one-word alias -> ids
    weak: set[tuple[str, str]] = field(default_factory=set)  # (id, key) of weak one-word aliases
    phrases: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # id -> multi-word alias keys
    own: dict[str, set[str]] = field(default_factory=dict)  # id -> every key of its aliases
    fuzzy_keys: dict[str, list[str]] = field(default_factory=dict)  # id -> surname keys for fuzzy matching
    fuzzy_initials: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # id -> first letter -> keys
    phrase_words: dict[str, set[str]] = field(default_factory=dict)  # id -> words of multi-word aliases
    acronyms: set[str] = field(default_factory=set)  # alias words written in capitals (AKK, III)
    key_cache: dict[str, str] = field(default_factory=dict)
    given_cache: dict[str, list[str]] = field(default_factory=dict)  # id -> given_keys(id)
    pool: FuzzyPool = field(default_factory=FuzzyPool)

    def add(self, person: Person) -> None:
        """Index one person's aliases."""
        self.given_cache.clear()
        weak = {name_key(w) for w in person.weak}
        own = self.own.setdefault(person.id, set())
        for alias in all_aliases(person):
            keys = alias_keys(alias)
            if not keys:
                continue
            own.update(keys)
            for key in keys:
                self.words.setdefault(key, set()).add(person.id)
            self.acronyms.update(t.text for t in tokenize(alias) if t.text.isupper())
            if len(keys) == 1:
                self._add_surname(person.id, alias, keys[0], keys[0] in weak)
            else:
                self.phrases.setdefault(person.id, set()).add(keys)
                self.phrase_words.setdefault(person.id, set()).update(t.text for t in tokenize(alias))

    def _add_surname(self, person_id: str, alias: str, key: str, weak: bool) -> None:
        """Index a one-word alias, plus its romanisation for fuzzy matching of translated text."""
        self.surnames.setdefault(key, set()).add(person_id)
        if weak:
            self.weak.add((person_id, key))
        fuzzy = [key, fold(alias)]
        if is_cyrillic(alias):
            fuzzy.append(transliterate(alias))
        mine = self.fuzzy_keys.setdefault(person_id, [])
        for k in dict.fromkeys(fuzzy):
            if k not in mine:
                mine.append(k)
                self.fuzzy_initials.setdefault(person_id, {}).setdefault(k[:1], []).append(k)
                self.pool.add(k, person_id, weak)

    def key(self, word: str) -> str:
        """name_key, cached: the same capitalised words recur in every article."""
        hit = self.key_cache.get(word)
        if hit is None:
            if len(self.key_cache) >= MAX_CACHE:
                self.key_cache.clear()
            hit = self.key_cache[word] = name_key(word)
        return hit

    def given_keys(self, person_id: str) -> list[str]:
        """Keys of the person's other name words (given names), plus romanisations of Cyrillic ones; do not modify."""
        hit = self.given_cache.get(person_id)
        if hit is None:
            hit = self.given_cache[person_id] = self._given_keys(person_id)
        return hit

    def _given_keys(self, person_id: str) -> list[str]:
        """given_keys, computed."""
        out: list[str] = []
        for word in self.phrase_words.get(person_id, ()):
            key = name_key(word)
            if not self.is_surname(key, person_id):
                out += [key, transliterate(word)] if is_cyrillic(word) else [key]
        return list(dict.fromkeys(out))

    def is_surname(self, key: str, person_id: str) -> bool:
        """True when a key is a one-word alias of that person."""
        return person_id in self.surnames.get(key, ())

    def covers_phrase(self, person_id: str, keys: list[str]) -> bool:
        """True when a run of keys contains all words of one of the person's multi-word aliases."""
        have = set(keys)
        return any(set(p) <= have for p in self.phrases.get(person_id, ()))


def build_index(people: list[Person]) -> NameIndex:
    """Index every person."""
    index = NameIndex()
    for person in people:
        index.add(person)
    return index
