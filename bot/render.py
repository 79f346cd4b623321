"""Engine results to Telegram HTML: answers, sources, search and timeline pages, splitting."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import month_name, t
from index.models import (
    Answer,
    Article,
    Event,
    IngestReport,
    SearchHit,
    SearchPage,
    Source,
    Stats,
    TimelinePage,
)

MESSAGE_LIMIT = 4096
CALLBACK_LIMIT = 64  # Telegram's limit on callback data, in bytes
SHOWN_SOURCES = 3
SHOWN_EVENTS = 10
LINKABLE_SCHEMES = ("http", "https", "tg")
SINGLE_ANSWER = ("last", "first")  # intents whose answer is the first event alone


@dataclass(frozen=True)
class Rendered:
    """A message body in Telegram HTML and its optional inline keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def esc(value: object) -> str:
    """Escape any value for Telegram HTML text."""
    return html.escape(str(value), quote=False)


def format_day(day: date, lang: str) -> str:
    """Render a day as "12 July 2024" in the language (genitive month in uk/ru)."""
    return f"{day.day} {month_name(lang, day.month, genitive=True)} {day.year}"


def format_event_date(event: Event, lang: str) -> str:
    """Render an event's date at its real precision: day, month or year (or a day range)."""
    if event.date is None:
        return t(lang, "date_unknown")
    if event.date_precision == "year":
        return str(event.date.year)
    if event.date_precision == "month":
        return f"{month_name(lang, event.date.month, genitive=False)} {event.date.year}"
    return _day_range(event.date, event.date_hi, lang)


def _day_range(lo: date, hi: date | None, lang: str) -> str:
    """Render "9–11 July 2024" when a day-precise event spans several days."""
    if hi is None or hi <= lo:
        return format_day(lo, lang)
    if (hi.year, hi.month) == (lo.year, lo.month):
        return f"{lo.day}–{format_day(hi, lang)}"
    return f"{format_day(lo, lang)} – {format_day(hi, lang)}"


def format_published(value: str | datetime | None, lang: str) -> str:
    """Render a publication timestamp as a day, keeping unparseable values as they are."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return format_day(value.date(), lang)
    try:
        return format_day(datetime.fromisoformat(value).date(), lang)
    except ValueError:
        return value


def people(event: Event) -> str:
    """List the participants' names, escaped."""
    return ", ".join(esc(actor.name) for actor in event.actors)


def event_line(event: Event, lang: str) -> str:
    """One line: the date in bold, the people, then the kind of contact and its modality."""
    kind = t(lang, f"type_{event.type}")
    if event.modality != "happened":
        kind = f"{kind}, {t(lang, f'modality_{event.modality}')}"
    return f"<b>{esc(format_event_date(event, lang))}</b> · {people(event)} <i>({kind})</i>"


def link(url: str | None, label: str) -> str:
    """An <a href> for web and t.me addresses; other schemes stay plain text."""
    if url and urlsplit(url).scheme.lower() in LINKABLE_SCHEMES:
        return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'
    return esc(label)


def source_block(source: Source, lang: str) -> str:
    """A source: linked title (or outlet), outlet and date, then the quoted sentence."""
    label = source.title or source.outlet or source.url or source.article_id
    details = [part for part in (source.outlet if source.title else None,
                                 format_published(source.published, lang)) if part]
    head = link(source.url, label)
    if details:
        head += " — " + esc(", ".join(details))
    quote = source.quote.strip()
    return f"{head}\n<blockquote>{esc(quote)}</blockquote>" if quote else head


def sources_text(event: Event, lang: str, start: int = 0, stop: int | None = None) -> str:
    """The sources of an event from start to stop, as separate paragraphs."""
    return "\n\n".join(source_block(s, lang) for s in event.sources[start:stop])


def more_sources_markup(event: Event, lang: str) -> InlineKeyboardMarkup | None:
    """A button for the sources beyond the first few, when the event id fits callback data."""
    hidden = len(event.sources) - SHOWN_SOURCES
    data = f"src:{event.id}"
    if hidden <= 0 or len(data.encode()) > CALLBACK_LIMIT:
        return None
    label = t(lang, "more_sources", count=hidden)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])


