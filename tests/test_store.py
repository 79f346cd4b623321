"""Tests for the SQLite store: transactions, dedup hashing, cascades, streaming and threads."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from index.models import Actor, Article, Event, Source
from index.store import (
    SCHEMA_VERSION,
    DuplicateArticleError,
    EventRow,
    MentionRow,
    Store,
    StoreError,
    content_hash,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "news.sqlite")
    s.initialize()
    yield s
    s.close()


def make_article(n: int, text: str | None = None, lang: str = "en") -> Article:
    body = text if text is not None else f"Article number {n} about talks in Geneva."
    return Article(
        id=f"art-{n}",
        title=f"Title {n}",
        url=f"https://example.org/{n}",
        source="Example",
        lang=lang,
        published=datetime(2024, 5, 1 + n % 28, 9, 30, tzinfo=timezone.utc),
        published_from="field",
        text=body,
        content_hash=content_hash(body),
        added_at=datetime(2024, 6, 1, tzinfo=timezone.utc),
    )


def make_event(event_id: str, people: list[str], day: date | None = date(2024, 5, 2)) -> Event:
    return Event(
        id=event_id,
        date=day,
        date_hi=day,
        date_precision="day" if day else None,
        type="phone_call",
        cameo="041",
        modality="happened",
        actors=[Actor(id=p, name=p.title()) for p in people],
        initiator=people[0],
    )


def mention(event_id: str, article_id: str, quote: str = "They spoke by phone.") -> MentionRow:
    return MentionRow(event_id=event_id, article_id=article_id, quote=quote, start=3, end=3 + len(quote),
                      type="phone_call", modality="happened", date_lo=date(2024, 5, 2), data={"actors": ["x"]})


def add_with_event(store: Store, n: int, event_id: str, people: list[str]) -> None:
    with store.transaction() as tx:
        tx.add_article(make_article(n))
        if store.get_event_row(event_id) is None:
            tx.add_event_row(EventRow.from_event(make_event(event_id, people)))
        tx.add_mention(mention(event_id, f"art-{n}"))


def test_initialize_sets_schema_version_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    for _ in range(2):
        s = Store(path)
        s.initialize()
        s.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    s = Store(path)
    with pytest.raises(StoreError):
        s.initialize()
    s.close()


def test_article_round_trip(store: Store) -> None:
    article = make_article(1, "Зеленський провів переговори.", lang="uk")
    with store.transaction() as tx:
        assert tx.add_article(article, origin="telegram") == 1
    assert store.get_article("art-1") == article
    assert store.article_id_for_hash(content_hash("зеленський  провів переговори")) == "art-1"
    assert store.get_article("missing") is None


def test_rollback_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with store.transaction() as tx:
            tx.add_article(make_article(1))
            tx.add_event_row(EventRow.from_event(make_event("ev-1", ["austin", "belousov"])))
            tx.add_mention(mention("ev-1", "art-1"))
            tx.put_person("belousov", {"name": "Andrei Belousov"})
            tx.set_meta("k", "v")
            raise RuntimeError("boom")
    counts = store.counts()
    assert (counts["articles"], counts["events"], counts["people"]) == (0, 0, 0)
    assert store.mentions_for_article("art-1") == []
    assert store.events_with_participant("austin") == []
    assert store.get_meta("k") is None
    assert store.max_seq() == 0


def test_duplicate_content_is_refused(store: Store) -> None:
    with store.transaction() as tx:
        tx.add_article(make_article(1, "Austin spoke with “Belousov” — briefly."))
    copy = make_article(2, 'Austin  spoke with "Belousov" - briefly.')
    with pytest.raises(DuplicateArticleError) as err:
        with store.transaction() as tx:
            tx.add_article(copy)
    assert err.value.existing_id == "art-1"
    assert store.counts()["articles"] == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("He said “yes”.", 'He said "yes".'),
        ("Talks – in Geneva — ended", "Talks - in Geneva - ended"),
        ("«Переговори» тривали", '"Переговори" тривали'),
        ("Les   négociations\n\nont repris", "les négociations ont repris"),
        ("ＡＢＣ full width", "abc full width"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("L’Ukraine", "L'Ukraine"),
        ("ПЕРЕГОВОРЫ в Москве", "переговоры в москве"),
    ],
)
def test_content_hash_ignores_cosmetic_differences(a: str, b: str) -> None:
    assert content_hash(a) == content_hash(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Austin called Belousov", "Belousov called Austin"),
        ("met on 12 May", "met on 13 May"),
        ("переговори", "переговоры"),
    ],
)
def test_content_hash_keeps_real_differences(a: str, b: str) -> None:
    assert content_hash(a) != content_hash(b)


def test_event_row_round_trip_and_participants(store: Store) -> None:
    event = make_event("ev-1", ["shoigu", "austin"])
    add_with_event(store, 1, "ev-1", ["shoigu", "austin"])
    row = store.get_event_row("ev-1")
    assert row is not None
    assert row.participants == ["austin", "shoigu"]
    assert row.date_lo == date(2024, 5, 2)
    source = Source(article_id="art-1", quote="They spoke by phone.")
    assert row.to_event([source]) == event.model_copy(update={"sources": [source]})
    assert [r.id for r in store.events_with_participant("shoigu")] == ["ev-1"]


def test_update_event_row_moves_membership(store: Store) -> None:
    add_with_event(store, 1, "ev-1", ["austin", "shoigu"])
    with store.transaction() as tx:
        tx.update_event_row(EventRow.from_event(make_event("ev-1", ["austin", "belousov"])))
        with pytest.raises(KeyError):
            tx.update_event_row(EventRow.from_event(make_event("nope", ["austin"])))
    assert store.events_with_participant("shoigu") == []
    assert [r.id for r in store.events_with_participant("belousov")] == ["ev-1"]


def test_events_by_ids_keeps_order_and_skips_missing(store: Store) -> None:
    for n, eid in enumerate(["ev-b", "ev-a", "ev-c"], start=1):
        add_with_event(store, n, eid, ["austin", "belousov"])
    assert [r.id for r in store.events_by_ids(["ev-c", "missing", "ev-b", "ev-c"])] == ["ev-c", "ev-b"]
    assert [r.id for r in store.iter_event_rows(batch=2)] == ["ev-a", "ev-b", "ev-c"]


def test_delete_article_cascades_and_reports_events(store: Store) -> None:
    add_with_event(store, 1, "ev-shared", ["austin", "belousov"])
    add_with_event(store, 2, "ev-shared", ["austin", "belousov"])
    with store.transaction() as tx:
        tx.add_event_row(EventRow.from_event(make_event("ev-only1", ["austin", "shoigu"])))
        tx.add_mention(mention("ev-only1", "art-1"))
    with store.transaction() as tx:
        lost = store.delete_article(tx, "art-1")
    assert lost == ["ev-only1", "ev-shared"]
    assert store.get_article("art-1") is None
    assert store.mentions_for_article("art-1") == []
    assert [m.article_id for m in store.mentions_for_event("ev-shared")] == ["art-2"]
    assert store.mentions_for_event("ev-only1") == []
    with store.transaction() as tx:
        assert tx.delete_event("ev-only1")
    assert store.event_ids() == {"ev-shared"}
    assert store.events_with_participant("shoigu") == []


def test_event_with_mentions_cannot_be_deleted(store: Store) -> None:
    add_with_event(store, 1, "ev-1", ["austin", "belousov"])
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as tx:
            tx.delete_event("ev-1")
    assert store.event_ids() == {"ev-1"}


def test_move_mentions_merges_clusters(store: Store) -> None:
    add_with_event(store, 1, "ev-1", ["austin", "belousov"])
    add_with_event(store, 2, "ev-2", ["austin", "belousov"])
    with store.transaction() as tx:
        assert tx.move_mentions("ev-2", "ev-1") == 1
        tx.delete_event("ev-2")
    by_event = store.mentions_for_events(["ev-1", "ev-2"])
    assert list(by_event) == ["ev-1"]
    assert [m.article_id for m in by_event["ev-1"]] == ["art-1", "art-2"]


def test_seq_is_monotonic_even_after_deleting_the_newest(store: Store) -> None:
    for n in (1, 2):
        with store.transaction() as tx:
            tx.add_article(make_article(n))
    with store.transaction() as tx:
        tx.delete_article("art-2")
    with store.transaction() as tx:
        assert tx.add_article(make_article(3)) == 3
    assert store.max_seq() == 3
    assert [a.id for a in store.recent_articles(5)] == ["art-3", "art-1"]


def test_iter_articles_pages_lazily(store: Store) -> None:
    for n in range(1, 26):
        with store.transaction() as tx:
            tx.add_article(make_article(n))
    stream = store.iter_articles(batch=10)
    assert next(stream).id == "art-1"
    # A later page is read only when reached, so a deletion made now must not show up.
    with store.transaction() as tx:
        tx.delete_article("art-20")
    rest = [a.id for a in stream]
    assert rest == [f"art-{n}" for n in range(2, 26) if n != 20]
    assert [seq for _, seq in store.iter_articles_with_seq(after_seq=23)] == [24, 25]


def test_counts_languages_and_last_ingest(store: Store) -> None:
    for n, lang in enumerate(["en", "fr", "fr", "ru"], start=1):
        with store.transaction() as tx:
            tx.add_article(make_article(n, lang=lang))
    counts = store.counts()
    assert counts["languages"] == {"en": 1, "fr": 2, "ru": 1}
    assert counts["last_ingest"] == datetime(2024, 6, 1, tzinfo=timezone.utc)
    assert store.article_ids() == {f"art-{n}" for n in range(1, 5)}


def test_people_and_meta(store: Store) -> None:
    with store.transaction() as tx:
        tx.put_person("p1", {"name": "Андрей Белоусов"})
        tx.put_person("p1", {"name": "Andrei Belousov"})
    store.set_meta("schema_hint", "x")
    assert store.people() == {"p1": {"name": "Andrei Belousov"}}
    assert store.get_person("p1") == {"name": "Andrei Belousov"}
    assert store.get_meta("schema_hint") == "x"


def test_transaction_reads_its_own_writes_but_others_do_not(store: Store) -> None:
    seen_elsewhere: list[bool] = []
    with store.transaction() as tx:
        tx.add_article(make_article(1))
        assert store.get_article("art-1") is not None
        reader = threading.Thread(target=lambda: seen_elsewhere.append(store.get_article("art-1") is not None))
        reader.start()
        reader.join()
    assert seen_elsewhere == [False]


def test_nested_transaction_is_refused(store: Store) -> None:
    with store.transaction():
        with pytest.raises(StoreError):
            with store.transaction():
                pass


def test_concurrent_writers_and_readers(store: Store) -> None:
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for i in range(20):
                add_with_event(store, worker * 100 + i, f"ev-{worker}", ["austin", f"p{worker}"])
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    def reader() -> None:
        try:
            for _ in range(50):
                store.counts()
                list(store.iter_articles(batch=7))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)] + [
        threading.Thread(target=reader) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.counts()["articles"] == 120
    assert sorted(seq for _, seq in store.iter_articles_with_seq()) == list(range(1, 121))
    assert len(store.events_with_participant("austin")) == 6
    assert all(len(store.mentions_for_event(f"ev-{w}")) == 20 for w in range(6))


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    s = Store(tmp_path / "db.sqlite")
    s.initialize()
    s.close()
    with pytest.raises(StoreError):
        s.counts()


def test_participant_ids_are_validated(store: Store) -> None:
    with pytest.raises(ValueError):
        with store.transaction() as tx:
            tx.add_event_row(EventRow.from_event(make_event("ev-1", ["a|b", "c"])))


CHILD_INGEST = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_store import add_with_event
from index.store import Store
store = Store(Path(sys.argv[1]))
store.initialize()
n = 0
while True:
    for k in range(3):
        add_with_event(store, n * 3 + k, f"ev-{n}", ["austin", f"p{n}"])
    n += 1
    print(n, flush=True)
"""


