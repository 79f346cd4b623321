"""Events between the store and the index: merging reports into events, loading them, indexing them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from index.extract.mention import EventMention
from index.extract.merge import best_date, best_initiator, best_type, cluster, joins
from index.kb import KnowledgeBase, Person
from index.models import Actor, Article, DateValue, Event, SearchHit, Source
from index.search import AddArticle, DeleteArticle, SearchIndex
from index.store import EventRow, MentionRow, Store, Tx
from index.storedb.filters import ContactFilter

# A role phrase ("the Russian minister") expands to every holder ever; bound the index lookups it costs.
MAX_PAIRS = 200
OFFICE_WORDS = {
    "head_of_state": "head of state",
    "head_of_government": "head of government",
    "foreign_minister": "foreign minister",
    "defence_minister": "defence minister",
    "chief_of_staff": "chief of the general staff",
}


def new_id() -> str:
    """A fresh event id."""
    return uuid.uuid4().hex[:16]


# -- mentions <-> rows -----------------------------------------------------------------------


def to_row(m: EventMention, event_id: str, article_id: str) -> MentionRow:
    """A mention as a store row."""
    d = m.date
    return MentionRow(
        event_id=event_id, article_id=article_id, quote=m.quote, start=m.start, end=m.end, type=m.type,
        modality=m.modality, date_lo=d.lo if d else None, date_hi=d.hi if d else None,
        precision=d.precision if d else None, initiator=m.initiator,
        data={"participants": m.participants, "date_from": m.date_from, "background": m.background},
    )


def from_row(row: MentionRow) -> EventMention:
    """A store row as a mention."""
    date_value = None
    if row.date_lo is not None and row.precision:
        date_value = DateValue(lo=row.date_lo, hi=row.date_hi or row.date_lo, precision=row.precision)  # type: ignore[arg-type]
    return EventMention(
        type=row.type, modality=row.modality, participants=list(row.data.get("participants", [])),
        initiator=row.initiator, date=date_value, date_from=row.data.get("date_from", "none"),
        quote=row.quote, start=row.start, end=row.end, background=bool(row.data.get("background")),
    )


def row_mention(row: EventRow) -> EventMention:
    """An event row seen as one mention with the event's merged date, kind and modality."""
    value = None
    if row.date_lo is not None and row.precision:
        value = DateValue(lo=row.date_lo, hi=row.date_hi or row.date_lo, precision=row.precision)  # type: ignore[arg-type]
    return EventMention(type=row.type, modality=row.modality, participants=list(row.participants), date=value,
                        quote="", start=0, end=0)


# -- people --------------------------------------------------------------------------------------


def role_label(kb: KnowledgeBase, pid: str, day: date | None) -> str | None:
    """A person's office on a day, in words ('defence minister, RU')."""
    person = kb.person(pid)
    if person is None:
        return None
    roles = person.roles_on(day) if day else []
    if not roles and person.roles:
        roles = [person.roles[-1]] if day is None else []
    if not roles:
        return None
    r = roles[0]
    return f"{OFFICE_WORDS.get(r.office, r.office)}, {r.country.upper()}"


def actor(kb: KnowledgeBase, pid: str, day: date | None) -> Actor:
    """A participant as shown in answers: English canonical name and the role on the day."""
    person = kb.person(pid)
    return Actor(id=pid, name=person.name if person else pid, role=role_label(kb, pid, day))


def learned_people(store: Store) -> list[Person]:
    """People the engine learned from appositions in earlier articles."""
    return [Person.model_validate(data) for data in store.people().values()]


# -- merging into events ------------------------------------------------------------------------


def summarize(kb: KnowledgeBase, event_id: str, mentions: Sequence[EventMention]) -> EventRow:
    """The event that a set of mentions describes: the most precise date, the most specific kind."""
    when = best_date(mentions)
    mtype = best_type(mentions)
    modality = mentions[0].modality
    day = when.lo if when else None
    participants = sorted({p for m in mentions for p in m.participants})
    event = Event(
        id=event_id, date=when.shown() if when else None, date_hi=when.hi if when else None,
        date_precision=when.precision if when else None, type=mtype,  # type: ignore[arg-type]
        cameo=mentions[0].model_copy(update={"type": mtype}).cameo, modality=modality,  # type: ignore[arg-type]
        actors=[actor(kb, pid, day) for pid in participants], initiator=best_initiator(mentions),
    )
    row = EventRow.from_event(event)
    if when is not None:
        row.date_lo, row.date_hi = when.lo, when.hi
    return row


def attach(store: Store, tx: Tx, kb: KnowledgeBase, article: Article,
           groups: list[list[EventMention]]) -> dict[str, EventRow]:
    """Add an article's mention groups to matching events, or create events; return the touched rows by id."""
    touched: dict[str, EventRow] = {}
    for group in groups:
        participants = sorted(set(group[0].participants))
        when = best_date(group)
        existing = None
        candidates = store.merge_candidates(participants, group[0].modality, when.lo if when else None,
                                            when.hi if when else None)
        for row in candidates:
            # The stored row already holds the merged date, kind and modality: compare with it, and
            # read an event's mentions only once it matches (ingest cost stays flat as events pile up).
            if not joins(group, [row_mention(row)]):
                continue
            theirs = [from_row(r) for r in store.mentions_for_event(row.id)]
            if theirs:
                existing = (row.id, theirs)
                break
        if existing is None:
            event_id = new_id()
            row = summarize(kb, event_id, group)
            tx.add_event_row(row)
        else:
            event_id = existing[0]
            row = summarize(kb, event_id, [*existing[1], *group])
            tx.update_event_row(row)
        for m in group:
            tx.add_mention(to_row(m, event_id, article.id))
        touched[event_id] = row
    return touched


