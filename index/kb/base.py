"""The knowledge base: people, their dated roles, and finding them in text."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from index.kb import loader
from index.kb.context import NameRules
from index.kb.fuzzy import MIN_LENGTH, decide
from index.kb.names import NameIndex, build_index
from index.kb.normalize import Token, name_key, tokenize
from index.kb.people import FuzzyLookup, PeopleFinder
from index.kb.roles import find_roles
from index.kb.types import Mention, Person, Role, RoleMention

DEFAULT_LANG = "en"
# A name typed by a user is short and unambiguous in intent, so a looser cutoff than in running text.
RESOLVE_CUTOFF = 75.0
SURNAME_WEIGHT = 2.0
GIVEN_WEIGHT = 0.5
PHRASE_BONUS = 1.0


class _Tables:
    """Indexes derived from the people; replaced whole when people are added, so readers never lock."""

    def __init__(self, people: list[Person]) -> None:
        self.names: NameIndex = build_index(people)
        self.fuzzy = FuzzyLookup(self.names)
        self.roles: dict[tuple[str, str], list[tuple[Role, str]]] = {}
        for person in people:
            for role in person.roles:
                self.roles.setdefault((role.office, role.country), []).append((role, person.id))
        for holders in self.roles.values():
            holders.sort(key=lambda item: item[0].start)


class KnowledgeBase:
    """People and roles from index/data, plus people learned at run time (kept in memory)."""

    def __init__(self, data: loader.KBData) -> None:
        self._data = data
        self._people: dict[str, Person] = {p.id: p for p in data.people}
        self._lock = threading.Lock()
        self._tables = _Tables(list(self._people.values()))
        self._rules = {lang: self._name_rules(lang) for lang in data.lexicons}

    @classmethod
    def load(cls, path: Path | None = None) -> KnowledgeBase:
        """Load a data directory (default: the packaged index/data) or a people.toml file."""
        return cls(loader.load(path))

    def _name_rules(self, lang: str) -> NameRules:
        """The place and title data of one language."""
        return NameRules(lang=lang, lex=self._data.lexicons[lang], place=self._data.place_words[lang],
                         place_names={name_key(n) for n in self._data.place_names}, regions=self._data.regions)

    def _lang(self, lang: str | None) -> str:
        """A language the data covers; English otherwise."""
        return lang if lang in self._data.lexicons else DEFAULT_LANG

    # -- people ---------------------------------------------------------------------------------

    def person(self, person_id: str) -> Person | None:
        """One person by id."""
        return self._people.get(person_id)

    def all_ids(self) -> list[str]:
        """Every person id, data first, then learned people."""
        return list(self._people)

    def display_name(self, person_id: str, lang: str) -> str:
        """The person's name in a language, the English name otherwise, the id for unknown ids."""
        person = self._people.get(person_id)
        if person is None:
            return person_id
        return person.names.get(lang) or person.name

    def add_person(self, person: Person) -> None:
        """Add or replace a person learned at run time."""
        self.add_people([person])

    def add_people(self, people: list[Person]) -> None:
        """Add or replace several people with one rebuild of the indexes."""
        with self._lock:
            for person in people:
                self._people[person.id] = person
            self._tables = _Tables(list(self._people.values()))

    # -- roles ------------------------------------------------------------------------------------

    def holders(self, office: str, country: str, day: date | None) -> list[str]:
        """People holding an office on a day, or everyone who ever held it (day None), earliest first."""
        found = self._tables.roles.get((office, country), [])
        ids = [pid for role, pid in found if day is None or role.covers(day)]
        return list(dict.fromkeys(ids))

    # -- text -------------------------------------------------------------------------------------

    def find_people(self, text: str, lang: str, tokens: list[Token] | None = None) -> list[Mention]:
        """People named in a whole document, non-overlapping, sorted by start; tokens: tokenize(text) if known."""
        tables = self._tables
        rules = self._rules[self._lang(lang)]
        words = tokenize(text) if tokens is None else tokens
        return PeopleFinder(tables.names, rules, tables.fuzzy, text, words).find()

    def find_roles(self, text: str, lang: str, tokens: list[Token] | None = None) -> list[RoleMention]:
        """Role phrases in a text ('the Russian defence minister'), sorted by start; tokens as for find_people."""
        words = tokenize(text) if tokens is None else tokens
        return find_roles(self._data.lexicons[self._lang(lang)], text, words)

    def resolve_name(self, name: str, lang: str | None = None) -> list[str]:
        """Ids a typed name may mean ('Austin', 'Шойгу', 'Ostin'), best first; [] if none."""
        tables = self._tables
        keys = [name_key(t.text) for t in tokenize(name) if t.text != ","]
        scores: dict[str, float] = {}
        named: set[str] = set()
        for key in keys:
            for pid, weight in self._word_scores(tables, key).items():
                scores[pid] = scores.get(pid, 0.0) + weight
                if weight >= SURNAME_WEIGHT * RESOLVE_CUTOFF / 100:
                    named.add(pid)
        for pid in list(scores):
            if len(keys) > 1 and tables.names.covers_phrase(pid, keys):
                scores[pid] += PHRASE_BONUS
                named.add(pid)
        pool = [p for p in scores if p in named] or list(scores)
        return sorted(pool, key=lambda p: (-scores[p], p))

    @staticmethod
    def _word_scores(tables: _Tables, key: str) -> dict[str, float]:
        """How strongly one typed word points at each person."""
        exact = tables.names.words.get(key)
        if exact:
            return {pid: SURNAME_WEIGHT if tables.names.is_surname(key, pid) else GIVEN_WEIGHT for pid in exact}
        if len(key) < MIN_LENGTH:
            return {}
        best = decide(tables.fuzzy(key, RESOLVE_CUTOFF))
        return {best.person_id: SURNAME_WEIGHT * best.score / 100} if best else {}
