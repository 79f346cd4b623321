"""Judge an engine answer against a labelled question, by the same rules as the shared eval referee."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any, NamedTuple

Record = Mapping[str, Any]

# A spelling slip ("Fydan", "Shoig") still names the person; a different surname does not.
SURNAME_SIMILARITY = 0.8


class Verdict(NamedTuple):
    """Whether an answer is correct, and why."""

    ok: bool
    reason: str


def fold(text: str | None) -> str:
    """Lower-case, drop accents and turn everything but letters and digits into spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "").lower()
    kept = (c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return "".join(kept).strip()


def same_person(gold: str, name: str) -> bool:
    """Whether an actor name carries the gold person's surname (the gold name's last word), tolerating typos."""
    gold_words, name_words = fold(gold).split(), fold(name).split()
    if not gold_words or not name_words:
        return False
    surname = gold_words[-1]
    return any(w == surname or SequenceMatcher(None, w, surname).ratio() >= SURNAME_SIMILARITY for w in name_words)


def same_date(gold: str, precision: str | None, got: str | None) -> bool:
    """Whether an ISO date agrees with the gold date down to the gold precision (day when unknown)."""
    if not got:
        return False
    width = 7 if precision == "month" else 4 if precision == "year" else 10
    return got[:width] == gold[:width]


def actor_names(event: Record) -> list[str]:
    """The names of an answer event's actors."""
    return [actor.get("name") or "" for actor in event.get("actors") or []]


def missing_people(gold_people: Sequence[str], names: Sequence[str]) -> list[str]:
    """Gold people that none of the names refers to."""
    return [person for person in gold_people if not any(same_person(person, n) for n in names)]


def judge(question: Record, answer: Record) -> Verdict:
    """Judge one answer (the JSON shape of `newsbot ask --json`) against the question's gold."""
    gold = question["gold"]
    events: list[Record] = list(answer.get("events") or [])
    if not gold["answerable"]:
        return _judge_unanswerable(gold, events, answer.get("count"))
    if gold["date"] is None:
        return _judge_count(gold, answer.get("count"))
    if gold.get("count") is not None:
        return _judge_who(gold, events)
    return _judge_when(gold, events)


def _judge_unanswerable(gold: Record, events: list[Record], count: Any) -> Verdict:
    """No dated event may be offered; a zero gold count also forbids a non-zero count."""
    dated = [e for e in events if e.get("date")]
    count_ok = gold.get("count") != 0 or count in (None, 0)
    if not dated and count_ok:
        return Verdict(True, "no dated event expected, none given")
    return Verdict(False, f"expected no dated event, got {len(dated)} (count {count})")


def _judge_count(gold: Record, count: Any) -> Verdict:
    """A how-many question: the top-level count must equal the gold count."""
    return Verdict(count == gold["count"], f"count {count} vs gold {gold['count']}")


def _judge_who(gold: Record, events: list[Record]) -> Verdict:
    """A who-question: exactly the gold number of events, all on the gold date, covering every gold person."""
    names = [n for e in events for n in actor_names(e)]
    missing = missing_people(gold["counterparts"], names)
    off_date = [e.get("date") for e in events if not same_date(gold["date"], gold["date_precision"], e.get("date"))]
    ok = not missing and not off_date and len(events) == gold["count"]
    return Verdict(ok, f"missing {missing}, off-date {off_date}, {len(events)} events vs gold {gold['count']}")


def _judge_when(gold: Record, events: list[Record]) -> Verdict:
    """A when/last/first question: the first event must have the gold date and every gold person."""
    if not events:
        return Verdict(False, "no event returned")
    top = events[0]
    names = actor_names(top)
    ok = same_date(gold["date"], gold["date_precision"], top.get("date")) and not missing_people(
        gold["counterparts"], names
    )
    return Verdict(ok, f"top event {top.get('date')} {names} vs gold {gold['date']} {gold['counterparts']}")
