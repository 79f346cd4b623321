"""Role-phrase lexicons built from index/data/roles/<lang>.toml: a word trie plus country and title sets."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from index.kb.normalize import fold, tokenize, word_key

MAX_CACHE = 100_000


@dataclass(frozen=True)
class Head:
    """What a role head means: the offices, a default country, and whether it is generic."""

    offices: tuple[str, ...] = ()
    country: str | None = None
    counterpart: bool = False
    generic: bool = False


@dataclass
class Node:
    """A trie node over word keys; payload is set where a phrase ends."""

    children: dict[str, Node] = field(default_factory=dict)
    payload: Any = None


def _insert(root: Node, keys: list[str], payload: Any) -> None:
    """Add one key sequence to a trie; the first payload for a sequence wins."""
    node = root
    for key in keys:
        node = node.children.setdefault(key, Node())
    if node.payload is None:
        node.payload = payload


def expand(phrase: str) -> list[str]:
    """Expand 'head|chief of the Pentagon' into every combination of its alternatives."""
    options = [word.split("|") for word in phrase.split()]
    return [" ".join(combo) for combo in itertools.product(*options)]


@dataclass
class RoleLexicon:
    """One language's role vocabulary, keyed by stems so inflected and plural forms match."""

    lang: str
    same: dict[str, str]
    optional: set[str]
    connectors: set[str]
    of: set[str]
    possessive: bool
    post_genitive: bool
    post_adjectives: bool
    plural: set[str]
    heads: Node = field(default_factory=Node)
    adjectives: Node = field(default_factory=Node)
    nouns: Node = field(default_factory=Node)
    titles: set[str] = field(default_factory=set)
    cache: dict[str, str] = field(default_factory=dict)  # word -> key; words repeat across texts
    _starters: set[str] = field(default_factory=set)

    def key(self, word: str) -> str:
        """The comparison key of a word in this language."""
        hit = self.cache.get(word)
        if hit is None:
            if len(self.cache) >= MAX_CACHE:
                self.cache.clear()
            k = word_key(word, self.lang)
            hit = self.cache[word] = self.same.get(k, k)
        return hit

    def keys(self, phrase: str) -> list[str]:
        """Keys of a data phrase, without the optional words (articles)."""
        return [k for k in (self.key(t.text) for t in tokenize(phrase)) if k not in self.optional]

    def starters(self) -> set[str]:
        """Keys that can begin a role phrase: a head word or a country word."""
        if not self._starters:
            first = set(self.heads.children) | set(self.adjectives.children)
            self._starters = first | (set(self.nouns.children) if self.possessive else set())
        return self._starters

    def is_plural(self, word: str) -> bool:
        """True when a word is a plural form of a role head."""
        return fold(word) in self.plural


def _heads(lex: RoleLexicon, data: dict[str, Any]) -> None:
    """Load office terms, counterpart words and generic minister words into the head trie."""
    for group in data.get("offices", []):
        head = Head(offices=tuple(group["offices"]), country=group.get("country"))
        for term in group["terms"]:
            for phrase in expand(term):
                _insert(lex.heads, lex.keys(phrase), head)
    for kind, head in (("counterpart", Head(counterpart=True)), ("generic", Head(generic=True))):
        for phrase in data.get(kind, []):
            _insert(lex.heads, lex.keys(phrase), head)


def _countries(lex: RoleLexicon, data: dict[str, Any]) -> None:
    """Load country adjectives and nouns into their tries."""
    for code, forms in data.get("countries", {}).items():
        for phrase in forms.get("adjectives", []):
            _insert(lex.adjectives, lex.keys(phrase), code)
        for phrase in forms.get("nouns", []):
            _insert(lex.nouns, lex.keys(phrase), code)


def _titles(lex: RoleLexicon, data: dict[str, Any]) -> set[str]:
    """Words that, right before a surname, show it names a person ('Secretary', 'chief', 'Russia's')."""
    words = [lex.key(w) for w in data.get("titles", [])]
    for term in data.get("offices", []):
        words += [lex.keys(p)[-1] for t in term["terms"] for p in expand(t) if lex.keys(p)]
    for kind in ("counterpart", "generic"):
        words += [lex.keys(p)[-1] for p in data.get(kind, []) if lex.keys(p)]
    for forms in data.get("countries", {}).values():
        words += [lex.keys(p)[-1] for p in forms.get("adjectives", []) + forms.get("nouns", []) if lex.keys(p)]
    return set(words)


def build_lexicon(lang: str, data: dict[str, Any]) -> RoleLexicon:
    """Build one language's lexicon from its parsed TOML."""
    lex = RoleLexicon(
        lang=lang,
        same={fold(k): fold(v) for k, v in data.get("same", {}).items()},
        optional=set(),
        connectors=set(),
        of=set(),
        possessive=bool(data.get("possessive", False)),
        post_genitive=bool(data.get("post_genitive", False)),
        post_adjectives=bool(data.get("post_adjectives", False)),
        plural={fold(w) for w in data.get("plural", [])},
    )
    lex.optional = {lex.key(w) for w in data.get("optional", [])}
    lex.connectors = {lex.key(w) for w in data.get("connectors", [])}
    lex.of = {lex.key(w) for w in data.get("of", [])}
    _heads(lex, data)
    _countries(lex, data)
    lex.titles = _titles(lex, data)
    return lex
