"""The time a question asks about: date phrases and named epochs, bounded by words like "before" and "since"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from index.dates import find_date_phrases
from index.models import DateValue
from index.qa.cues import BOUNDS, Epoch, QuestionCues
from index.qa.question import TimeWindow

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Moment:
    """A date phrase or a named epoch found in the question, with its offsets in the question text."""

    start: int
    end: int
    value: DateValue
    epoch: bool = False


@dataclass
class _Bounds:
    """The window being built: named spans widen it, bound words narrow it."""

    named: list[DateValue] = field(default_factory=list)
    lows: list[date] = field(default_factory=list)
    highs: list[date] = field(default_factory=list)
    range_open: bool = False
    pending_hi: date | None = None

    def window(self) -> TimeWindow | None:
        """The intersection of every bound with the union of the named spans."""
        lows = self.lows + ([min(v.lo for v in self.named)] if self.named else [])
        highs = self.highs + ([max(v.hi for v in self.named)] if self.named else [])
        if not lows and not highs:
            return None
        return TimeWindow(lo=max(lows) if lows else None, hi=min(highs) if highs else None)

    def day(self) -> date | None:
        """The one day asked about, when the question names exactly one day and nothing wider."""
        if len(self.named) == 1 and self.named[0].precision == "day" and self.named[0].lo == self.named[0].hi:
            return self.named[0].lo
        return None


def find_moments(text: str, folded: str, lang: str, today: date, epochs: list[Epoch]) -> list[Moment]:
    """Date phrases and epochs in the question; a date phrase inside an epoch's words is part of the epoch."""
    found = [
        Moment(m.start(), m.end(), DateValue(lo=e.day, hi=e.day, precision="day"), epoch=True)
        for e in epochs
        if (pattern := e.patterns.get(lang)) is not None
        for m in pattern.finditer(folded)
    ]
    for phrase in find_date_phrases(text, lang, today):
        if phrase.value is None:
            continue
        if not any(e.start < phrase.end and phrase.start < e.end for e in found if e.epoch):
            found.append(Moment(phrase.start, phrase.end, phrase.value))
    return sorted(found, key=lambda m: m.start)


def _bound_word(folded: str, moment: Moment, cues: QuestionCues, range_open: bool) -> str | None:
    """The word opening the moment, else the one right before it; after "between"/"since" a joining word first.

    A preposition the date phrase starts with ("on May 2") governs it, whatever precedes ("talk to on May 2").
    """
    kinds = ("join", *BOUNDS) if range_open else BOUNDS
    for kind in kinds:
        if cues.bounds[kind][1].match(folded, moment.start, moment.end):
            return kind
    for kind in kinds:
        if cues.bounds[kind][0].search(folded, 0, moment.start):
            return kind
    return None


def _apply(bounds: _Bounds, kind: str | None, moment: Moment) -> None:
    """Narrow or widen the window by one moment; an epoch is an instant, so "after" it includes its day."""
    value = moment.value
    if kind == "join" and bounds.range_open:
        bounds.highs.append(value.hi)
    elif kind == "before":
        bounds.highs.append(value.lo - ONE_DAY)
    elif kind == "until":
        bounds.highs.append(value.hi)
    elif kind == "after":
        bounds.lows.append(value.lo if moment.epoch else value.hi + ONE_DAY)
    elif kind in ("since", "between"):
        bounds.lows.append(value.lo)
    elif not moment.epoch:  # "during", "join" outside a range, or no word at all
        bounds.named.append(value)  # an epoch named without a bound word is a topic, not a time
    # "between March and May 2022" may come as one phrase: its own end closes the range unless a second phrase does.
    bounds.pending_hi = value.hi if kind == "between" else None
    bounds.range_open = kind in ("since", "between")


def read_window(folded: str, moments: list[Moment], cues: QuestionCues) -> tuple[TimeWindow | None, date | None, list[Moment]]:
    """The window and single day a question asks about, and the moments that set them."""
    bounds = _Bounds()
    used = []
    for moment in moments:
        kind = _bound_word(folded, moment, cues, bounds.range_open)
        if moment.epoch and kind in (None, "join") and not bounds.range_open:
            continue
        _apply(bounds, kind, moment)
        used.append(moment)
    if bounds.pending_hi is not None:
        bounds.highs.append(bounds.pending_hi)
    return bounds.window(), bounds.day(), used
