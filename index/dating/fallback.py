"""dateparser, used only on single candidate phrases our own rules cannot read."""

from __future__ import annotations

from datetime import date, datetime

from dateparser.date import DateDataParser  # type: ignore[import-untyped]

from index.dating import calendar as cal
from index.dating.lexicon import SUPPORTED, lexicon
from index.models import DateValue

# Two unrelated reference days: a phrase parsed the same against both does not depend on the reference.
PROBES = (datetime(2001, 3, 14), datetime(2013, 10, 2))


def settings(base: datetime) -> dict[str, object]:
    """The dateparser settings measured to work (see FIELD-NOTES)."""
    return {
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def parse(text: str, lang: str, base: datetime) -> tuple[datetime, str] | None:
    """Parse one phrase with dateparser in exactly one language; return the datetime and its period."""
    if lang not in SUPPORTED or not text.strip():
        return None
    data = DateDataParser(languages=[lang], settings=settings(base)).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj, data.period or "day"


def to_value(when: datetime, period: str) -> DateValue:
    """A dateparser result as a DateValue of the matching precision."""
    if period == "year":
        return cal.year_value(when.year)
    if period == "month":
        return cal.month_value(when.year, when.month)
    if period == "week":
        return cal.interval(*cal.week_of(when.date()))
    return cal.day(when.date())


def absolute(text: str, lang: str) -> tuple[datetime, str] | None:
    """Parse a phrase only if it names a date on its own (the same result whatever the reference day)."""
    results = [parse(text, lang, base) for base in PROBES]
    first = results[0]
    return first if first is not None and all(r == first for r in results) else None


def resolve(text: str, lang: str, published: date | None) -> DateValue | None:
    """Resolve a phrase with dateparser; without a publication date only self-contained dates resolve."""
    if published is None:
        found = absolute(text, lang)
    else:
        found = parse(text, lang, datetime(published.year, published.month, published.day, 12))
    return to_value(*found) if found else None


def warm_up() -> None:
    """Load dateparser's data for every language (the first call costs 150-200 ms)."""
    for lang in SUPPORTED:
        july = next(word for word, number in lexicon(lang).months.items() if number == 7)
        parse(f"12 {july} 2024", lang, PROBES[0])
