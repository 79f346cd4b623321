"""Turn one spotted date phrase (a regex match) into a DateValue, computed without dateparser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.dating import calendar as cal
from index.dating.lexicon import Lexicon, normalize
from index.dating.relative import relative_value
from index.models import DateValue

LEAP_YEAR = 2000  # a year where every day-and-month exists, to check "30 February" cannot


@dataclass(frozen=True)
class Resolved:
    """What a phrase means: its kind, its value (None when it needs a missing reference), and its direction."""

    kind: str
    value: DateValue | None
    marked_future: bool = False
    anaphoric: bool = False


@dataclass(frozen=True)
class Reader:
    """Reads the named groups of one match with the words of one language."""

    m: re.Match[str]
    lex: Lexicon

    def text(self, *names: str) -> str | None:
        """The first of these groups that matched."""
        for name in names:
            found = self.m.group(name) if name in self.m.re.groupindex else None
            if found:
                return found
        return None

    def number(self, *names: str) -> int | None:
        """The first matched group as an integer."""
        found = self.text(*names)
        return int(found) if found else None

    def month(self, *names: str) -> int | None:
        """The first matched group as a month number."""
        found = self.text(*names)
        return self.lex.months.get(normalize(found)) if found else None

    def label(self, table: dict[str, str], *names: str) -> str | None:
        """The first matched group looked up in a {phrase: label} table."""
        found = self.text(*names)
        return table.get(normalize(found)) if found else None


def resolve_match(m: re.Match[str], lex: Lexicon, ref: date | None, cue: bool) -> Resolved | None:
    """Resolve a spotted phrase against ref (the publication date); None rejects the match as no date."""
    group = m.lastgroup or ""
    handler = _HANDLERS.get(group)
    if handler is None:
        return None
    return handler(Reader(m, lex), ref, cue)


def _numeric(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """24.10.2022, 11.07.24, 2022-10-24: absolute days."""
    year = cal.full_year(r.number("num_y", "iso_y") or 0)
    when = cal.safe_date(year, r.number("num_m", "iso_m") or 0, r.number("num_d", "iso_d") or 0)
    return Resolved("absolute", cal.day(when), cue) if when else None


def day_month(month: int, day_: int, year: int | None, ref: date | None, future: bool) -> date | None:
    """A day and month, with its year given, or else the nearest one before (or, if future, after) ref."""
    if year is not None:
        return cal.safe_date(year, month, day_)
    if ref is None:
        return None
    return cal.day_month_near(ref, month, day_, future=future)


def weekday_date(month: int, day_: int, weekday: int, ref: date) -> date | None:
    """A yearless day and month whose stated weekday picks the year nearest to ref."""
    years = (ref.year - 1, ref.year, ref.year + 1)
    fits = [d for y in years if (d := cal.safe_date(y, month, day_)) and d.weekday() == weekday]
    return min(fits, key=lambda d: abs((d - ref).days)) if fits else None


def _day_month(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"June 25", "le 19 août", "22 липня 2022 року", "Friday, July 12"."""
    prefix = "wdt" if r.m.group("wdt") else "dmy"
    month = r.month(f"{prefix}_m", f"{prefix}_m2")
    day_ = r.number(f"{prefix}_d", f"{prefix}_d2")
    if month is None or day_ is None or cal.safe_date(LEAP_YEAR, month, day_) is None:
        return None
    year = r.number(f"{prefix}_y")
    name = r.text("wdt_w")
    weekday = {**r.lex.weekdays, **r.lex.weekday_abbr}.get(normalize(name)) if name else None
    when = None
    if weekday is not None and year is None and ref is not None:
        when = weekday_date(month, day_, weekday, ref)
    when = when or day_month(month, day_, year, ref, cue)
    return Resolved("absolute", cal.day(when) if when else None, cue)


