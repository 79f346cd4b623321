"""Values of relative date words ("yesterday", "last week", "накануне") against a reference day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from index.dating import calendar as cal
from index.models import DateValue, Precision

Span = tuple[date, date]
ONE = timedelta(days=1)


@dataclass(frozen=True)
class RelativeValue:
    """A relative phrase's value, whether it points forward, and whether it is relative to a narrated event."""

    value: DateValue | None
    forward: bool
    anaphoric: bool = False


def _week(ref: date, cue: bool) -> Span:
    """This week: Monday to ref, or ref to Sunday when the context points forward."""
    monday, sunday = cal.week_of(ref)
    return (ref, sunday) if cue else (monday, ref)


def _month(ref: date, cue: bool) -> Span:
    """This month: its first day to ref, or ref to its last day when the context points forward."""
    end = cal.month_end(ref.year, ref.month)
    return (ref, end) if cue else (ref.replace(day=1), ref)


def _year(ref: date, cue: bool) -> Span:
    """This year: 1 January to ref, or ref to 31 December when the context points forward."""
    return (ref, date(ref.year, 12, 31)) if cue else (date(ref.year, 1, 1), ref)


def _before(start: date, ref: date) -> Span:
    """From start to the day before ref (or start itself when ref is start)."""
    return start, max(start, ref - ONE)


def _months_away(ref: date, delta: int) -> Span:
    """A whole month delta months from ref's month."""
    year, month = cal.shift_month(ref.year, ref.month, delta)
    return date(year, month, 1), cal.month_end(year, month)


def _weeks_away(ref: date, delta: int) -> Span:
    """A whole Monday-Sunday week delta weeks from ref's week."""
    return cal.week_of(ref + timedelta(weeks=delta))


def _weekend(ref: date, cue: bool) -> Span:
    """The weekend holding ref or just before it; the next one when the context points forward."""
    if cue and ref.weekday() < 5:
        saturday = cal.weekday_on_or_after(ref, 5)
    else:
        saturday = cal.weekday_on_or_before(ref, 5) if ref.weekday() != 6 else ref - ONE
    return saturday, saturday + ONE


def _last_weekend(ref: date) -> Span:
    """The last full weekend before ref."""
    sunday = cal.weekday_on_or_before(ref - ONE, 6)
    return sunday - ONE, sunday


def _next_weekend(ref: date) -> Span:
    """The first weekend after ref."""
    saturday = cal.weekday_on_or_after(ref + ONE, 5)
    return saturday, saturday + ONE


Rule = Callable[[date, bool], Span]

# label -> (span from the reference day and the context's direction, fixed direction or None, anaphoric)
RULES: dict[str, tuple[Rule, bool | None, bool]] = {
    "today": (lambda r, c: (r, r), None, False),
    "yesterday": (lambda r, c: (r - ONE, r - ONE), False, False),
    "day_before_yesterday": (lambda r, c: (r - 2 * ONE, r - 2 * ONE), False, False),
    "tomorrow": (lambda r, c: (r + ONE, r + ONE), True, False),
    "this_week": (_week, None, False),
    "earlier_this_week": (lambda r, c: _before(cal.week_of(r)[0], r), False, False),
    "later_this_week": (lambda r, c: (r, cal.week_of(r)[1]), True, False),
    "last_week": (lambda r, c: _weeks_away(r, -1), False, False),
    "next_week": (lambda r, c: _weeks_away(r, 1), True, False),
    "this_month": (_month, None, False),
    "earlier_this_month": (lambda r, c: _before(r.replace(day=1), r), False, False),
    "later_this_month": (lambda r, c: (r, cal.month_end(r.year, r.month)), True, False),
    "last_month": (lambda r, c: _months_away(r, -1), False, False),
    "next_month": (lambda r, c: _months_away(r, 1), True, False),
    "this_year": (_year, None, False),
    "earlier_this_year": (lambda r, c: _before(date(r.year, 1, 1), r), False, False),
    "later_this_year": (lambda r, c: (r, date(r.year, 12, 31)), True, False),
    "last_year": (lambda r, c: (date(r.year - 1, 1, 1), date(r.year - 1, 12, 31)), False, False),
    "next_year": (lambda r, c: (date(r.year + 1, 1, 1), date(r.year + 1, 12, 31)), True, False),
    "same_day": (lambda r, c: (r, r), False, True),
    "day_before": (lambda r, c: (r - ONE, r - ONE), False, True),
    "day_after": (lambda r, c: (r + ONE, r + ONE), False, True),
    "coming_days": (lambda r, c: (r + ONE, r + 7 * ONE), True, False),
    "weekend": (_weekend, None, False),
    "last_weekend": (lambda r, c: _last_weekend(r), False, False),
    "next_weekend": (lambda r, c: _next_weekend(r), True, False),
}


RANK = {"day": 0, "month": 1, "year": 2}


def _at_least(value: DateValue, floor: Precision) -> DateValue:
    """Coarsen a value to the precision its words carry ("this year" stays a year even on 2 January)."""
    if RANK[value.precision] >= RANK[floor]:
        return value
    return DateValue(lo=value.lo, hi=value.hi, precision=floor)


def _floor(label: str) -> Precision:
    """The coarsest unit a relative label names."""
    if label.endswith("_year"):
        return "year"
    return "month" if label.endswith("_month") else "day"


def relative_value(label: str, ref: date | None, cue: bool) -> RelativeValue:
    """Resolve a relative label against ref; the context cue decides the direction of open words."""
    rule, fixed, anaphoric = RULES[label]
    forward = cue if fixed is None else fixed
    if ref is None:
        return RelativeValue(None, forward, anaphoric)
    lo, hi = rule(ref, forward)
    return RelativeValue(_at_least(cal.interval(lo, hi), _floor(label)), forward, anaphoric)
