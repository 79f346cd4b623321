"""Calendar arithmetic for date phrases: weekdays, weeks, months and intervals as DateValues."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from index.models import DateValue

# Parts of a month ("early", "mid", "late") as day ranges; the last one runs to the month's end.
LEAP_SPAN = 9  # 29 February may be eight years away (1896 -> 1904)
PART_DAYS: dict[str, tuple[int, int]] = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def interval(lo: date, hi: date) -> DateValue:
    """A DateValue whose precision is the finest unit holding the whole interval."""
    if lo == hi:
        return DateValue(lo=lo, hi=hi, precision="day")
    if (lo.year, lo.month) == (hi.year, hi.month):
        return DateValue(lo=lo, hi=hi, precision="month")
    return DateValue(lo=lo, hi=hi, precision="year")


def day(when: date) -> DateValue:
    """One day."""
    return DateValue(lo=when, hi=when, precision="day")


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_value(year: int, month: int, part: str | None = None) -> DateValue:
    """A whole month (or its early/mid/late part) at month precision."""
    last = calendar.monthrange(year, month)[1]
    first, final = PART_DAYS.get(part or "", (1, last))
    return DateValue(lo=date(year, month, first), hi=date(year, month, min(final, last)), precision="month")


def year_value(year: int, part: str | None = None) -> DateValue:
    """A whole year (or its early/mid/late third) at year precision."""
    spans = {"early": ((1, 1), (4, 30)), "mid": ((5, 1), (8, 31)), "late": ((9, 1), (12, 31))}
    (m1, d1), (m2, d2) = spans.get(part or "", ((1, 1), (12, 31)))
    return DateValue(lo=date(year, m1, d1), hi=date(year, m2, d2), precision="year")


def weekday_on_or_before(ref: date, weekday: int) -> date:
    """The latest given weekday (Monday=0) on or before ref."""
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


def weekday_on_or_after(ref: date, weekday: int) -> date:
    """The earliest given weekday (Monday=0) on or after ref."""
    return ref + timedelta(days=(weekday - ref.weekday()) % 7)


def week_of(ref: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ref."""
    monday = ref - timedelta(days=ref.weekday())
    return monday, monday + timedelta(days=6)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) delta months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def full_year(year: int) -> int:
    """A four-digit year from a two-digit one ("11.07.24"): 00-69 are 2000s, 70-99 are 1900s."""
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


def safe_date(year: int, month: int, day_: int) -> date | None:
    """A date, or None when the day does not exist in that month."""
    try:
        return date(year, month, day_)
    except ValueError:
        return None


def day_month_near(ref: date, month: int, day_: int, *, future: bool) -> date | None:
    """The latest day/month on or before ref, or (future) the earliest on or after it."""
    step = 1 if future else -1
    for offset in range(LEAP_SPAN):
        candidate = safe_date(ref.year + step * offset, month, day_)
        if candidate and (candidate >= ref if future else candidate <= ref):
            return candidate
    return None


def month_near(ref: date, month: int, *, future: bool, strict: bool = False) -> int:
    """The year of the latest such month up to ref's month, or (future) the earliest from it on."""
    if future:
        ahead = month > ref.month or (month == ref.month and not strict)
        return ref.year if ahead else ref.year + 1
    behind = month < ref.month or (month == ref.month and not strict)
    return ref.year if behind else ref.year - 1
