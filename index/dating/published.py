"""Publication date from the text alone: markers, timestamps, datelines and weekday-dated phrases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache

from index.dating import calendar as cal
from index.dating import fallback
from index.dating.lexicon import SUPPORTED, lexicon, normalize
from index.dating.patterns import alternation, patterns
from index.dating.resolve import Reader
from index.dating.spot import find_date_phrases

HEAD_LIMIT = 600  # the head (title, byline, timestamp) never runs longer than this
PARAGRAPH = 150  # a line this long is body text: the head ends before it
YEARS_BACK = 60
DATELINE_LINES = 8  # a dateline opens the story, within its first few lines
TIMESTAMP = re.compile(
    r"(?<![\d.])(?P<d>3[01]|[12]\d|0?[1-9])[./](?P<m>1[0-2]|0?[1-9])[./](?P<y>(?:19|20)\d\d|\d\d),?\s+"
    r"(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?![\d.:])"
    r"|(?<!\d)(?P<iy>(?:19|20)\d\d)-(?P<im>1[0-2]|0[1-9])-(?P<id>3[01]|[12]\d|0[1-9])[T ](?P<iH>[01]\d|2[0-3]):(?P<iM>[0-5]\d)"
)
TIME_AFTER = re.compile(r"\s*[,/|·•–—-]?\s*(?:at|à|о|об|в)?\s*(?P<H>[01]?\d|2[0-3])[:h](?P<M>[0-5]\d)(?!\d)", re.IGNORECASE)
TWO_DIGIT_YEAR = re.compile(r"[ \t,]+(?P<y>\d\d)(?![\d:.])")
# After the date: "(Reuters) -", "—", or the TASS style ". /ТАСС/.".
DATELINE_END = re.compile(r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[—–-]|\.[ \t]*/[^/\n]{2,30}/")
SEGMENT_END = re.compile(r"[\n|•·]")
DATE_GROUPS = ("num", "iso", "dmy", "wdt")


@dataclass(frozen=True)
class Parts:
    """A date as written: the year may be missing, the weekday and time may be given."""

    month: int
    day: int
    year: int | None = None
    weekday: int | None = None
    hour: int = 0
    minute: int = 0


@dataclass(frozen=True)
class Clues:
    """What bounds the publication date: not after today, not before dates the text reports as past."""

    today: date
    floor: date | None


def _parts(m: re.Match[str], lang: str) -> Parts | None:
    """The written parts of a spotted day-and-month or numeric date."""
    r = Reader(m, lexicon(lang))
    month = r.number("num_m", "iso_m") or r.month("dmy_m", "dmy_m2", "wdt_m", "wdt_m2")
    day_ = r.number("num_d", "iso_d", "dmy_d", "dmy_d2", "wdt_d", "wdt_d2")
    if m.lastgroup not in DATE_GROUPS or month is None or day_ is None:
        return None
    year = r.number("num_y", "iso_y", "dmy_y", "wdt_y")
    name = r.text("wdt_w")
    weekdays = {**r.lex.weekdays, **r.lex.weekday_abbr}
    weekday = weekdays.get(normalize(name)) if name else None
    hour, minute = (int(x) for x in (r.text("num_t", "iso_t") or "0:0").split(":"))
    year = cal.full_year(year) if year is not None else None
    return Parts(month, day_, year, weekday, hour, minute)


def infer(parts: Parts, clues: Clues) -> datetime | None:
    """The date the parts name: its own year, or the year the clues and the weekday allow."""
    if parts.year is not None:
        when = cal.safe_date(parts.year, parts.month, parts.day)
        candidates = [when] if when and when <= clues.today else []
    else:
        years = range(clues.today.year, clues.today.year - YEARS_BACK, -1)
        found = (cal.safe_date(y, parts.month, parts.day) for y in years)
        candidates = [d for d in found if d and d <= clues.today]
        candidates = [d for d in candidates if parts.weekday is None or d.weekday() == parts.weekday]
    if not candidates:
        return None
    after_floor = [d for d in candidates if clues.floor is None or d >= clues.floor]
    when = min(after_floor) if after_floor and clues.floor else candidates[0]
    return datetime(when.year, when.month, when.day, parts.hour, parts.minute)


def _with_time(parts: Parts, text: str, end: int) -> Parts:
    """Add the clock time written right after a date ("12 July 2024, 14:27")."""
    clock = TIME_AFTER.match(text, end)
    return replace(parts, hour=int(clock["H"]), minute=int(clock["M"])) if clock else parts


def head_of(text: str) -> str:
    """The head of an article: everything before the first paragraph-length line, at most HEAD_LIMIT chars."""
    offset = 0
    for line in text[:HEAD_LIMIT].splitlines(keepends=True):
        if len(line.strip()) >= PARAGRAPH:
            break
        offset += len(line)
    return text[: min(offset, HEAD_LIMIT)]


def timestamps(text: str) -> Iterator[tuple[int, Parts]]:
    """Numeric timestamps ("11.07.24, 14:27", "2022-10-24 20:05") with their offsets."""
    for m in TIMESTAMP.finditer(text):
        if m["iy"]:
            yield m.start(), Parts(int(m["im"]), int(m["id"]), int(m["iy"]), None, int(m["iH"]), int(m["iM"]))
            continue
        year = cal.full_year(int(m["y"]))
        yield m.start(), Parts(int(m["m"]), int(m["d"]), year, None, int(m["H"]), int(m["M"]))


def _dates(text: str, lang: str) -> Iterator[tuple[re.Match[str], Parts]]:
    """Spotted day-and-month dates with their parts."""
    for m in patterns(lang).spot.finditer(text):
        parts = _parts(m, lang)
        if parts is not None:
            yield m, parts


def _first(candidates: Iterator[Parts], clues: Clues) -> datetime | None:
    """The first candidate that names a possible publication date."""
    for parts in candidates:
        when = infer(parts, clues)
        if when is not None:
            return when
    return None


@cache
def _marker_regex(lang: str) -> re.Pattern[str]:
    """Line-leading "Published:", "Опубліковано", "Publié le" markers of a language and of English."""
    lex, en = lexicon(lang), lexicon("en")
    words = alternation({*lex.published_markers, *en.published_markers})
    updated = alternation({*lex.updated_markers, *en.updated_markers})
    return re.compile(
        rf"(?:^|[|•·])[ \t]*(?:(?P<pub>{words})|{updated})(?:[ \t]+(?:on|le|at))?[ \t]*[:\-–—]?[ \t]*",
        re.IGNORECASE | re.MULTILINE,
    )


def _segment_parts(segment: str, lang: str) -> Parts | None:
    """Read the date right after a marker: our own patterns first, dateparser for unusual formats."""
    for language in dict.fromkeys((lang, "en")):
        m = patterns(language).spot.match(segment)
        parts = _parts(m, language) if m else None
        if m and parts:
            short_year = TWO_DIGIT_YEAR.match(segment, m.end()) if parts.year is None else None
            if short_year:
                parts = replace(parts, year=cal.full_year(int(short_year["y"])))
            return _with_time(parts, segment, m.end())
    found = fallback.absolute(segment, lang)
    if found is None or found[1] != "day":
        return None
    when = found[0]
    return Parts(when.month, when.day, when.year, None, when.hour, when.minute)


def from_markers(text: str, lang: str, clues: Clues) -> datetime | None:
    """A date after a "Published"/"Опубліковано" marker, preferring publication over update markers."""
    ranked: list[tuple[bool, datetime]] = []
    for m in _marker_regex(lang).finditer(text):
        stop = SEGMENT_END.search(text, m.end())
        segment = text[m.end() : min(stop.start() if stop else len(text), m.end() + 60)]
        parts = _segment_parts(segment, lang) if segment.strip() else None
        when = infer(parts, clues) if parts else None
        if when is not None:
            ranked.append((m["pub"] is None, when))
    return min(ranked, key=lambda item: item[0])[1] if ranked else None


def from_head(text: str, lang: str, clues: Clues) -> tuple[datetime | None, str]:
    """A timestamp in the head ("24.03.22, 15:10", "12 July 2024, 14:27") or a date alone on a head line."""
    head = head_of(text)
    stamped = _first((parts for _, parts in timestamps(head)), clues)
    if stamped:
        return stamped, "timestamp"
    timed = (_with_time(p, head, m.end()) for m, p in _dates(head, lang) if TIME_AFTER.match(head, m.end()))
    stamped = _first(timed, clues)
    if stamped:
        return stamped, "timestamp"
    alone = (p for m, p in _dates(head, lang) if _alone_on_line(head, m))
    found = _first(alone, clues)
    return (found, "text") if found else (None, "none")


def _alone_on_line(text: str, m: re.Match[str]) -> bool:
    """Whether a date stands nearly alone on its line ("Feb 18, 2022 / 9:40 AM"), not inside a sentence."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    rest = text[m.end() : len(text) if line_end < 0 else line_end]
    lead = text[line_start : m.start()]
    prose = [w for w in rest.split() if w.isalpha() and w.islower() and len(w) >= 3]
    return not any(ch.isalnum() for ch in lead) and len(rest) <= 40 and len(prose) <= 1