def render_answer(answer: Answer, lang: str) -> Rendered:
    """Render an answer: date and people first, then the engine's text, then cited sources."""
    if not answer.events:
        parts = [esc(answer.answer) or t(lang, "nothing_found")]
        if answer.hint:
            parts.append(f"<i>{esc(answer.hint)}</i>")
        return Rendered("\n\n".join(parts))
    if answer.intent in SINGLE_ANSWER or len(answer.events) == 1:
        # The first event is the answer; the others only supported choosing it.
        primary = answer.events[0]
        parts = [event_line(primary, lang), esc(answer.answer),
                 sources_text(primary, lang, stop=_inline_sources(primary))]
        return Rendered(_join(parts), more_sources_markup(primary, lang))
    shown = answer.events[:SHOWN_EVENTS]
    lines = "\n".join(_listed_event(event, lang) for event in shown)
    if max(answer.count or 0, len(answer.events)) > len(shown):
        lines += "\n…"
    parts = [esc(answer.answer), lines] if answer.intent == "count" else [lines, esc(answer.answer)]
    return Rendered(_join(parts))


def _inline_sources(event: Event) -> int | None:
    """How many sources go inline: all of them when no button can carry the rest."""
    data = f"src:{event.id}"
    return SHOWN_SOURCES if len(data.encode()) <= CALLBACK_LIMIT else None


def _listed_event(event: Event, lang: str) -> str:
    """An event line followed by a link to its first source."""
    line = event_line(event, lang)
    if not event.sources:
        return line
    first = event.sources[0]
    return f"{line} — {link(first.url, first.outlet or first.title or first.article_id)}"


def _join(parts: Sequence[str]) -> str:
    """Join non-empty paragraphs with blank lines."""
    return "\n\n".join(part for part in parts if part.strip())


def hit_block(number: int, hit: SearchHit, lang: str) -> str:
    """A numbered full-text hit: linked title, outlet, date and snippet."""
    label = hit.title or hit.outlet or hit.url or hit.article_id
    details = [p for p in (hit.outlet if hit.title else None, format_published(hit.published, lang)) if p]
    head = f"{number}. {link(hit.url, label)}"
    if details:
        head += " — " + esc(", ".join(details))
    snippet = hit.snippet.strip()
    return f"{head}\n<i>{esc(snippet)}</i>" if snippet else head


def pager(prefix: str, page: int, pages: int, key: str) -> InlineKeyboardMarkup | None:
    """⬅️ ➡️ buttons whose callback data is "<prefix>:<page>:<key>"."""
    row = []
    if page > 1:
        row.append(InlineKeyboardButton("⬅️", callback_data=f"{prefix}:{page - 1}:{key}"))
    if page < pages:
        row.append(InlineKeyboardButton("➡️", callback_data=f"{prefix}:{page + 1}:{key}"))
    return InlineKeyboardMarkup([row]) if row else None


def render_search(page: SearchPage, lang: str, key: str, *, per_page: int, intro: str = "") -> Rendered:
    """A page of full-text hits with pagination buttons (callback "search:<page>:<key>")."""
    if page.error:
        return Rendered(_join([intro, esc(page.error)]))
    if not page.hits:
        return Rendered(_join([intro, t(lang, "search_none", query=page.query)]))
    header = t(lang, "search_header", query=page.query, total=page.total,
               page=page.page, pages=page.pages)
    first = (page.page - 1) * per_page + 1
    hits = [hit_block(first + n, hit, lang) for n, hit in enumerate(page.hits)]
    return Rendered(_join([intro, header, *hits]), pager("search", page.page, page.pages, key))


def render_hits(hits: Sequence[SearchHit], lang: str, intro: str) -> Rendered:
    """Unpaginated hits (those an answer carried itself)."""
    blocks = [hit_block(n, hit, lang) for n, hit in enumerate(hits, start=1)]
    return Rendered(_join([intro, t(lang, "related_articles"), *blocks]))


def render_timeline(page: TimelinePage, lang: str, name: str, key: str) -> Rendered:
    """A page of a person's contacts, newest first, with pagination buttons."""
    who = page.person.name if page.person else name
    if page.error:
        return Rendered(esc(page.error))
    if not page.events:
        return Rendered(t(lang, "timeline_empty", name=who))
    header = t(lang, "timeline_header", name=who, total=page.total, page=page.page, pages=page.pages)
    lines = [_listed_event(event, lang) for event in page.events]
    return Rendered(_join([header, "\n".join(lines)]), pager("tl", page.page, page.pages, key))


def render_ingest(report: IngestReport, lang: str) -> str:
    """A short ingest reply: new or known, language, and one line per event found."""
    if len(report.results) != 1:
        summary = t(lang, "ingest_batch", new=report.new, duplicate=report.duplicate,
                    skipped=report.skipped, events=report.events)
        return "\n".join([summary, *(esc(e) for e in report.errors[:5])])
    result = report.results[0]
    if result.status == "duplicate":
        return t(lang, "ingest_duplicate")
    if result.status == "skipped":
        return t(lang, "ingest_skipped", error=result.error or "?")
    language = t(lang, f"lang_{result.lang}") if result.lang in ("en", "fr", "uk", "ru") else result.lang
    head = t(lang, "ingest_new", language=language or "?")
    if result.title:
        head += f"\n<b>{esc(result.title)}</b>"
    if not result.events:
        return f"{head}\n{t(lang, 'ingest_no_events')}"
    lines = [f"• {event_line(event, lang)}" for event in result.events]
    return "\n".join([head, t(lang, "ingest_events", count=len(result.events)), *lines])


