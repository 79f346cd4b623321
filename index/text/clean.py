"""Strip page chrome (counters, breadcrumbs, related links, share rows) from article text, line by line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CHROME_FILE = Path(__file__).resolve().parent.parent / "data" / "chrome.toml"

# A line that ends like a sentence; anything else is a headline, a label or a list item.
_SENTENCE_END = re.compile(r"[.!?…:;»\"”’)]\s*$")
_DASH_START = re.compile(r"^[-–—]\s")
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+\S")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+){3,}(?:\.[a-z]{2,5})?/?$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_HASHTAGS = re.compile(r"^(?:#\w+[\s,;]*)+$")
_BREADCRUMB_SEP = re.compile(r"\s+[›»>/|→]\s+")
_NUMBER = r"\d[\d\s.,\u00a0\u202f]*[kKmMкКтТ]?"
_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}"
_TIME = r"\d{1,2}:\d{2}"
# Related-headline links end with their own timestamp: "… далекобійну зброю 11.07.24, 14:27".
_STAMPED_HEADLINE = re.compile(
    rf"\S.*?[^\s.!?…]\s+(?:{_DATE},?\s+{_TIME}|{_TIME},?\s+{_DATE})\s*$"
)
_META_TOKENS = re.compile(rf"{_DATE}|{_TIME}|{_NUMBER}|[•·|:,\-–—()\[\]]")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

MAX_LIST_ITEM_WORDS = 25  # a trailing "Popular" list holds headlines, never paragraphs
MAX_TRAILING_WORDS = 20  # an unpunctuated line this short at the end is a byline, tag or headline
MAX_BYLINE_WORDS = 4  # "Volodymyr Omelchenko", "News of the World"
MAX_LABEL_WORDS = 12  # captions and tag lines are short; a long line starting "Photo:" is text


@dataclass(frozen=True)
class ChromeRules:
    """The markers of chrome in four languages, loaded from index/data/chrome.toml."""

    read_also: tuple[str, ...]
    call_to_action: tuple[str, ...]
    label_prefix: tuple[str, ...]
    trailing_markers: frozenset[str]
    section_labels: frozenset[str]
    share_words: frozenset[str]
    view_words: frozenset[str]
    breadcrumb_home: frozenset[str]

    @classmethod
    def load(cls, path: Path = CHROME_FILE) -> ChromeRules:
        """Read the rules from a TOML file."""
        with path.open("rb") as fh:
            data = tomllib.load(fh)

        def words(key: str) -> list[str]:
            return [str(w).casefold() for w in data.get(key, [])]

        return cls(
            read_also=tuple(words("read_also")),
            call_to_action=tuple(words("call_to_action")),
            label_prefix=tuple(words("label_prefix")),
            trailing_markers=frozenset(words("trailing_markers")),
            section_labels=frozenset(words("section_labels")),
            share_words=frozenset(words("share_words")),
            view_words=frozenset(words("view_words")),
            breadcrumb_home=frozenset(words("breadcrumb_home")),
        )


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    """The default rules, read once."""
    return ChromeRules.load()


@dataclass(frozen=True)
class Cleaned:
    """Cleaned article text and the chrome lines taken out of it (they may carry dates)."""

    text: str
    removed: list[str] = field(default_factory=list)


def clean(text: str, rules: ChromeRules | None = None) -> Cleaned:
    """Remove page chrome, keeping paragraphs separated by one blank line."""
    rules = rules or chrome_rules()
    lines = [line.strip() for line in text.splitlines()]
    keep = [bool(line) for line in lines]
    _drop_chrome_lines(lines, keep, rules)
    _drop_leading_rubric(lines, keep)
    _drop_trailing_block(lines, keep, rules)
    _drop_trailing_fragments(lines, keep)
    removed = [line for line, kept in zip(lines, keep) if line and not kept]
    return Cleaned(text=_join_paragraphs(lines, keep), removed=removed)


def clean_text(text: str) -> str:
    """Return the text without page chrome."""
    return clean(text).text


def chrome_lines(text: str) -> list[str]:
    """Return the lines `clean_text` removes."""
    return clean(text).removed


def _join_paragraphs(lines: list[str], keep: list[bool]) -> str:
    """Join kept lines; a removed or blank line becomes at most one blank line."""
    out: list[str] = []
    gap = False
    for line, kept in zip(lines, keep):
        if not kept:
            gap = gap or not line
            continue
        if out and gap:
            out.append("")
        out.append(line)
        gap = False
    return "\n".join(out)


def _drop_chrome_lines(lines: list[str], keep: list[bool], rules: ChromeRules) -> None:
    """Drop every line that is chrome by itself; a lone "Read also" marker takes its headline along."""
    pending_headline = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if pending_headline and _word_count(line) <= MAX_LIST_ITEM_WORDS:
            keep[i] = False
        pending_headline = False
        if is_chrome_line(line, rules):
            keep[i] = False
            pending_headline = _is_lone_marker(line, rules.read_also)


def is_chrome_line(line: str, rules: ChromeRules | None = None) -> bool:
    """Whether one stripped line is page chrome whatever surrounds it."""
    rules = rules or chrome_rules()
    folded = line.casefold()
    return (
        _starts_with_any(folded, rules.read_also)
        or _starts_with_any(folded, rules.call_to_action)
        or (_starts_with_any(folded, rules.label_prefix) and _word_count(line) <= MAX_LABEL_WORDS)
        or folded.rstrip(" :") in rules.section_labels
        or bool(_SLUG.match(line) or _URL.match(line) or _HASHTAGS.match(line))
        or bool(_STAMPED_HEADLINE.match(line))
        or _is_counter_or_share_row(folded, rules)
        or _is_breadcrumb(folded, rules.breadcrumb_home)
    )


def _starts_with_any(folded: str, markers: tuple[str, ...]) -> bool:
    """Whether the line starts with a marker as whole words (a marker ending in ':' needs the colon)."""
    return _marker_pattern(markers).match(folded) is not None


@lru_cache(maxsize=16)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation for a marker list: a whole-word head, then the colon where the marker has one."""
    parts = [
        re.escape(m.rstrip(":")) + (r"\s*:" if m.endswith(":") else r"(?![^\W_])") for m in markers
    ]
    return re.compile("(?:" + "|".join(parts) + ")" if parts else "(?!)")


