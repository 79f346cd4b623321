"""One compiled date-spotting regex per language, built once from its lexicon."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from index.dating.lexicon import Lexicon, lexicon

APOSTROPHE = "['’ʼ`]"
NEVER = "(?!)"
DASH = r"\s*[-–—]\s*"
YEAR = r"(?:1[89]|20)\d\d(?!\d)"
ABBREVIATION = 4  # "Sept", "févr", "нояб"; longer prefixes ("четверг" of "четверга") are whole words
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"


def phrase(word: str) -> str:
    """Regex for one lexicon phrase: any whitespace between words, any apostrophe."""
    escaped = re.escape(re.sub(APOSTROPHE, "'", word.strip()))
    return escaped.replace(r"\ ", r"\s+").replace("'", APOSTROPHE)


def _stem(word: str) -> str:
    """Regex for a cue; a trailing '*' lets the word go on ("запланова*" matches "заплановано")."""
    return phrase(word[:-1]) + r"\w*" if word.endswith("*") else phrase(word)


@dataclass
class _Node:
    """A trie node over the characters of phrases: each child's regex by its comparison key, and a phrase end."""

    children: dict[str, tuple[str, _Node]] = field(default_factory=dict)
    end: bool = False


def _atoms(word: str) -> list[tuple[str, str]]:
    """Each character of a phrase with its regex, spelt as phrase() spells the whole."""
    folded = re.sub(APOSTROPHE, "'", word.strip())
    return [(c, r"\s+" if c == " " else APOSTROPHE if c == "'" else re.escape(c)) for c in folded]


def _trie(words: list[str], sensitive: bool) -> _Node | None:
    """The phrases as a trie, or None when a character could match two siblings (then order would matter)."""
    root = _Node()
    for word in words:
        atoms = _atoms(word)
        if "".join(regex for _, regex in atoms) != phrase(word):
            return None
        node = root
        for char, regex in atoms:
            key = char if sensitive else char.lower()
            if key not in node.children:
                if not sensitive and any(re.fullmatch(re.escape(key), k, re.IGNORECASE) for k in node.children):
                    return None
                node.children[key] = (regex, _Node())
            node = node.children[key][1]
        node.end = True
    return root


def _emit(node: _Node) -> str:
    """The regex of a trie; where a phrase ends inside a longer one the rest is a greedy option, so longer first."""
    branches = [regex + _emit(child) for regex, child in node.children.values()]
    if not branches:
        return ""
    body = "|".join(branches)
    if node.end:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