@pytest.mark.slow
def test_killed_writer_leaves_whole_transactions(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    here = Path(__file__).resolve().parent
    child = subprocess.Popen([sys.executable, "-c", CHILD_INGEST, str(path), str(here)], stdout=subprocess.PIPE,
                             text=True, cwd=here.parent)
    assert child.stdout is not None
    for _ in range(20):
        assert child.stdout.readline(), "the child writer died"
    child.kill()  # SIGKILL, most likely inside a transaction
    child.wait()
    child.stdout.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = Store(path)
    store.initialize()
    try:
        articles = store.article_ids()
        assert len(articles) >= 60
        for article_id in articles:  # each article came with its mention in the same transaction
            assert len(store.mentions_for_article(article_id)) == 1
        assert all(store.mentions_for_event(e) for e in store.event_ids())
    finally:
        store.close()


def test_a_version_1_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    s = Store(path)
    s.initialize()
    add_with_event(s, 1, "ev-1", ["austin", "shoigu"])
    s.close()
    conn = sqlite3.connect(path)  # what version 1 looked like: no merge index, the old participants index
    conn.execute("DROP INDEX events_merge")
    conn.execute("CREATE INDEX events_participants ON events(participants)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    s = Store(path)
    s.initialize()
    assert [r.id for r in s.merge_candidates(["shoigu", "austin"], "happened", None, None)] == []
    assert [r.id for r in s.merge_candidates(["shoigu", "austin"], "happened", date(2024, 5, 1),
                                             date(2024, 5, 31))] == ["ev-1"]
    s.close()
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert "events_merge" in indexes and "events_participants" not in indexes


@pytest.mark.parametrize(("people", "modality", "lo", "hi", "found"), [
    (["austin", "shoigu"], "happened", date(2024, 5, 2), date(2024, 5, 2), ["ev-day"]),
    (["shoigu", "austin"], "happened", date(2024, 4, 1), date(2024, 6, 30), ["ev-day", "ev-month"]),
    (["austin", "shoigu"], "happened", date(2024, 5, 20), date(2024, 5, 20), ["ev-month"]),
    (["austin", "shoigu"], "happened", date(2024, 7, 1), date(2024, 7, 31), []),
    (["austin", "shoigu"], "planned", date(2024, 5, 2), date(2024, 5, 2), []),
    (["austin"], "happened", date(2024, 5, 2), date(2024, 5, 2), []),
    (["austin", "shoigu"], "happened", None, None, ["ev-undated"]),
])
def test_merge_candidates_are_the_same_people_and_modality_with_overlapping_dates(
        store: Store, people: list[str], modality: str, lo: date | None, hi: date | None, found: list[str]) -> None:
    month = make_event("ev-month", ["austin", "shoigu"], date(2024, 5, 10)).model_copy(
        update={"date_hi": date(2024, 5, 31), "date_precision": "month"})
    with store.transaction() as tx:
        tx.add_event_row(EventRow.from_event(make_event("ev-day", ["austin", "shoigu"])))
        tx.add_event_row(EventRow.from_event(month))
        tx.add_event_row(EventRow.from_event(make_event("ev-undated", ["austin", "shoigu"], None)))
        tx.add_event_row(EventRow.from_event(make_event("ev-other", ["austin", "belousov"])))
    assert sorted(r.id for r in store.merge_candidates(people, modality, lo, hi)) == sorted(found)


def test_contact_events_join_the_people_and_modality_newest_first(store: Store) -> None:
    early = make_event("ev-early", ["austin", "shoigu"], date(2024, 1, 5))
    late = make_event("ev-late", ["austin", "shoigu"], date(2024, 6, 5))
    planned = make_event("ev-planned", ["austin", "shoigu"], date(2024, 7, 5)).model_copy(
        update={"modality": "planned"})
    other = make_event("ev-other", ["austin", "belousov"], date(2024, 8, 5))
    with store.transaction() as tx:
        for event in (early, late, planned, other):
            tx.add_event_row(EventRow.from_event(event))
    assert [e.id for e in store.contact_events(["shoigu", "austin"], "happened")] == ["ev-late", "ev-early"]
    assert [e.id for e in store.contact_events(["austin"], "happened")] == ["ev-other", "ev-late", "ev-early"]
    assert [e.id for e in store.contact_events(["austin", "shoigu"])] == ["ev-planned", "ev-late", "ev-early"]
    assert store.contact_events(["belousov", "shoigu"], "happened") == []
    assert store.contact_events([], "happened") == []
    assert store.contact_events(["austin", "shoigu"], "happened")[0] == late
