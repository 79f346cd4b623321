"""Whoosh schemas and the documents that go into them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from whoosh.analysis import Analyzer, CharsetFilter, Filter, IDTokenizer, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from index.models import Article

# Ukrainian words keep their apostrophe ("м'ясо", "п’ять"); elsewhere it splits ("l'Ukraine").
_CYR = "а-яёіїєґА-ЯЁІЇЄҐ"
_TOKEN = rf"[{_CYR}]+(?:['’ʼ][{_CYR}]+)+|\w+(?:\.?\w+)*"
_FOLD = str.maketrans({"'": None, "’": None, "ʼ": None, "ё": "е"})


class _CyrillicFold(Filter):  # type: ignore[misc]
    """Drop word-internal apostrophes and fold ё to е, the spelling most Russian texts use."""

    def __call__(self, tokens: Any) -> Any:
        for t in tokens:
            t.text = t.text.translate(_FOLD)
            yield t


def text_analyzer() -> Analyzer:
    """Return the one analyzer for every language: words, lowercase, accents and ё folded."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | CharsetFilter(accent_map) | _CyrillicFold()


def article_schema() -> Schema:
    """Return the schema of the articles index."""
    analyzer = text_analyzer()
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        seq=NUMERIC(int, bits=64, stored=True, sortable=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        text=TEXT(analyzer=analyzer, stored=True),
        lang=ID(stored=True),
        source=ID(stored=True, analyzer=IDTokenizer() | LowercaseFilter()),
        url=STORED(),
        published=NUMERIC(int, stored=True, sortable=True),
    )


def day_number(value: date | datetime | None) -> int:
    """Return a date as a sortable yyyymmdd integer, 0 when unknown."""
    if value is None:
        return 0
    return value.year * 10000 + value.month * 100 + value.day


def day_iso(number: int) -> str | None:
    """Return a yyyymmdd integer as an ISO date string, None for 0."""
    if not number:
        return None
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"


def article_fields(article: Article, seq: int = 0) -> dict[str, Any]:
    """Return the Whoosh fields of an article; empty values are left out, as Whoosh wants."""
    doc: dict[str, Any] = {
        "id": article.id,
        "seq": seq,
        "text": article.text,
        "lang": article.lang,
        "published": day_number(article.published),
    }
    optional = {"title": article.title, "source": article.source, "url": article.url}
    doc.update({k: v for k, v in optional.items() if v})
    return doc