def alternation(words: Iterable[str], *, sensitive: bool = False, stems: bool = False) -> str:
    """A non-capturing alternation of phrases, longest first; (?-i:) keeps case-sensitive ones exact.

    Plain phrases are compiled as a trie ("mar(?:s|ch)"): it matches exactly what the flat longest-first
    alternation matches, but the regex engine tries a few first letters instead of every phrase at every word.
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return NEVER
    trie = None if stems else _trie(unique, sensitive)
    if trie is not None and not trie.end:
        body = _emit(trie)
    else:
        body = "|".join(_stem(w) if stems else phrase(w) for w in unique)
    return f"(?-i:{body})" if sensitive else f"(?:{body})"


def _cased(words: Iterable[str]) -> list[str]:
    """Spellings a case-sensitive name may take: Capitalised or UPPER (never lower, so "may" is no month)."""
    return [v for w in words for v in (w[:1].upper() + w[1:], w.upper())]


def _names(index: dict[str, int], sensitive: bool, full_words_sensitive: bool = True) -> str:
    """Alternation of month or weekday names; abbreviations (short prefixes of a longer spelling) may end in a dot.

    Full weekday names are no common words, so machine-translated "on thursday" still counts;
    their abbreviations ("sat", "wed") and month names ("may", "march") stay case-sensitive.
    """
    words = list(index)
    abbrs = [w for w in words if len(w) <= ABBREVIATION and any(o != w and o.startswith(w) for o in words)]
    fulls = [w for w in words if w not in abbrs]
    full_sensitive = sensitive and full_words_sensitive
    if sensitive:
        abbrs = _cased(abbrs)
    if full_sensitive:
        fulls = _cased(fulls)
    full_alt = alternation(fulls, sensitive=full_sensitive)
    if not abbrs:
        return full_alt
    return f"(?:{full_alt}|{alternation(abbrs, sensitive=sensitive)}\\.?)"


def _opt(alt: str, sep: str = r"\s+") -> str:
    """An optional leading word group, or nothing when the language has none."""
    return "" if alt == NEVER else f"(?:{alt}{sep})?"


@dataclass(frozen=True)
class Pieces:
    """Regex fragments of one language, reused across the alternatives."""

    month: str
    weekday: str
    weekday_any: str
    day_suffix: str
    year_suffix: str
    prep: str
    article: str
    day_of: str

    def day(self, name: str) -> str:
        """A day of the month with its optional ordinal suffix."""
        return f"(?P<{name}>{DAY})(?:{self.day_suffix})?"

    def year(self, name: str) -> str:
        """A four-digit year with its optional case word ("року", "года")."""
        suffix = "" if self.year_suffix == NEVER else rf"(?:\s*{self.year_suffix})?"
        return f"(?P<{name}>{YEAR}){suffix}"

    def month_day(self, m: str, d: str) -> str:
        """Month then day ("July 12") or day then month ("12 July", "12th of July")."""
        of = "" if self.day_of == NEVER else rf"(?:\s+{self.day_of})?"
        return rf"(?P<{m}>{self.month})\s+{self.day(d)}|{self.day(d + '2')}{of}\s+(?P<{m}2>{self.month})"


def _pieces(lex: Lexicon) -> Pieces:
    """Build the shared fragments of a language."""
    return Pieces(
        month=_names(lex.months, lex.case_sensitive_names),
        weekday=_names(lex.weekdays, lex.case_sensitive_names, full_words_sensitive=False),
        weekday_any=_names({**lex.weekdays, **lex.weekday_abbr}, lex.case_sensitive_names, full_words_sensitive=False),
        day_suffix=alternation(lex.day_suffixes),
        year_suffix=alternation(lex.year_suffixes),
        prep=alternation(lex.preps),
        article=alternation(lex.article),
        day_of=alternation(lex.day_of),
    )


def _numeric() -> list[str]:
    """Numeric dates and timestamps: 24.10.2022, 11.07.24, 14:27, 2022-10-24."""
    two_digit_year = r"\d\d(?=,?\s+\d{1,2}:\d\d)"
    dmy = (
        rf"(?P<num>(?P<num_d>{DAY})[./](?P<num_m>1[0-2]|0?[1-9])[./](?P<num_y>{YEAR}|{two_digit_year})"
        r"(?![./]?\d)(?:,?\s+(?P<num_t>\d{1,2}:\d\d))?)"
    )
    iso = rf"(?P<iso>(?P<iso_y>{YEAR})-(?P<iso_m>1[0-2]|0[1-9])-(?P<iso_d>3[01]|[12]\d|0[1-9])(?:[T\s](?P<iso_t>\d\d:\d\d))?)"
    return [dmy, iso]


def _ranges(lex: Lexicon, p: Pieces) -> list[str]:
    """Day ranges: "July 9-11", "9-11 липня", "du 9 au 11 juillet", "с 18 по 20 февраля"."""
    start = _opt(alternation([*lex.range_from, *lex.preps]))
    to = alternation(lex.range_to)
    link = DASH if to == NEVER else rf"(?:{DASH}|\s+{to}\s+)"
    md = (
        rf"(?P<rmd>{start}(?P<rmd_m1>{p.month})\s+{p.day('rmd_d1')}{link}"
        rf"(?:(?P<rmd_m2>{p.month})\s+)?{p.day('rmd_d2')}(?:,?\s+{p.year('rmd_y')})?)"
    )
    dm = (
        rf"(?P<rdm>{start}{p.day('rdm_d1')}(?:\s+(?P<rdm_m1>{p.month}))?{link}"
        rf"{p.day('rdm_d2')}\s+(?P<rdm_m2>{p.month})(?:,?\s+{p.year('rdm_y')})?)"
    )
    return [md, dm]


def _dates(p: Pieces) -> list[str]:
    """Day-and-month dates, optionally with a weekday before and a year after."""
    lead = _opt(p.prep) + _opt(p.article)
    wdt = (
        rf"(?P<wdt>{_opt(p.prep)}(?P<wdt_w>{p.weekday_any}),?\s+{_opt(p.article)}"
        rf"(?:{p.month_day('wdt_m', 'wdt_d')})(?:,?\s+{p.year('wdt_y')})?)"
    )
    dmy = rf"(?P<dmy>{lead}(?:{p.month_day('dmy_m', 'dmy_d')})(?:,?\s+{p.year('dmy_y')})?)"
    return [wdt, dmy]


def _months(lex: Lexicon, p: Pieces) -> str:
    """Month phrases: "in March 2023", "у березні минулого року", "mi-septembre", "en mars dernier"."""
    premod = alternation(lex.month_premodifiers)
    part = alternation(lex.month_parts)
    mod = alternation(lex.month_modifiers)
    return (
        rf"(?P<mon>(?:(?P<mon_pre>{p.prep})\s+)?(?:(?P<mon_premod>{premod})\s+)?(?:(?P<mon_part>{part})\s*)?"
        rf"(?P<mon_m>{p.month})(?:,?\s+(?:{p.year('mon_y')}|(?P<mon_mod>{mod})))?)"
    )


def _relatives(lex: Lexicon) -> list[str]:
    """Relative phrases: "yesterday", "минулого тижня", "il y a deux jours", "два дня назад"."""
    tod = alternation(lex.time_of_day)
    numbers = alternation(lex.numbers)
    ago = (
        rf"(?P<ago>(?:(?P<ago_pre>{alternation(lex.ago_before)})\s+)?(?P<ago_n>\d{{1,2}}|{numbers})\s+"
        rf"(?P<ago_u>{alternation(lex.units)})(?:\s+(?P<ago_post>{alternation(lex.ago_after)}))?)"
    )
    rel = rf"(?P<rel>(?P<rel_w>{alternation(lex.relative)})(?:\s+(?P<rel_tod>{tod}))?)"
    return [ago, rel]


def _weekday(lex: Lexicon, p: Pieces) -> str:
    """Weekday phrases: "on Friday", "vendredi dernier", "в прошлую пятницу", "later on Friday"."""
    pre = alternation(lex.weekday_premodifiers)
    post = alternation(lex.weekday_postmodifiers)
    poss = alternation(lex.possessive)
    return (
        rf"(?P<wd>(?:(?P<wd_pre>{pre})\s+)?(?:(?P<wd_prep>{p.prep})\s+)?(?P<wd_w>{p.weekday})(?:{poss})?"
        rf"(?:\s+(?P<wd_post>{post}))?(?:\s+(?P<wd_tod>{alternation(lex.time_of_day)}))?)"
    )


def _year(lex: Lexicon, p: Pieces) -> str:
    """Year phrases: "in 2022", "у 2022 році", "в 2022 году", "en 2022", "early 2022"."""
    parts = alternation(lex.month_parts)
    suffix = "" if p.year_suffix == NEVER else rf"(?:\s*(?P<yr_suf>{p.year_suffix}))?"
    return (
        rf"(?P<yr>(?:(?P<yr_pre>{alternation(lex.year_preps)})\s+)?(?:(?P<yr_part>{parts})\s*)?"
        rf"(?P<yr_y>{YEAR}){suffix})"
    )


@dataclass(frozen=True)
class DatePatterns:
    """The compiled regexes of one language."""

    spot: re.Pattern[str]
    future_cue: re.Pattern[str]


def _future(lex: Lexicon) -> re.Pattern[str]:
    """Cues that put a following date after the publication date."""
    cues = alternation(lex.future_cues, stems=True)
    extra = "".join(f"|{pattern}" for pattern in lex.future_patterns)
    return re.compile(rf"(?<!\w)(?:{cues}{extra})(?!\w)", re.IGNORECASE)


def _first_words(lex: Lexicon) -> set[str]:
    """Every word a date phrase can open with; checking it first spares trying each alternative at each word."""
    openers = [
        *lex.preps, *lex.year_preps, *lex.range_from, *lex.article, *lex.ago_before,
        *lex.months, *lex.weekdays, *lex.weekday_abbr, *lex.month_parts, *lex.month_premodifiers,
        *lex.weekday_premodifiers, *lex.relative, *lex.numbers,
    ]
    return {word.split()[0].rstrip("-") for word in openers if word.strip()}


@cache
def patterns(lang: str) -> DatePatterns:
    """Compile (once per language) the spotting regex and the future-cue regex."""
    lex = lexicon(lang)
    p = _pieces(lex)
    alternatives = [
        *_numeric(),
        *_ranges(lex, p),
        *_dates(p),
        _months(lex, p),
        *_relatives(lex),
        _weekday(lex, p),
        _year(lex, p),
    ]
    gate = rf"(?=\d|{alternation(_first_words(lex))}(?!\w))"
    spot = re.compile(r"(?<!\w)" + gate + "(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return DatePatterns(spot=spot, future_cue=_future(lex))
