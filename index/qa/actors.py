"""The people a question asks about (names and role phrases) and the side that initiated the contact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.extract.lexicon import Lexicon
from index.kb.fuzzy import is_common_word
from index.kb.normalize import name_key, tokenize
from index.kb.types import RoleMention
from index.qa.cues import QuestionCues
from index.qa.question import QActor

if TYPE_CHECKING:
    from index.kb import KnowledgeBase

Span = tuple[int, int]

_TOKEN = re.compile(r"\w[\w'’-]*\w|\w")
_ROLE_NAME_GAP = re.compile(r"^[\s,]*$")  # "Russian Defence Minister, Shoigu": the role and the name are one actor
_WORD_START = re.compile(r"(?<!\w)\w")
INITIATOR_REACH = 60  # characters around an initiator cue where its side is looked for
MIN_NAME_LEN = 3


@dataclass(frozen=True)
class Found:
    """An actor with its offsets in the question text."""

    start: int
    end: int
    actor: QActor


def _overlaps(start: int, end: int, spans: list[Span]) -> bool:
    """Whether [start, end) overlaps any span."""
    return any(start < e and s < end for s, e in spans)


def _people(text: str, lang: str, kb: KnowledgeBase, masked: list[Span]) -> list[Found]:
    """Name mentions, one actor per span, with every candidate id in score order."""
    by_span: dict[Span, list[tuple[float, str]]] = {}
    for m in kb.find_people(text, lang):
        if not _overlaps(m.start, m.end, masked):
            by_span.setdefault((m.start, m.end), []).append((m.score, m.person_id))
    found = []
    for (start, end), scored in sorted(by_span.items()):
        ids = list(dict.fromkeys(pid for _, pid in sorted(scored, key=lambda s: -s[0])))
        found.append(Found(start, end, QActor(surface=text[start:end], ids=ids)))
    return found


def _with_roles(text: str, lang: str, kb: KnowledgeBase, people: list[Found], masked: list[Span]) -> list[Found]:
    """Add role phrases; a role right before or around a name describes that person rather than another one."""
    out = list(people)
    for role in kb.find_roles(text, lang):
        if _overlaps(role.start, role.end, masked):
            continue
        person = _named_by(text, role, out)
        if person is None:
            out.append(Found(role.start, role.end, QActor(surface=role.surface, role=role)))
            continue
        start, end = min(role.start, person.start), max(role.end, person.end)
        merged = QActor(surface=text[start:end], ids=person.actor.ids, role=role)
        out[out.index(person)] = Found(start, end, merged)
    return out


def _named_by(text: str, role: RoleMention, found: list[Found]) -> Found | None:
    """The name a role phrase is attached to: overlapping it, or right after it."""
    for f in found:
        if not f.actor.ids:
            continue
        if role.start < f.end and f.start < role.end:
            return f
        if f.start >= role.end and _ROLE_NAME_GAP.match(text[role.end:f.start]):
            return f
    return None


def _name_candidates(text: str, folded: str, cues: QuestionCues, taken: list[Span]) -> list[Span]:
    """Bare words that may be names the knowledge base can resolve: capitalised ones, or all when typed lower-case."""
    lower_only = not any(ch.isupper() for ch in text)
    spans = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if len(word) < MIN_NAME_LEN or word.isdigit() or _overlaps(m.start(), m.end(), taken):
            continue
        if folded[m.start():m.end()] in cues.not_names:
            continue
        if lower_only or word[0].isupper():
            spans.append((m.start(), m.end()))
    return spans


def _exact_ids(kb: KnowledgeBase, word: str, ids: list[str]) -> list[str]:
    """The candidates one of whose names contains exactly this word (case endings aside)."""
    key = name_key(word)
    out = []
    for pid in ids:
        person = kb.person(pid)
        if person is None:
            continue
        spellings = [person.name, *person.names.values(), *person.aliases]
        if any(name_key(t.text) == key for s in spellings for t in tokenize(s)):
            out.append(pid)
    return out


def _may_be_misspelt_name(word: str, lang: str, shouting: bool) -> bool:
    """Whether a fuzzy match is worth trusting: not a dictionary word (Paris) nor an acronym (NATO)."""
    acronym = word.isupper() and not shouting
    return not acronym and not is_common_word(word, lang)


def _resolved(text: str, lang: str, kb: KnowledgeBase, spans: list[Span]) -> list[Found]:
    """Words the knowledge base resolves to people when the mention finder missed them ("austin", "Shoigoo")."""
    shouting = text.isupper()
    out = []
    for start, end in spans:
        word = text[start:end]
        ids = kb.resolve_name(word, lang)
        ids = _exact_ids(kb, word, ids) or (ids if ids and _may_be_misspelt_name(word, lang, shouting) else [])
        if ids:
            out.append(Found(start, end, QActor(surface=word, ids=ids)))
    return out


def _dedupe(found: list[Found]) -> list[Found]:
    """One actor per person or role phrase, in the order of first mention."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for f in sorted(found, key=lambda f: f.start):
        key = tuple(f.actor.ids) if f.actor.ids else ("role", f.actor.surface.casefold())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def find_actors(
    text: str, folded: str, lang: str, kb: KnowledgeBase, cues: QuestionCues, masked: list[Span], cue_spans: list[Span]
) -> list[Found]:
    """Names and role phrases outside the masked spans (dates, epochs), in order of mention."""
    found = _with_roles(text, lang, kb, _people(text, lang, kb, masked), masked)
    taken = masked + cue_spans + [(f.start, f.end) for f in found]
    found += _resolved(text, lang, kb, _name_candidates(text, folded, cues, taken))
    return _dedupe(found)


