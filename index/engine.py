"""The engine façade: ingest, ask, search, curate. Blocking; callers in async code use worker threads."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from datetime import date, datetime, timezone
from pathlib import Path

from index import events as ev
from index.dates import find_publication_date, warm_up
from index.extract.extractor import Extractor
from index.extract.lexicon import Lexicons
from index.extract.merge import absorb_denials, cluster
from index.kb import KnowledgeBase
from index.models import (
    LANGS,
    Answer,
    Article,
    ArticleIn,
    ArticleResult,
    Event,
    IngestReport,
    SearchHit,
    SearchPage,
    Stats,
    TimelinePage,
)
from index.qa.answer import Answerer
from index.qa.wording import Wording
from index.readers import Limits, ReadError, read_bytes, read_paths
from index.search import Op, QuerySyntaxError, SearchIndex
from index.store import DuplicateArticleError, Store, content_hash
from index.text.clean import clean
from index.text.lang import detect_language
from index.text.lang import preload as preload_language_model

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
# Index operations are handed to the writer in batches of this many articles during bulk ingest.
SUBMIT_BATCH = 200


class Engine:
    """Owns the store, the knowledge base, the Whoosh index and its single writer."""

    def __init__(self, data_dir: Path, limits: Limits | None = None, today: date | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.limits = limits or Limits()
        self._today = today
        self._ingest_lock = threading.Lock()
        self.store = Store(self.data_dir / "newsbot.sqlite3")
        self.index = SearchIndex(self.data_dir / "index")
        self.kb = KnowledgeBase.load()
        self.extractor = Extractor(self.kb, Lexicons())
        self.wording = Wording()
        self.answerer = Answerer(self.kb, self.wording)
        self._parser: object | None = None

    # -- life cycle ---------------------------------------------------------------------------

    def initialize(self) -> None:
        """Open the store and index, check they agree, and repair the index if not."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.store.initialize()
        for person in ev.learned_people(self.store):
            self.kb.add_person(person)
        self.index.initialize()
        self.repair()
        # Load the slow parts once, before the first question, not in every thread that asks first.
        warm_up()
        preload_language_model()
        self.parser()

    def shutdown(self) -> None:
        """Flush the writer and close everything."""
        self.index.shutdown()
        self.store.close()

    def today(self) -> date:
        """The reference day for year inference and open-ended questions."""
        return self._today or datetime.now(timezone.utc).date()

    def repair(self) -> int:
        """Make the index match the store: add what is missing, drop what is orphaned; return the fixes made."""
        return ev.repair_index(self.store, self.index)

    # -- ingest -------------------------------------------------------------------------------

    def ingest(self, articles: Iterable[ArticleIn | ReadError], wait: bool = True) -> IngestReport:
        """Store, extract and index articles; each is acknowledged only after its transaction commits."""
        report = IngestReport()
        pending: list[Future[None]] = []
        ops: list[Op] = []
        for item in articles:
            result = self._ingest_item(item, ops)
            report.add(result)
            if len(ops) >= SUBMIT_BATCH:
                pending.append(self.index.submit(ops))
                ops = []
        if ops:
            pending.append(self.index.submit(ops))
        if wait:
            self._await_index(pending)
        return report

    def _await_index(self, pending: list[Future[None]]) -> None:
        """Wait for the index; if it failed, the articles are stored all the same, so repair rather than raise."""
        failed = False
        for fut in pending:
            try:
                fut.result()
            except Exception:
                log.exception("the index update failed; the store has the articles, repairing the index")
                failed = True
        if failed:
            try:
                self.repair()
            except Exception:
                log.exception("index repair failed; it will run again at the next start")

    def ingest_paths(self, paths: Iterable[Path]) -> IngestReport:
        """Ingest files and directories (.jsonl, .txt, .md, .html), reporting bad lines and files."""
        return self.ingest(read_paths(paths, self.limits))

    def ingest_bytes(self, name: str, data: bytes) -> IngestReport:
        """Ingest an uploaded document; the name's extension picks the format."""
        return self.ingest(read_bytes(name, data, self.limits))

    def _ingest_item(self, item: ArticleIn | ReadError, ops: list[Op]) -> ArticleResult:
        """Ingest one article, never raising: a bad one is reported and skipped."""
        if isinstance(item, ReadError):
            return ArticleResult(status="skipped", error=item.message, location=item.location)
        try:
            return self._ingest_article(item, ops)
        except Exception as err:  # one bad article must not stop a batch or lose the others
            log.exception("ingest failed for %s", item.location or item.id)
            return ArticleResult(status="skipped", error=f"could not process this article ({type(err).__name__})",
                                 location=item.location)

    def _ingest_article(self, item: ArticleIn, ops: list[Op]) -> ArticleResult:
        """Understand one article, then store it and its events in one transaction."""
        if not item.text.strip():
            return ArticleResult(status="skipped", error="the article has no text", location=item.location)
        if len(item.text) > self.limits.max_article_chars:
            return ArticleResult(status="skipped", location=item.location, error=(
                f"article is {len(item.text):,} characters; the limit is {self.limits.max_article_chars:,}"))
        article = self.understand(item)
        known = self.store.article_id_for_hash(article.content_hash)
        if known is not None or (item.id and self.store.get_article(article.id)):
            return ArticleResult(article_id=known or article.id, status="duplicate", lang=article.lang,
                                 title=article.title, published=article.published, location=item.location)
        day = article.published.date() if article.published else None
        mentions = self.extractor.extract(article.text, article.lang, day)
        groups = cluster(absorb_denials(mentions, day))
        with self._ingest_lock:
            try:
                with self.store.transaction() as tx:
                    tx.add_article(article, origin=item.origin)
                    touched = ev.attach(self.store, tx, self.kb, article, groups)
            except DuplicateArticleError as dup:
                return ArticleResult(article_id=dup.existing_id, status="duplicate", lang=article.lang,
                                     title=article.title, location=item.location)
        events = ev.load_events(self.store, self.kb, touched)
        ops.extend(ev.index_ops(article, events))
        mine = [e for e in events if any(s.article_id == article.id for s in e.sources)]
        return ArticleResult(article_id=article.id, status="new", lang=article.lang, title=article.title,
                             published=article.published, events=mine, location=item.location)

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
            title=item.title or ev.first_line(text),
            url=item.url,
            source=item.source,
            lang=lang,
            published=published,
            published_from=published_from if published else "none",
            text=text,
            content_hash=digest,
            added_at=datetime.now(timezone.utc),
        )

    # -- questions ------------------------------------------------------------------------

    def parser(self):  # type: ignore[no-untyped-def]
        """The question parser, built once."""
        if self._parser is None:
            from index.qa.parse import QuestionParser

            self._parser = QuestionParser(self.kb)
        return self._parser

    def ask(self, question: str, lang_hint: str | None = None) -> Answer:
        """Answer a plain-language question from the extracted events."""
        parsed = self.parser().parse(question, lang_hint=lang_hint, today=self.today())
        if parsed.intent == "search" or not parsed.actors:
            return self._search_answer(parsed)
        people = self.answerer.candidate_people(parsed)
        events = ev.events_for_people(self.store, self.index, self.kb, people)
        return self.answerer.answer(parsed, events, lambda: self._hits(question))

    def _search_answer(self, parsed) -> Answer:  # type: ignore[no-untyped-def]
        """No contact question: say so, then offer full-text hits, labelled as such."""
        lang = self.wording.lang(parsed.lang)
        hits = self._hits(parsed.text) if parsed.text.strip() else []
        lines = [parsed.problem] if getattr(parsed, "problem", None) else [self.wording.text(lang, "none")]
        lines.append(self.wording.text(lang, "search" if hits else "search_none"))
        return Answer(question=parsed.text, lang=lang, intent="search", answer="\n".join(lines), count=None,
                      hits=hits, hint=getattr(parsed, "problem", None))

    def _hits(self, text: str, limit: int = 5) -> list[SearchHit]:
        """Full-text hits for a question, searched literally so its syntax can never break the query."""
        try:
            _, docs = self.index.search_articles(text, 1, limit, literal=True, any_term=True)
        except QuerySyntaxError:
            return []
        return [ev.hit(d) for d in docs]

    def search(self, query: str, page: int = 1, per_page: int = 5) -> SearchPage:
        """Full-text search over articles; bad query syntax gives an error message, never an exception."""
        page = max(1, page)
        try:
            total, docs = self.index.search_articles(query, page, per_page)
            error = None
        except QuerySyntaxError as err:
            total, docs = self.index.search_articles(query, page, per_page, literal=True)
            error = f"{err} Searched for the words literally instead."
        pages = max(1, -(-total // per_page))
        return SearchPage(query=query, total=total, page=page, pages=pages, hits=[ev.hit(d) for d in docs],
                          error=error)

    def timeline(self, name: str, page: int = 1, per_page: int = 5) -> TimelinePage:
        """A person's contacts that happened, newest first."""
        ids = self.kb.resolve_name(name.strip()) if name.strip() else []
        if not ids:
            return TimelinePage(person=None, total=0, page=1, pages=1, events=[],
                                error=f"I don't know anyone called {name.strip()!r}. Try a surname, like Shoigu.")
        events = [e for e in ev.events_for_people(self.store, self.index, self.kb, [ids[:1]])
                  if e.modality == "happened"]
        events = self.answerer.order(events, "last")
        pages = max(1, -(-len(events) // per_page))
        page = min(max(1, page), pages)
        person = ev.actor(self.kb, ids[0], None)
        return TimelinePage(person=person, total=len(events), page=page, pages=pages,
                            events=events[(page - 1) * per_page: page * per_page])

    # -- curation -----------------------------------------------------------------------------

    def recent(self, limit: int = 10) -> list[Article]:
        """The most recently added articles."""
        return self.store.recent_articles(limit)

    def events(self, article_id: str | None = None, actor: str | None = None) -> list[Event]:
        """Extracted events, optionally for one article or one person."""
        return ev.list_events(self.store, self.kb, article_id, actor)

    def event(self, event_id: str) -> Event | None:
        """One event with all its sources."""
        found = ev.load_events(self.store, self.kb, [event_id])
        return found[0] if found else None

    def stats(self) -> Stats:
        """Counts, languages, index size and last ingest time."""
        counts = self.store.counts()
        return Stats(articles=counts["articles"], events=counts["events"], languages=counts["languages"],
                     index_bytes=self.index.size_bytes(), last_ingest=counts["last_ingest"],
                     people=len(self.kb.all_ids()) if hasattr(self.kb, "all_ids") else 0)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the index from the store into a new directory and swap it in atomically."""
        return ev.rebuild(self.store, self.index, self.kb, progress)

    def delete(self, article_id: str) -> bool:
        """Delete an article and the events only it supports."""
        with self._ingest_lock:
            if self.store.get_article(article_id) is None:
                return False
            with self.store.transaction() as tx:
                changed, removed = ev.detach(self.store, tx, self.kb, article_id)
        events = ev.load_events(self.store, self.kb, changed)
        self.index.submit(ev.delete_ops(article_id, removed, events)).result()
        return True

    def export_jsonl(self) -> Iterator[str]:
        """Yield one JSON line per article, in the ingest format."""
        for a in self.store.iter_articles():
            row = {"id": a.id, "title": a.title, "url": a.url, "source": a.source, "lang": a.lang,
                   "published": a.published.isoformat() if a.published else None, "text": a.text}
            yield json.dumps(row, ensure_ascii=False)