def from_dateline(text: str, lang: str, clues: Clues) -> datetime | None:
    """A wire dateline opening a line: "MOSCOW, Feb 18 —", "KYIV, Ukraine, July 12 (Reuters) -"."""
    spot = patterns(lang).spot
    offset = 0
    for line in text[:HEAD_LIMIT].splitlines(keepends=True)[:DATELINE_LINES]:
        parts = _dateline_parts(text, offset, line, spot, lang)
        if parts is not None:
            weekday = parts.weekday if parts.weekday is not None else publication_weekday(text, lang)
            return infer(replace(parts, weekday=weekday), clues) or infer(parts, clues)
        offset += len(line)
    return None


def _dateline_parts(text: str, offset: int, line: str, spot: re.Pattern[str], lang: str) -> Parts | None:
    """The date of a dateline line, if the line opens with an upper-case place and a comma."""
    commas = [i for i, ch in enumerate(line[:80]) if ch == ","][:2]
    if not commas or not _is_place(line[: commas[0]]):
        return None
    for comma in commas:
        start = offset + comma + 1
        start += len(text[start:]) - len(text[start:].lstrip(" \t"))
        m = spot.match(text, start)
        parts = _parts(m, lang) if m else None
        if m and parts and DATELINE_END.match(text, m.end()):
            return parts
    return None


