"""The engine façade: ingest, ask, search, curate. Blocking; callers in async code use worker threads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from index.models import (
    Answer,
    Article,
    ArticleIn,
    Event,
    IngestReport,
    SearchPage,
    Stats,
    TimelinePage,
)

Progress = Callable[[int, int], None]


class Engine:
    """Owns the store, the knowledge base, the Whoosh index and its single writer."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)

    def initialize(self) -> None:
        """Open the store and index, check they agree, and repair the index if not."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Flush the writer and close everything."""
        raise NotImplementedError

    def ingest(self, articles: Iterable[ArticleIn]) -> IngestReport:
        """Store, extract and index articles; each is acknowledged only after its transaction commits."""
        raise NotImplementedError

    def ingest_paths(self, paths: Iterable[Path]) -> IngestReport:
        """Ingest files and directories (.jsonl, .txt, .md, .html), reporting bad lines and files."""
        raise NotImplementedError

    def ingest_bytes(self, name: str, data: bytes) -> IngestReport:
        """Ingest an uploaded document; the name's extension picks the format."""
        raise NotImplementedError

    def ask(self, question: str, lang_hint: str | None = None) -> Answer:
        """Answer a plain-language question from the extracted events."""
        raise NotImplementedError

    def search(self, query: str, page: int = 1, per_page: int = 5) -> SearchPage:
        """Full-text search over articles; bad query syntax gives an error message, never an exception."""
        raise NotImplementedError

    def timeline(self, name: str, page: int = 1, per_page: int = 5) -> TimelinePage:
        """A person's contacts that happened, newest first."""
        raise NotImplementedError

    def recent(self, limit: int = 10) -> list[Article]:
        """The most recently added articles."""
        raise NotImplementedError

    def events(self, article_id: str | None = None, actor: str | None = None) -> list[Event]:
        """Extracted events, optionally for one article or one person."""
        raise NotImplementedError

    def event(self, event_id: str) -> Event | None:
        """One event with all its sources."""
        raise NotImplementedError

    def stats(self) -> Stats:
        """Counts, languages, index size and last ingest time."""
        raise NotImplementedError

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the index from the store into a new directory and swap it in atomically."""
        raise NotImplementedError

    def delete(self, article_id: str) -> bool:
        """Delete an article and the events only it supports."""
        raise NotImplementedError

    def export_jsonl(self) -> Iterator[str]:
        """Yield one JSON line per article, in the ingest format."""
        raise NotImplementedError
