"""Find role phrases ('the US and Russian defense ministers', 'глава Пентагону') in text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from index.kb.normalize import Token
from index.kb.rolelex import Head, Node, RoleLexicon
from index.kb.types import RoleMention

_LINK = re.compile(r"[ \t\u00a0]*|['’ʼ]")

# A matcher for one country item: (country code, index after it) or None.
Item = Callable[[int], "tuple[str, int] | None"]


@dataclass
class _Span:
    """A partial match: where it ends (token index) and the countries it names."""

    end: int
    countries: list[str] = field(default_factory=list)


class RoleFinder:
    """Matches one stretch of words (no punctuation between them) against one language's lexicon."""

    def __init__(self, lex: RoleLexicon, text: str, tokens: list[Token], keys: list[str]) -> None:
        self.lex = lex
        self.text = text
        self.tokens = tokens
        self.keys = keys  # lex.key of each token

    def find(self) -> list[RoleMention]:
        """Every role phrase, left to right, non-overlapping."""
        out: list[RoleMention] = []
        starters = self.lex.starters()
        i = 0
        while i < len(self.tokens):
            found = self._at(i) if self.keys[i] in starters else None
            if found is None:
                i += 1
                continue
            out.append(found[0])
            i = found[1]
        return out

    def _at(self, i: int) -> tuple[RoleMention, int] | None:
        """A role phrase starting at token i, with the index after it."""
        pre = self._group(i, self._pre_item)
        head = self._head(pre.end) if pre.countries else None
        if head is None:
            pre, head = _Span(i), self._head(i)
        if head is None:
            return None
        payload, walked = head
        post = self._post(walked.end)
        countries = _unique(pre.countries + walked.countries + post.countries)
        if not countries and payload.country:
            countries = [payload.country]
        last = max(walked.end, post.end) - 1
        plural = len(countries) > 1 or self._plural_head(pre.end, walked.end)
        s, e = self.tokens[i].start, self.tokens[last].end
        mention = RoleMention(start=s, end=e, surface=self.text[s:e], offices=list(payload.offices),
                              countries=countries, plural=plural, counterpart=payload.counterpart,
                              generic_minister=payload.generic)
        return mention, last + 1

    def _plural_head(self, first: int, end: int) -> bool:
        """True when the head noun is plural: a word before 'of', or the first word where the genitive rules."""
        last = first + 1
        if self.lex.of:
            last = next((p for p in range(first, end) if self.keys[p] in self.lex.of), end)
        return any(self.lex.is_plural(t.text) for t in self.tokens[first:last])

    # -- heads -----------------------------------------------------------------------------

    def _head(self, i: int) -> tuple[Head, _Span] | None:
        """The longest office, counterpart or generic head at token i; country adjectives may sit inside."""
        node: Node = self.lex.heads
        best: tuple[Head, _Span] | None = None
        mid: list[str] = []
        p = i
        while p < len(self.keys):
            if p > i:
                p = self._skip_optional(p)
                if p < len(self.keys) and self.keys[p] not in node.children:
                    slot = self._group(p, self._adjective)
                    mid, p = mid + slot.countries, slot.end
            if p >= len(self.keys) or self.keys[p] not in node.children:
                break
            node = node.children[self.keys[p]]
            p += 1
            if node.payload is not None:
                best = (node.payload, _Span(p, list(mid)))
        return best

    def _skip_optional(self, p: int) -> int:
        """Skip articles inside a phrase ('head of the Pentagon')."""
        while p < len(self.keys) and self.keys[p] in self.lex.optional:
            p += 1
        return p

    # -- countries -------------------------------------------------------------------------

    def _post(self, p: int) -> _Span:
        """Countries after a head: 'of Russia and the United States', 'України', 'russe et américain'."""
        if p >= len(self.keys):
            return _Span(p)
        for item, allowed in ((self._of_noun, bool(self.lex.of)), (self._noun, self.lex.post_genitive),
                              (self._adjective, self.lex.post_adjectives)):
            if allowed:
                span = self._group(p, item)
                if span.countries:
                    return span
        return _Span(p)

    def _group(self, p: int, step: Item) -> _Span:
        """A list of country items joined by connectors ('US and Russian', 'Франції, Британії та Туреччини')."""
        first = step(p)
        if first is None:
            return _Span(p)
        countries, end = [first[0]], first[1]
        while end < len(self.keys) and self.keys[end] in self.lex.connectors:
            nxt = step(end + 1)
            if nxt is None:
                break
            countries.append(nxt[0])
            end = nxt[1]
        return _Span(end, countries)

    def _pre_item(self, p: int) -> tuple[str, int] | None:
        """A country before a head: an adjective, or in English a noun with optional possessive."""
        found = self._adjective(p)
        if found is None and self.lex.possessive:
            found = self._walk(self.lex.nouns, p)
            if found is not None and self._is_possessive(found[1]):
                found = (found[0], found[1] + 1)
        return found

    def _is_possessive(self, p: int) -> bool:
        """True when token p is the s of an apostrophe-s."""
        return p < len(self.tokens) and self.keys[p] == "s" and self.text[self.tokens[p].start - 1] in "'’"

    def _of_noun(self, p: int) -> tuple[str, int] | None:
        """'of (the) Russia': an of-word, then a country noun; after a connector the of-word is optional."""
        q = self._skip_optional(p)
        if q < len(self.keys) and self.keys[q] in self.lex.of:
            return self._noun(q + 1)
        return self._noun(q) if p > 0 and self.keys[p - 1] in self.lex.connectors else None

    def _adjective(self, p: int) -> tuple[str, int] | None:
        """A country adjective at token p."""
        return self._walk(self.lex.adjectives, p)

    def _noun(self, p: int) -> tuple[str, int] | None:
        """A country noun at token p (articles skipped)."""
        return self._walk(self.lex.nouns, self._skip_optional(p))

    def _walk(self, root: Node, p: int) -> tuple[str, int] | None:
        """The longest country phrase in a trie starting at token p."""
        node, best = root, None
        while p < len(self.keys) and self.keys[p] in node.children:
            node = node.children[self.keys[p]]
            p += 1
            if node.payload is not None:
                best = (str(node.payload), p)
        return best


def _unique(items: list[str]) -> list[str]:
    """Drop repeats, keeping first-seen order."""
    return list(dict.fromkeys(items))


def stretches(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Cut the tokens wherever more than spaces or an apostrophe separate two ('WASHINGTON — Secretary')."""
    out: list[list[Token]] = []
    for t in tokens:
        # Most gaps are one space; the regex decides the rest.
        if out and (t.start == out[-1][-1].end + 1 and text[t.start - 1] == " "
                    or _LINK.fullmatch(text[out[-1][-1].end:t.start])):
            out[-1].append(t)
        else:
            out.append([t])
    return out


def find_roles(lex: RoleLexicon, text: str, tokens: list[Token]) -> list[RoleMention]:
    """Every role phrase in a text, in order, given its tokens (normalize.tokenize)."""
    starters = lex.starters()
    key = lex.key
    out: list[RoleMention] = []
    for part in stretches(text, tokens):
        keys = [key(t.text) for t in part]
        if not starters.isdisjoint(keys):
            out += RoleFinder(lex, text, part, keys).find()
    return out