def publication_weekday(text: str, lang: str) -> int | None:
    """The weekday of publication when the story says "later on Friday" ("позднее в субботу", "plus tard vendredi")."""
    lex = lexicon(lang)
    for m in patterns(lang).spot.finditer(text):
        r = Reader(m, lex)
        if m.lastgroup == "wd" and r.label(lex.weekday_premodifiers, "wd_pre") == "later":
            return lex.weekdays.get(normalize(r.text("wd_w") or ""))
    return None


def _is_place(words: str) -> bool:
    """An upper-case place name: at least three letters and no lower-case ones."""
    letters = [ch for ch in words if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def from_weekday(text: str, lang: str, clues: Clues) -> datetime | None:
    """The year in which a yearless "Friday, July 12" falls on that weekday; the latest such past date."""
    found = []
    for phrase in find_date_phrases(text, lang, None):
        m = patterns(lang).spot.match(text, phrase.start)
        parts = _parts(m, lang) if m and phrase.kind == "absolute" and not phrase.future else None
        if parts and parts.weekday is not None and parts.year is None:
            when = infer(parts, clues)
            found += [when] if when else []
    return max(found, default=None)


def floor_of(text: str, lang: str, today: date) -> date | None:
    """The latest date the text reports as past (with its year): publication is not before it."""
    bounds = [d for _, p in timestamps(text) if (d := cal.safe_date(p.year or 0, p.month, p.day)) and d <= today]
    for phrase in find_date_phrases(text, lang, None):
        value = phrase.value
        if value and phrase.kind in ("absolute", "month") and not phrase.future and value.lo <= today:
            bounds.append(value.lo)
    return max(bounds, default=None)


def latest_timestamp(text: str, clues: Clues) -> datetime | None:
    """The latest timestamp anywhere in the text (a related-news stamp is still near publication)."""
    found = [when for _, parts in timestamps(text) if (when := infer(parts, clues))]
    return max(found, default=None)


def find_publication_date(text: str, lang: str, today: date) -> tuple[datetime | None, str]:
    """Infer when an article was published, from its text alone, and say where the date came from."""
    lang = lang if lang in SUPPORTED else "en"
    day_today = today.date() if isinstance(today, datetime) else today
    clues = Clues(day_today, floor_of(text, lang, day_today))
    marked = from_markers(text, lang, clues)
    if marked:
        return marked, "text"
    head, source = from_head(text, lang, clues)
    if head:
        return head, source
    for finder, name in ((from_dateline, "dateline"), (from_weekday, "weekday")):
        found = finder(text, lang, clues)
        if found:
            return found, name
    stamped = latest_timestamp(text, clues)
    return (stamped, "timestamp") if stamped else (None, "none")
