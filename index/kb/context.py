"""Document rules that tell a person's bare surname from a namesake or a place (Austin Tice, Austin, Texas)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.kb.fuzzy import MIN_LENGTH, is_common_word
from index.kb.loader import PlaceWords
from index.kb.names import NameIndex
from index.kb.normalize import Token, fold, is_acronym, is_capitalised
from index.kb.rolelex import RoleLexicon

_GAP = re.compile(r"[ \t\u00a0]{1,3}")
_DOTTED_GAP = re.compile(r"\.?[ \t\u00a0]{0,3}")
_SENTENCE_BREAK = re.compile(r"[.!?\n«“\"]")
# A line where most long words are capitalised is a headline: capitals there say nothing.
_HEADLINE_SHARE = 0.75
_HEADLINE_MIN = 3
# English capitalises weekdays and months; next to a name they are dates, not another person's name.
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


@dataclass
class Found:
    """A resolved name: token span, person, score, full name or bare surname, weak alias or not."""

    first: int
    last: int
    person_id: str
    score: float
    full: bool
    weak: bool = False


@dataclass
class NameRules:
    """The data the rules need for one language."""

    lang: str
    lex: RoleLexicon
    place: PlaceWords
    place_names: set[str]  # name keys of surnames that are also places
    regions: set[str]  # folded names of regions that follow a town ("Austin, Texas")


class DocRules:
    """The rules applied to one document's tokens."""

    def __init__(self, rules: NameRules, text: str, tokens: list[Token], keys: list[str]) -> None:
        self.rules = rules
        self.text = text
        self.tokens = tokens
        self.keys = keys
        self._headlines: dict[int, bool] = {}
        self._shapes: dict[int, bool] = {}

    # -- word shape and neighbourhood ---------------------------------------------------------

    def gap(self, i: int, j: int) -> str:
        """The text between tokens i and j."""
        return self.text[self.tokens[i].end:self.tokens[j].start]

    def adjacent(self, i: int, j: int) -> bool:
        """True when only a space (or the dot of an initial) separates two words."""
        if i < 0 or j >= len(self.tokens):
            return False
        gap = self.gap(i, j)
        if _GAP.fullmatch(gap):
            return True
        word = self.tokens[i].text
        return (len(word) == 1 or "." in word) and bool(_DOTTED_GAP.fullmatch(gap))

    def titled(self, i: int) -> bool:
        """True when a title or role word stands right before token i ('Secretary Austin', 'Russia's Lavrov')."""
        h = i - 1
        if h < 0 or not _DOTTED_GAP.fullmatch(self.gap(h, i)):
            return False
        if self.tokens[h].text == "s" and h > 0 and self.gap(h - 1, h) in ("'", "’"):
            h -= 1
        return self.rules.lex.key(self.tokens[h].text) in self.rules.lex.titles

    def fuzzy_shape(self, i: int) -> bool:
        """True for capitalised, long-enough words that are no acronym or title: fuzzy matching may try them."""
        # Both passes over a document ask about the same words.
        known = self._shapes.get(i)
        if known is None:
            known = self._shapes[i] = self._fuzzy_shape(i)
        return known

    def _fuzzy_shape(self, i: int) -> bool:
        word = self.tokens[i].text
        if not self.keys[i] or len(self.keys[i]) < MIN_LENGTH or is_acronym(word) or word.isupper():
            return False
        return self.rules.lex.key(word) not in self.rules.lex.titles

    def common_word(self, i: int) -> bool:
        """True when the word is in the language's dictionary (slow the first time: checked last)."""
        return is_common_word(self.tokens[i].text, self.rules.lang)

    def headline(self, i: int) -> bool:
        """True when token i sits on a title-case line."""
        start = self.text.rfind("\n", 0, self.tokens[i].start) + 1
        if start not in self._headlines:
            end = self.text.find("\n", start)
            line = self.text[start:end if end >= 0 else len(self.text)]
            long = re.findall(r"[^\W\d_]{4,}", line)
            caps = sum(1 for w in long if w[0].isupper())
            # A line that ends like a sentence is prose full of names, not a title-case headline.
            sentence = line.rstrip().endswith((".", "!", "?", "»", "\u201d", '"'))
            self._headlines[start] = (not sentence and caps >= _HEADLINE_MIN
                                      and caps >= _HEADLINE_SHARE * len(long))
        return self._headlines[start]

    def sentence_initial(self, i: int) -> bool:
        """True when token i starts a sentence."""
        return i == 0 or bool(_SENTENCE_BREAK.search(self.gap(i - 1, i)))

    # -- namesakes and places -------------------------------------------------------------------

    def other_entity(self, f: Found, index: NameIndex) -> bool:
        """A bare surname glued to a capitalised word that is not this person's: 'Austin Tice', 'Gordon Brown'."""
        i, own = f.first, index.own.get(f.person_id, set())
        if self.headline(i):
            return False
        nxt = i + 1
        if self.adjacent(i, nxt) and self._foreign_word(nxt, index) and self.keys[nxt] not in own:
            return True
        # Before the surname, only weak ones (Brown, Johnson) are at risk: for others a capitalised word
        # there is more often a variant given name ("Гакан Фідан") than a namesake.
        prev = i - 1
        if not f.weak or not (prev >= 0 and _GAP.fullmatch(self.gap(prev, i)) and self._foreign_word(prev, index)):
            return False
        if self.titled(i):
            return False
        return not (self.sentence_initial(prev) and is_common_word(self.tokens[prev].text, self.rules.lang))

    def _foreign_word(self, i: int, index: NameIndex) -> bool:
        """A capitalised word that is no surname, acronym, title or calendar word ('on Friday Wang met…')."""
        word = self.tokens[i].text
        if not is_capitalised(word) or is_acronym(word) or self.keys[i] in index.surnames:
            return False
        if word.lower() in CALENDAR_WORDS:
            return False
        return self.rules.lex.key(word) not in self.rules.lex.titles

    def is_place(self, f: Found) -> bool:
        """A surname that is also a town, used as one: 'AUSTIN, Texas', 'in Austin', 'come to Austin'."""
        i = f.first
        if self.keys[i] not in self.rules.place_names:
            return False
        nxt = i + 1
        if nxt < len(self.tokens) and self.gap(i, nxt).strip() == "," and fold(self.tokens[nxt].text) in self.rules.regions:
            return True
        words = self.rules.place
        prev = [fold(t.text) for t in self.tokens[max(0, i - 2):i]]
        if prev and prev[-1] in words.before:
            return True
        return len(prev) == 2 and prev[1] in words.motion_prepositions and prev[0] in words.motion_verbs

    # -- the document-level decision --------------------------------------------------------------

    def filter(self, found: list[Found], index: NameIndex) -> list[Found]:
        """Drop namesakes, places, and weak or contested bare surnames of people never fully named."""
        rejected: set[int] = set()
        other_keys: set[str] = set()
        for n, f in enumerate(found):
            if not f.full and (self.other_entity(f, index) or self.is_place(f)):
                rejected.add(n)
                other_keys.add(self.keys[f.first])
        anchored = {f.person_id for n, f in enumerate(found)
                    if f.full or (n not in rejected and self.titled(f.first))}
        strong = [f for n, f in enumerate(found) if n not in rejected and (f.full or not f.weak)]
        kept = []
        for n, f in enumerate(found):
            if n in rejected:
                continue
            if not f.full and f.person_id not in anchored:
                if self.keys[f.first] in other_keys or (f.weak and not self._in_company(f, strong)):
                    continue
            kept.append(f)
        return kept

    def _in_company(self, f: Found, strong: list[Found]) -> bool:
        """True when another person is surely named in the same sentence ('Austin spoke with Shoigu')."""
        return any(o.person_id != f.person_id and self._same_sentence(o.first, f.first) for o in strong)

    def _same_sentence(self, i: int, j: int) -> bool:
        """True when no sentence break lies between tokens i and j."""
        a, b = sorted((i, j))
        return not _SENTENCE_BREAK.search(self.text, self.tokens[a].end, self.tokens[b].start)