def _countries(text: str, lexicon: Lexicon, start: int, end: int, taken: list[Span]) -> list[tuple[int, str]]:
    """Country words in text[start:end] outside actors; a lower-cased "russian" counts, a lower-cased "us" does not."""
    region = text[start:end]
    capitalised = _WORD_START.sub(lambda m: m.group().upper(), region)
    hits: list[tuple[int, str]] = []
    for variant in (region, capitalised if len(capitalised) == len(region) else region):
        for m in lexicon.countries.finditer(variant):
            pos = start + m.start()
            if not _overlaps(pos, start + m.end(), taken) and all(p != pos for p, _ in hits):
                hits.append((pos, lexicon.country_of(m)))
    return hits


Side = QActor | str
Candidate = tuple[int, Side, Found | None]


def _as_side(f: Found) -> Candidate:
    """An actor as an initiator; a role naming only a country ("the Russian side") is that country."""
    role = f.actor.role
    if not f.actor.ids and role is not None and not role.offices and len(role.countries) == 1:
        if not (role.counterpart or role.generic_minister):
            return f.start, role.countries[0], f
    return f.start, f.actor, None


def _nearest(candidates: list[Candidate], nearest_last: bool) -> tuple[Side | None, Found | None]:
    """The candidate closest to the cue, and the actor to drop when it stood for a country."""
    if not candidates:
        return None, None
    _, side, used = sorted(candidates, key=lambda c: c[0])[-1 if nearest_last else 0]
    return side, used


def _candidates(text: str, lexicon: Lexicon, found: list[Found], lo: int, hi: int) -> list[Candidate]:
    """Actors and country words starting in [lo, hi)."""
    spans = [(f.start, f.end) for f in found]
    people = [_as_side(f) for f in found if lo <= f.start < hi]
    return people + [(pos, code, None) for pos, code in _countries(text, lexicon, lo, hi, spans)]


def find_initiator(
    text: str, folded: str, cues: QuestionCues, lexicon: Lexicon, found: list[Found]
) -> tuple[Side | None, list[Found]]:
    """The person or country ("ru") said to have asked for the contact, and the actors left as participants."""
    after = cues.init_after.search(folded)
    if after is not None:
        lo = after.end()
        side, used = _nearest(_candidates(text, lexicon, found, lo, min(len(text), lo + INITIATOR_REACH)), False)
    elif (before := cues.init_before.search(folded)) is not None:
        hi = before.start()
        side, used = _nearest(_candidates(text, lexicon, found, max(0, hi - INITIATOR_REACH), hi), True)
    else:
        return None, found
    return side, [f for f in found if f is not used]