def detach(store: Store, tx: Tx, kb: KnowledgeBase, article_id: str) -> None:
    """Delete an article; events it alone supported go, the others are re-formed from what remains."""
    for event_id in tx.delete_article(article_id):
        rows = store.mentions_for_event(event_id)
        if not rows:
            tx.delete_event(event_id)
            continue
        groups = cluster([from_row(r) for r in rows])
        tx.update_event_row(summarize(kb, event_id, groups[0]))
        for extra in groups[1:]:
            split_id = new_id()
            tx.add_event_row(summarize(kb, split_id, extra))
            for r in rows:
                if from_row(r) in extra and r.id is not None:
                    tx.set_mention_event(r.id, split_id)


# -- loading ---------------------------------------------------------------------------------------


def source(article: Article | None, row: MentionRow) -> Source:
    """One report of an event, with its article's metadata."""
    return Source(
        article_id=row.article_id, title=article.title if article else None, url=article.url if article else None,
        outlet=article.source if article else None,
        published=article.published.isoformat() if article and article.published else None,
        quote=row.quote, start=row.start, end=row.end,
    )


def load_events(store: Store, kb: KnowledgeBase, ids: Iterable[str]) -> list[Event]:
    """Events with all their sources, most precise report first."""
    ids = list(dict.fromkeys(ids))
    rows = store.events_by_ids(ids)
    mentions = store.mentions_for_events(ids)
    articles = store.get_articles({m.article_id for ms in mentions.values() for m in ms})
    out = []
    for row in rows:
        # The best evidence first: a day-precise report dated by its own words, then the fuller sentence.
        ms = sorted(mentions.get(row.id, []), key=lambda m: (
            m.precision != "day", m.precision is None, m.data.get("date_from") != "text", -len(m.quote)))
        seen: set[str] = set()
        sources = []
        for m in ms:
            if m.article_id not in seen:
                seen.add(m.article_id)
                sources.append(source(articles.get(m.article_id), m))
        out.append(row.to_event(sources))
    return out


def events_for_people(store: Store, people: list[list[str]], modality: str | None = "happened",
                      want: ContactFilter | None = None) -> list[Event]:
    """Contacts that involve a candidate of each of the first two asked actors (the answerer checks the rest).

    The store joins the people and keeps only contacts that happened (and pass ``want``, the question's kind
    and time, when given), so a question loads the pair's events rather than every event of a busy person;
    they come without sources, which only the shown events need (``with_sources``).
    """
    if not people:
        return []
    pairs = [[a] for a in people[0]] if len(people) == 1 else [[a, b] for a in people[0] for b in people[1] if a != b]
    found: dict[str, Event] = {}
    for actors in pairs[:MAX_PAIRS]:
        for event in store.contact_events(actors, modality, want):
            found.setdefault(event.id, event)
    return list(found.values())


def with_sources(store: Store, kb: KnowledgeBase, events: list[Event]) -> list[Event]:
    """The same events, in the same order, with their sources loaded."""
    loaded = {e.id: e for e in load_events(store, kb, [e.id for e in events])}
    return [loaded.get(e.id, e) for e in events]


def list_events(store: Store, kb: KnowledgeBase, article_id: str | None, name: str | None) -> list[Event]:
    """Events of one article, of one person, or all of them, oldest first."""
    if article_id:
        ids = [m.event_id for m in store.mentions_for_article(article_id)]
    elif name:
        pids = kb.resolve_name(name)
        ids = [r.id for r in store.events_with_participant(pids[0])] if pids else []
    else:
        ids = [r.id for r in store.iter_event_rows()]
    events = load_events(store, kb, ids)
    return sorted(events, key=lambda e: (e.date is None, e.date or date.min))


# -- the index ---------------------------------------------------------------------------------------


def index_ops(article: Article, seq: int) -> list[Any]:
    """Index operations for a new article (``seq``: its store insert order)."""
    return [AddArticle(article, seq)]


def delete_ops(article_id: str) -> list[Any]:
    """Index operations after a deletion."""
    return [DeleteArticle(article_id)]


def repair_index(store: Store, index: SearchIndex) -> int:
    """Make the index hold exactly the store's articles; return how many documents were fixed."""
    have, want = index.article_ids(), store.article_ids()
    ops: list[Any] = [DeleteArticle(i) for i in have - want]
    missing = want - have
    ops += [AddArticle(a, seq) for a, seq in store.get_articles_with_seq(missing)] if missing else []
    if ops:
        index.submit(ops).result()
    return len(ops)


def rebuild(store: Store, index: SearchIndex, kb: KnowledgeBase, progress: Callable[[int, int], None] | None) -> int:
    """Rebuild the whole index from the store; return the number of documents written."""
    total = store.counts()["articles"]

    def tick(n: int) -> None:
        if progress:
            progress(n, total)

    index.rebuild(store.iter_articles_with_seq(), tick)
    return total


def hit(doc: dict[str, Any]) -> SearchHit:
    """A full-text hit from an index document."""
    published = doc.get("published")
    return SearchHit(
        article_id=str(doc.get("id")), title=doc.get("title"), url=doc.get("url"), outlet=doc.get("source"),
        published=str(published) if published else None, snippet=str(doc.get("snippet") or ""),
        score=float(doc.get("score") or 0.0),
    )