def _range(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"July 9-11", "30 June - 2 July", "с 9 по 11 июля": lo..hi."""
    prefix = "rmd" if r.m.group("rmd") else "rdm"
    m1, m2 = r.month(f"{prefix}_m1"), r.month(f"{prefix}_m2")
    first, last = m1 or m2, m2 or m1
    d1, d2 = r.number(f"{prefix}_d1"), r.number(f"{prefix}_d2")
    if first is None or last is None or d1 is None or d2 is None:
        return None
    year = r.number(f"{prefix}_y")
    lo = day_month(first, d1, year, ref, cue)
    if lo is None:
        return Resolved("range", None, cue) if cal.safe_date(LEAP_YEAR, first, d1) else None
    hi = cal.safe_date(lo.year + (1 if last < first else 0), last, d2)
    if hi is None or hi < lo:
        return None
    return Resolved("range", cal.interval(lo, hi), cue)


def _month_year(r: Reader, month: int, ref: date | None, cue: bool) -> tuple[int | None, bool]:
    """The year of a month phrase and whether it points forward."""
    year = r.number("mon_y")
    if year is not None:
        return year, cue
    if ref is None:
        return None, cue
    mod = r.label(r.lex.month_modifiers, "mon_mod") or r.label(r.lex.month_premodifiers, "mon_premod")
    offsets = {"last_year": -1, "this_year": 0, "this": 0, "next_year": 1}
    if mod in offsets:
        return ref.year + offsets[mod], mod == "next_year"
    if mod in ("previous", "next"):
        return cal.month_near(ref, month, future=mod == "next", strict=True), mod == "next"
    return cal.month_near(ref, month, future=cue), cue


def _month(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"in March 2023", "в мае", "у березні минулого року", "mi-septembre", "en mars dernier"."""
    qualified = r.text("mon_pre", "mon_premod", "mon_part", "mon_y", "mon_mod")
    month = r.month("mon_m")
    if not qualified or month is None:
        return None
    year, forward = _month_year(r, month, ref, cue)
    part = r.label(r.lex.month_parts, "mon_part")
    value = cal.month_value(year, month, part) if year is not None else None
    return Resolved("month", value, forward)


def _year(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"in 2022", "у 2022 році", "en 2022"; a bare year is a label, not a date."""
    if not r.text("yr_pre", "yr_part", "yr_suf"):
        return None
    part = r.label(r.lex.month_parts, "yr_part")
    return Resolved("year", cal.year_value(r.number("yr_y") or 0, part), cue)


def weekday_value(weekday: int, mode: str | None, ref: date, cue: bool) -> tuple[date, bool]:
    """The day a weekday phrase means, and whether it points forward."""
    if mode == "previous":
        return cal.weekday_on_or_before(ref - timedelta(days=1), weekday), False
    if mode == "next":
        return cal.weekday_on_or_after(ref + timedelta(days=1), weekday), True
    forward = cue or mode == "later"
    pick = cal.weekday_on_or_after if forward else cal.weekday_on_or_before
    return pick(ref, weekday), forward


def _weekday(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"on Friday", "vendredi dernier", "в прошлую пятницу", "later on Friday"."""
    if r.lex.weekday_needs_prep and not r.text("wd_pre", "wd_prep"):
        return None
    weekday = r.lex.weekdays.get(normalize(r.text("wd_w") or ""))
    if weekday is None:
        return None
    mode = r.label(r.lex.weekday_premodifiers, "wd_pre") or r.label(r.lex.weekday_postmodifiers, "wd_post")
    if ref is None:
        return Resolved("weekday", None, cue and mode != "previous" or mode in ("next", "later"))
    when, forward = weekday_value(weekday, mode, ref, cue)
    return Resolved("weekday", cal.day(when), forward)


def _ago(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"two days ago", "il y a trois semaines", "два дні тому"."""
    if not r.text("ago_pre", "ago_post"):
        return None
    raw = r.text("ago_n") or ""
    count = int(raw) if raw.isdigit() else r.lex.numbers.get(normalize(raw))
    unit = r.label(r.lex.units, "ago_u")
    if count is None or unit is None:
        return None
    if ref is None:
        return Resolved("relative", None)
    return Resolved("relative", ago_value(count, unit, ref))


def ago_value(count: int, unit: str, ref: date) -> DateValue:
    """The day, week, month or year count units before ref."""
    if unit == "day":
        return cal.day(ref - timedelta(days=count))
    if unit == "week":
        return cal.interval(*cal.week_of(ref - timedelta(weeks=count)))
    if unit == "month":
        return cal.month_value(*cal.shift_month(ref.year, ref.month, -count))
    return cal.year_value(ref.year - count)


def _relative(r: Reader, ref: date | None, cue: bool) -> Resolved | None:
    """"yesterday", "la semaine dernière", "накануне", "in the coming days"."""
    label = r.label(r.lex.relative, "rel_w")
    if label is None:
        return None
    found = relative_value(label, ref, cue)
    return Resolved("relative", found.value, found.forward, found.anaphoric)


_HANDLERS = {
    "num": _numeric,
    "iso": _numeric,
    "wdt": _day_month,
    "dmy": _day_month,
    "rmd": _range,
    "rdm": _range,
    "mon": _month,
    "ago": _ago,
    "rel": _relative,
    "wd": _weekday,
    "yr": _year,
}