def render_stats(stats: Stats, lang: str) -> str:
    """Collection statistics for /stats."""
    languages = ", ".join(f"{code} {n}" for code, n in sorted(stats.languages.items())) or "—"
    last = format_published(stats.last_ingest, lang) if stats.last_ingest else t(lang, "never")
    if stats.last_ingest:
        last += stats.last_ingest.strftime(" %H:%M")
    return t(lang, "stats", articles=stats.articles, events=stats.events, people=stats.people,
             languages=languages, size=human_bytes(stats.index_bytes), last=last)


def render_recent(articles: Sequence[Article], lang: str) -> str:
    """Recently added articles with their ids (for /delete)."""
    if not articles:
        return t(lang, "sources_empty")
    lines = [t(lang, "sources_header")]
    for article in articles:
        label = article.title or article.source or article.id
        when = format_published(article.published, lang)
        tail = ", ".join(p for p in (article.source if article.title else None, when) if p)
        line = f"• {link(article.url, label)}" + (f" — {esc(tail)}" if tail else "")
        lines.append(f"{line}\n  <code>{esc(article.id)}</code>")
    return "\n".join(lines)


def human_bytes(size: int) -> str:
    """Render a byte count as "1.2 MB"."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


# ---- splitting -------------------------------------------------------------------------------

_ATOM = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into messages of at most `limit` UTF-16 units each.

    Cuts between paragraphs, else lines, else words, else characters; never inside a tag
    or an entity. Tags open at a cut are closed at the end of one part and reopened at the
    start of the next. A part needing more than `limit` just to reopen its tags may exceed it.
    """
    if utf16_len(text) <= limit:
        return [text] if visible_text(text).strip() else []
    atoms = _ATOM.findall(text)
    parts: list[str] = []
    stack: list[tuple[str, str]] = []
    start = 0
    while start < len(atoms):
        while start < len(atoms) and atoms[start].isspace():
            start += 1
        if start == len(atoms):
            break
        prefix = "".join(opening for _, opening in stack)
        end, after = _fit(atoms, start, stack, limit - utf16_len(prefix))
        closers = "".join(f"</{name}>" for name, _ in reversed(after))
        part = prefix + "".join(atoms[start:end]) + closers
        if visible_text(part).strip():
            parts.append(part)
        start, stack = end, after
    return parts


def _fit(atoms: list[str], start: int, stack: list[tuple[str, str]],
         room: int) -> tuple[int, list[tuple[str, str]]]:
    """Find the best cut after `start`: the furthest one of the highest break rank that fits."""
    current = list(stack)
    size = 0
    best: tuple[int, int, list[tuple[str, str]]] | None = None
    for index in range(start, len(atoms)):
        atom = atoms[index]
        size += utf16_len(atom)
        if size > room:
            break
        _track(current, atom)
        closers = sum(len(name) + 3 for name, _ in current)
        rank = _rank(atoms, index + 1)
        if size + closers <= room and (best is None or rank >= best[0]):
            best = (rank, index + 1, list(current))
    if best is None:
        # Not even one atom fits beside the reopened tags: take one anyway to make progress.
        forced = list(stack)
        _track(forced, atoms[start])
        return start + 1, forced
    return best[1], best[2]


def _rank(atoms: list[str], cut: int) -> int:
    """How good a cut before atoms[cut] is: end > paragraph > line > word > anywhere."""
    if cut >= len(atoms):
        return 4
    before = atoms[cut - 1]
    if before == "\n":
        return 3 if cut >= 2 and atoms[cut - 2] == "\n" else 2
    return 1 if before.isspace() else 0


def _track(stack: list[tuple[str, str]], atom: str) -> None:
    """Update the open-tag stack with one atom."""
    if not atom.startswith("<") or len(atom) < 3:
        return
    match = _TAG_NAME.match(atom)
    if match is None:
        return
    name = match.group(1).lower()
    if not atom.startswith("</"):
        stack.append((name, atom))
        return
    for position in range(len(stack) - 1, -1, -1):
        if stack[position][0] == name:
            del stack[position:]
            return


def visible_text(fragment: str) -> str:
    """The text a reader sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^<>]*>", "", fragment))
