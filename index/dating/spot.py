"""Find date phrases with the per-language regex and resolve each one."""

from __future__ import annotations

import re
from datetime import date, datetime

from index.dating import fallback
from index.dating.lexicon import SUPPORTED, lexicon
from index.dating.patterns import patterns
from index.dating.phrase import DatePhrase
from index.dating.resolve import Resolved, resolve_match
from index.models import DateValue

# How far back a future cue ("will", "prévu", "планується") may sit before the date it governs.
CUE_WINDOW = 100
SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")


def as_day(when: date | None) -> date | None:
    """Drop the time of a datetime (a datetime is a date, but the two do not compare)."""
    return when.date() if isinstance(when, datetime) else when


def cue_before(text: str, start: int, end: int, cue: re.Pattern[str]) -> bool:
    """Whether a future cue sits earlier in the same sentence, close to the phrase, or opens it ("runs through")."""
    first = max(0, start - CUE_WINDOW)
    window = text[first:end]
    ends = [m.end() for m in SENTENCE_END.finditer(window, 0, start - first)]
    return bool(cue.search(window, ends[-1] if ends else 0))


def is_future(found: Resolved, ref: date | None) -> bool:
    """A phrase points forward if its value lies after ref, or if it is marked so and not wholly before ref."""
    value = found.value
    if value is None or ref is None:
        return found.marked_future
    return value.lo > ref or (found.marked_future and value.hi >= ref)


def _phrase(m: re.Match[str], found: Resolved, ref: date | None) -> DatePhrase:
    """Build the public phrase from a match and its resolution."""
    return DatePhrase(
        start=m.start(),
        end=m.end(),
        text=m.group(),
        value=found.value,
        kind=found.kind,
        future=is_future(found, ref),
        anaphoric=found.anaphoric,
    )


def find_date_phrases(text: str, lang: str, published: date | None, start: int = 0,
                      end: int | None = None) -> list[DatePhrase]:
    """Spot date phrases with our own patterns and resolve each against the publication date.

    ``start`` and ``end`` bound the search to part of the text (a sentence); offsets still index the whole text,
    and the words before ``start`` still count as context.
    """
    if lang not in SUPPORTED:
        return []
    ref = as_day(published)
    pats, lex = patterns(lang), lexicon(lang)
    phrases = []
    for m in pats.spot.finditer(text, start, len(text) if end is None else end):
        found = resolve_match(m, lex, ref, cue_before(text, m.start(), m.end(), pats.future_cue))
        if found is not None:
            phrases.append(_phrase(m, found, ref))
    return phrases


def resolve_phrase(text: str, lang: str, published: date | None) -> DateValue | None:
    """Resolve one phrase: our own rules when they read all of it, dateparser when they read none."""
    if lang not in SUPPORTED:
        return None
    ref = as_day(published)
    stripped = text.strip()
    m = patterns(lang).spot.fullmatch(stripped)
    if m is None:
        return fallback.resolve(stripped, lang, ref)
    found = resolve_match(m, lexicon(lang), ref, False)
    return found.value if found else None