def _is_lone_marker(line: str, markers: tuple[str, ...]) -> bool:
    """Whether the line is only a marker, so the linked headline is on the next line."""
    folded = line.casefold().rstrip(" :.…")
    return any(folded == marker.rstrip(":") for marker in markers)


def _word_count(line: str) -> int:
    """Number of words in a line."""
    return len(_WORD.findall(line))


def _is_counter_or_share_row(folded: str, rules: ChromeRules) -> bool:
    """A view counter or a row of share buttons; most lines are ruled out by their first word alone."""
    first = _first_bare_word(folded)
    if first is None or (first not in rules.view_words and first not in rules.share_words):
        return False
    words = _WORD.findall(_META_TOKENS.sub(" ", folded))
    return _is_view_counter(folded, words, rules.view_words) or _is_share_row(folded, words, rules.share_words)


def _first_bare_word(folded: str) -> str | None:
    """The first word once numbers, dates and separators are blanked out, reading only as far as it."""
    pos = 0
    for meta in _META_TOKENS.finditer(folded):
        word = _WORD.search(folded, pos, meta.start())
        if word is not None:
            return word.group()
        pos = meta.end()
    word = _WORD.search(folded, pos)
    return word.group() if word is not None else None


def _is_view_counter(folded: str, words: list[str], view_words: frozenset[str]) -> bool:
    """A line of numbers, dates and bullets around a view word: "• 20334 переглядiв"."""
    return all(w in view_words for w in words) and any(ch.isdigit() for ch in folded)


def _is_share_row(folded: str, words: list[str], share_words: frozenset[str]) -> bool:
    """A row of share buttons: "Share | Facebook | Telegram"."""
    return all(w in share_words for w in words) and _word_count(folded) <= 12


def _is_breadcrumb(folded: str, home_words: frozenset[str]) -> bool:
    """A trail of short section names: "Home › World › Europe"."""
    if "«" in folded:
        return False  # "»" closes a French quote there, it separates nothing
    parts = _BREADCRUMB_SEP.split(folded)
    if len(parts) < 2 or any(not p or _word_count(p) > 4 or re.search(r"[.!?]", p) for p in parts):
        return False
    return len(parts) >= 3 or parts[0].strip() in home_words


def _drop_leading_rubric(lines: list[str], keep: list[bool]) -> None:
    """Drop a one-word section name standing before the headline ("Incidents")."""
    kept = [i for i, k in enumerate(keep) if k][:2]
    if len(kept) < 2:
        return
    first, second = (lines[i] for i in kept)
    if first.isalpha() and _word_count(second) > 1:
        keep[kept[0]] = False


def _drop_trailing_block(lines: list[str], keep: list[bool], rules: ChromeRules) -> None:
    """Drop a "Popular"/"Read more" block and all after it when only a list of short lines follows."""
    for i, line in enumerate(lines):
        if not keep[i] or line.casefold().rstrip(" :") not in rules.trailing_markers:
            continue
        keep[i] = False
        rest = [j for j in range(i + 1, len(lines)) if keep[j]]
        if all(_word_count(lines[j]) <= MAX_LIST_ITEM_WORDS for j in rest):
            for j in rest:
                keep[j] = False
            return


def _drop_trailing_fragments(lines: list[str], keep: list[bool]) -> None:
    """Drop short unpunctuated lines at the very end (bylines, rubrics, headline lists) if a sentence stays."""
    kept = [i for i, k in enumerate(keep) if k]
    tail: list[int] = []
    for i in reversed(kept):
        if not _is_fragment(lines[i]):
            break
        tail.append(i)
    if len(tail) == len(kept):
        return  # the whole text is fragments (a short post): nothing to tell chrome from content
    if len(tail) == 1 and _word_count(lines[tail[0]]) > MAX_BYLINE_WORDS:
        return  # one last sentence without its full stop is more likely than one stray headline
    for i in tail:
        keep[i] = False


def _is_fragment(line: str) -> bool:
    """A short line that is neither a sentence, several sentences, nor a quoted attribution ("- he said")."""
    return (
        _word_count(line) <= MAX_TRAILING_WORDS
        and not _SENTENCE_END.search(line)
        and not _INNER_SENTENCE_END.search(line)
        and not _DASH_START.match(line)
    )
