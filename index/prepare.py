"""One article understood outside any lock: cleaned, language and date found, hashed, extracted and grouped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from index.dates import find_publication_date
from index.extract.extractor import Extractor
from index.extract.mention import EventMention
from index.extract.merge import absorb_denials, cluster
from index.models import LANGS, Article, ArticleIn, ArticleResult
from index.readers import Limits, ReadError
from index.store import content_hash
from index.text.clean import clean
from index.text.lang import detect_language


@dataclass
class Prepared:
    """An article understood and extracted, ready to store."""

    item: ArticleIn
    article: Article
    groups: list[list[EventMention]]


def skipped(item: ArticleIn | ReadError, error: str) -> ArticleResult:
    """The result for an item that is not stored, with the reason for whoever sent it."""
    return ArticleResult(status="skipped", error=error, location=item.location)


def failed(item: ArticleIn, err: Exception) -> ArticleResult:
    """The result for an article that could not be processed; the reason is logged."""
    return skipped(item, f"could not process this article ({type(err).__name__})")


def first_line(text: str, limit: int = 200) -> str | None:
    """The first non-empty line of a text, as a fallback title."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return None


class Preparer:
    """Everything ingest does to an article before the store: pure work, safe in any thread."""

    def __init__(self, extractor: Extractor, limits: Limits, today: Callable[[], date]) -> None:
        self.extractor = extractor
        self.limits = limits
        self.today = today

    def check(self, item: ArticleIn) -> ArticleResult | None:
        """A skipped result for an empty or oversized article; None when it can be processed."""
        if not item.text.strip():
            return skipped(item, "the article has no text")
        if len(item.text) > self.limits.max_article_chars:
            return skipped(item, f"article is {len(item.text):,} characters; "
                                 f"the limit is {self.limits.max_article_chars:,}")
        return None

    def extract(self, item: ArticleIn, article: Article) -> Prepared:
        """Extract an understood article's contacts and group the reports of one contact."""
        day = article.published.date() if article.published else None
        mentions = self.extractor.extract(article.text, article.lang, day)
        return Prepared(item, article, cluster(absorb_denials(mentions, day)))

    def understand(self, item: ArticleIn) -> Article:
        """Clean the text, identify the language and find the publication date."""
        cleaned = clean(item.text)
        text = cleaned.text if cleaned.text.strip() else item.text
        lang = item.lang if item.lang in LANGS else detect_language(text)
        published, published_from = item.published, "field"
        if published is None:
            published, published_from = find_publication_date(item.text, lang, self.today())
        if published is not None and published.tzinfo is None:
            # Stored times are UTC, whether given or inferred, so they compare and round-trip alike.
            published = published.replace(tzinfo=timezone.utc)
        digest = content_hash(text)
        return Article(
            id=item.id or digest[:16],
            title=item.title or first_line(text),
            url=item.url,
            source=item.source,
            lang=lang,
            published=published,
            published_from=published_from if published else "none",
            text=text,
            content_hash=digest,
            added_at=datetime.now(timezone.utc),
        )
