"""The engine façade: ingest, ask, search, curate. Blocking; callers in async code use worker threads."""

from __future__ import annotations

import gc
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TypeVar

from index import events as ev
from index.dates import warm_up
from index.extract.extractor import Extractor
from index.extract.lexicon import Lexicons
from index.kb import KnowledgeBase
from index.models import (
    RESULT_DETAIL_LIMIT,
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
from index.prepare import Prepared, Preparer, failed, skipped
from index.qa.answer import Answerer
from index.qa.wording import Wording
from index.readers import Limits, ReadError, read_bytes, read_paths
from index.search import Op, QuerySyntaxError, SearchIndex
from index.store import DuplicateArticleError, EventRow, Store, Tx, content_hash
from index.streams import batched
from index.text.lang import preload as preload_language_model

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
T = TypeVar("T")
# Events an answer carries with their sources (its count covers them all).
ANSWER_EVENTS = 20
# Articles per store transaction (and index submission) during bulk ingest.
STORE_BATCH = 50


# A stored article: its insert order, and the events it created or joined.
Stored = tuple[int, dict[str, EventRow]]


def with_last(items: Iterable[T]) -> Iterator[tuple[T, bool]]:
    """Each item with whether it is the last, looking one ahead."""
    it = iter(items)
    try:
        current = next(it)
    except StopIteration:
        return
    for following in it:
        yield current, False
        current = following
    yield current, True


def _duplicate(item: ArticleIn, article: Article, existing_id: str) -> ArticleResult:
    """The result for a copy of a stored article."""
    return ArticleResult(article_id=existing_id, status="duplicate", lang=article.lang, title=article.title,
                         published=article.published, location=item.location)


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
        self.preparer = Preparer(self.extractor, self.limits, self.today)
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
        content_hash("")  # builds its character table
        self.parser()
        # What start-up built (knowledge base, lexicons, models) lives as long as the process: take it out of
        # the collector's full scans, which otherwise re-walk it every few hundred articles of an ingest
        # (2,000 articles: 0.15 s of full collections -> 0.02 s). Garbage from start-up is collected first.
        gc.collect()
        gc.freeze()

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
        """Store, extract and index articles; each is acknowledged only after its transaction commits.

        Articles are committed in batches (one fsync per batch, a savepoint per article) so a bulk ingest does
        not pay a disk flush per article; a single forwarded article is a batch of one.
        """
        report = IngestReport()
        pending: list[Future[None]] = []
        for batch, last in with_last(batched(articles, STORE_BATCH)):
            ops: list[Op] = []
            for result in self._ingest_batch(batch, ops, report):
                report.add(result)
            if ops:
                pending.append(self.index.submit(ops, more=not last))
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

    def _ingest_batch(self, batch: list[ArticleIn | ReadError], ops: list[Op],
                      report: IngestReport) -> list[ArticleResult]:
        """Understand and extract each article, then store the batch in one transaction; never raises."""
        prepared = [self._prepare_here(item) for item in batch]
        ready = [p for p in prepared if isinstance(p, Prepared)]
        stored = self._store_batch(ready) if ready else {}
        results: list[ArticleResult] = []
        for p in prepared:
            if isinstance(p, ArticleResult):
                results.append(p)
                continue
            outcome = stored[id(p)]
            if isinstance(outcome, ArticleResult):
                results.append(outcome)
                continue
            seq, rows = outcome
            ops.extend(ev.index_ops(p.article, seq))
            # Only results the report will keep are worth loading their events for.
            results.append(self._new_result(p, rows, len(report.results) + len(results) < RESULT_DETAIL_LIMIT))
        return results

    def _prepare_here(self, item: ArticleIn | ReadError) -> Prepared | ArticleResult:
        """Prepare one item in this process, skipping the extraction of an article already stored."""
        if isinstance(item, ReadError):
            return skipped(item, item.message)
        refused = self.preparer.check(item)
        if refused is not None:
            return refused
        try:
            article = self.understand(item)
            known = self.store.article_id_for_hash(article.content_hash)
            if known is not None or (item.id and self.store.get_article(article.id)):
                return _duplicate(item, article, known or article.id)
            return self.preparer.extract(item, article)
        except Exception as err:  # one bad article must not stop a batch or lose the others
            log.exception("ingest failed for %s", item.location or item.id)
            return failed(item, err)

    def _store_batch(self, ready: list[Prepared]) -> dict[int, Stored | ArticleResult]:
        """Store articles and their events in one transaction, each in a savepoint; map each to its outcome."""
        out: dict[int, Stored | ArticleResult] = {}
        with self._ingest_lock:
            try:
                with self.store.transaction() as tx:
                    for p in ready:
                        out[id(p)] = self._store_one(tx, p)
            except Exception as err:  # the commit itself failed: nothing of this batch is stored
                log.exception("storing a batch of %d articles failed", len(ready))
                return {id(p): failed(p.item, err) for p in ready}
        return out

    def _store_one(self, tx: Tx, p: Prepared) -> Stored | ArticleResult:
        """Store one article and attach its events inside a savepoint; a failure undoes only this article."""
        try:
            with tx.savepoint():
                seq = tx.add_article(p.article, origin=p.item.origin)
                return seq, ev.attach(self.store, tx, self.kb, p.article, p.groups)
        except DuplicateArticleError as dup:
            return _duplicate(p.item, p.article, dup.existing_id)
        except Exception as err:
            log.exception("ingest failed for %s", p.item.location or p.article.id)
            return failed(p.item, err)

    def _new_result(self, p: Prepared, rows: dict[str, EventRow], detailed: bool) -> ArticleResult:
        """The result of a stored article; its events are loaded only when the report keeps them."""
        events = ev.load_events(self.store, self.kb, rows) if detailed else []
        return ArticleResult(article_id=p.article.id, status="new", lang=p.article.lang, title=p.article.title,
                             published=p.article.published, events=events, event_count=len(rows),
                             location=p.item.location)

    def understand(self, item: ArticleIn) -> Article:
        """Clean the text, identify the language and find the publication date."""
        return self.preparer.understand(item)

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
        hits = lambda: self._hits(question)  # noqa: E731 - only searched when no contact answers
        exact = self.answerer.exact_people(parsed)
        if exact is not None:
            # Named people only: the store filters, counts and orders, and decodes just what is shown.
            total, top = self.store.top_contacts(exact, self.answerer.contact_filter(parsed), ANSWER_EVENTS)
            answer = self.answerer.answer(parsed, top, hits, total=total)
        else:
            # Roles, sides, several candidates: SQL checks kind and time, the answerer checks the rest.
            want = self.answerer.contact_filter(parsed)
            events = ev.events_for_people(self.store, self.answerer.candidate_people(parsed), want=want)
            answer = self.answerer.answer(parsed, events, hits)
        # `count` keeps the full number; only the events an answer can show carry their sources.
        shown = ev.with_sources(self.store, self.kb, answer.events[:ANSWER_EVENTS])
        return answer.model_copy(update={"events": shown})

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
        return [ev.hit(d) for d in self.index.best_articles(text, limit)]

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
        # events_for_people keeps only contacts that happened.
        events = self.answerer.order(ev.events_for_people(self.store, [ids[:1]]), "last")
        pages = max(1, -(-len(events) // per_page))
        page = min(max(1, page), pages)
        person = ev.actor(self.kb, ids[0], None)
        shown = ev.with_sources(self.store, self.kb, events[(page - 1) * per_page: page * per_page])
        return TimelinePage(person=person, total=len(events), page=page, pages=pages, events=shown)

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
                ev.detach(self.store, tx, self.kb, article_id)
        self.index.submit(ev.delete_ops(article_id)).result()
        return True

    def export_jsonl(self) -> Iterator[str]:
        """Yield one JSON line per article, in the ingest format."""
        for a in self.store.iter_articles():
            row = {"id": a.id, "title": a.title, "url": a.url, "source": a.source, "lang": a.lang,
                   "published": a.published.isoformat() if a.published else None, "text": a.text}
            yield json.dumps(row, ensure_ascii=False)
