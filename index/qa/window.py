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
    kind: str  # the date phrase's kind ("range", "month", ...) or "epoch"

    @property
    def epoch(self) -> bool:
        """Whether this is a named epoch, an instant rather than a span."""
        return self.kind == "epoch"


@dataclass
class _Bounds:
    """The window being built: named spans widen it, bound words narrow it."""

    named: list[DateValue] = field(default_factory=list)
    lows: list[date] = field(default_factory=list)
    highs: list[date] = field(default_factory=list)
    open_start: DateValue | None = None  # "between X and …", "from X to …" waiting for its end
    open_kind: str | None = None

    def open(self, kind: str, value: DateValue) -> None:
        """Start a range that a following joined moment may close."""
        self.close()
        self.open_start, self.open_kind = value, kind

    def close(self, end: DateValue | None = None) -> None:
        """End the open range at a moment, or alone: "since X" leaves the end open, "between X" is X itself."""
        start = self.open_start
        if start is None:
            return
        if end is not None:
            self.lows.append(_year_before(start, end).lo)
            self.highs.append(end.hi)
        else:
            self.lows.append(start.lo)
            if self.open_kind == "between":
                self.highs.append(start.hi)
        self.open_start = self.open_kind = None

    def window(self) -> TimeWindow | None:
        """The intersection of every bound with the union of the named spans."""
        self.close()
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


def _year_before(start: DateValue, end: DateValue) -> DateValue:
    """A range's start takes the end's year when it would otherwise come after it ("from March to May 2022")."""
    if start.lo <= end.hi:
        return start
    years = start.lo.year - end.hi.year + (1 if (start.lo.month, start.lo.day) > (end.hi.month, end.hi.day) else 0)
    try:
        return DateValue(lo=start.lo.replace(year=start.lo.year - years), hi=start.hi.replace(year=start.hi.year - years),
                         precision=start.precision)
    except ValueError:  # 29 February in a year without one
        return start


def find_moments(text: str, folded: str, lang: str, today: date, epochs: list[Epoch]) -> list[Moment]:
    """Date phrases and epochs in the question; a date phrase inside an epoch's words is part of the epoch."""
    found = [
        Moment(m.start(), m.end(), DateValue(lo=e.day, hi=e.day, precision="day"), "epoch")
        for e in epochs
        if (pattern := e.patterns.get(lang)) is not None
        for m in pattern.finditer(folded)
    ]
    for phrase in find_date_phrases(text, lang, today):
        if phrase.value is None:
            continue
        if not any(e.start < phrase.end and phrase.start < e.end for e in found):
            found.append(Moment(phrase.start, phrase.end, phrase.value, phrase.kind))
    return sorted(found, key=lambda m: m.start)


def _bound_word(folded: str, moment: Moment, cues: QuestionCues, range_open: bool) -> str | None:
    """The word opening the moment, else the one right before it; after "between"/"since" a joining word first.

    A preposition the date phrase starts with ("on May 2") governs it, whatever precedes ("talk to on May 2").
    """
    kinds = ("join", *BOUNDS) if range_open else BOUNDS
    for kind in kinds:
        if cues.bounds[kind].head.match(folded, moment.start, moment.end):
            return kind
    for kind in kinds:
        if cues.bounds[kind].tail.search(folded, 0, moment.start):
            return kind
    return None


def _apply(bounds: _Bounds, kind: str | None, moment: Moment) -> None:
    """Narrow or widen the window by one moment; an epoch is an instant, so "after" it includes its day."""
    value = moment.value
    if kind == "join" and bounds.open_start is not None:
        bounds.close(value)
        return
    bounds.close()
    if kind == "before":
        bounds.highs.append(value.lo - ONE_DAY)
    elif kind == "until":
        bounds.highs.append(value.hi)
    elif kind == "after":
        bounds.lows.append(value.lo if moment.epoch else value.hi + ONE_DAY)
    elif kind in ("since", "between") and moment.kind != "range":
        bounds.open(kind, value)
    elif not moment.epoch:  # "during", a whole range phrase, "join" outside a range, or no word at all
        bounds.named.append(value)


def read_window(folded: str, moments: list[Moment], cues: QuestionCues) -> tuple[TimeWindow | None, date | None, list[Moment]]:
    """The window and single day a question asks about, and the moments that set them."""
    bounds = _Bounds()
    used = []
    for moment in moments:
        kind = _bound_word(folded, moment, cues, bounds.open_start is not None)
        if moment.epoch and kind in (None, "join", "during") and bounds.open_start is None:
            continue  # an epoch named without a bound word is a topic, not a time
        _apply(bounds, kind, moment)
        used.append(moment)
    return bounds.window(), bounds.day(), used
