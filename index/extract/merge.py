"""When two mentions report the same contact, and what the merged event then says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from index.extract.lexicon import TYPE_RANK
from index.extract.mention import EventMention
from index.models import DateValue

# Contacts that can be the same event under different words: a call is often just "spoke" elsewhere.
REMOTE = {"phone_call", "consult", "talks", "negotiation"}
IN_PERSON = {"meeting", "visit", "talks", "consult", "negotiation"}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
# A denial covers claims about contacts this many days before publication.
RECENT_DAYS = 21


def width(value: DateValue) -> int:
    """Days an interval spans; narrower is more precise."""
    return (value.hi - value.lo).days


def dates_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    """Two dates can be one contact's when one interval contains the other; unknown dates match only each other."""
    if a is None or b is None:
        return a is None and b is None
    if a.precision == "day" and b.precision == "day":
        return a.lo == b.lo
    return (a.lo <= b.lo and b.hi <= a.hi) or (b.lo <= a.lo and a.hi <= b.hi)


def types_compatible(a: str, b: str) -> bool:
    """A phone call and a meeting are never the same contact; generic words join either."""
    return a == b or {a, b} <= REMOTE or {a, b} <= IN_PERSON


def same_contact(a: EventMention, b: EventMention) -> bool:
    """True when two mentions report the same contact: same people, kind, modality and a compatible date."""
    return (
        a.key() == b.key()
        and a.modality == b.modality
        and types_compatible(a.type, b.type)
        and dates_compatible(a.date, b.date)
    )


def best_date(mentions: Sequence[EventMention]) -> DateValue | None:
    """The most precise date any report gives: the day wins over 'last week'."""
    dated = [m.date for m in mentions if m.date is not None]
    if not dated:
        return None
    return min(dated, key=lambda d: (PRECISION_RANK[d.precision], width(d), -d.lo.toordinal()))


def best_type(mentions: Sequence[EventMention]) -> str:
    """The most specific kind of contact any report names."""
    return max((m.type for m in mentions), key=lambda t: TYPE_RANK.get(t, 0))


def best_initiator(mentions: Sequence[EventMention]) -> str | None:
    """The initiator most reports agree on, preferring a person over a bare country."""
    votes = Counter(m.initiator for m in mentions if m.initiator)
    if not votes:
        return None
    return max(votes, key=lambda i: (votes[i], len(i) > 2))


def absorb_denials(mentions: list[EventMention], published: date | None = None) -> list[EventMention]:
    """Within one article, a denial or cancellation of a contact overrides the claim it denies.

    The denial's own date is often the day it was made ("denied on Monday"), so it also covers any
    claim about the same people from the weeks before publication; older background contacts stay.
    """
    negative = [m for m in mentions if m.modality in ("denied", "cancelled")]
    recent = published - timedelta(days=RECENT_DAYS) if published else None
    out = []
    for m in mentions:
        if m.modality in ("happened", "planned") and any(
            n.key() == m.key() and types_compatible(n.type, m.type) and (
                dates_compatible(n.date, m.date) or n.date is None or m.date is None
                or (n.modality == "denied" and recent is not None and m.date.lo >= recent and not m.background)
            )
            for n in negative
        ):
            continue
        out.append(m)
    return out


def cluster(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    """Group mentions of one contact together, most precise dates first so coarse reports join them."""
    ordered = sorted(mentions, key=lambda m: (m.date is None, PRECISION_RANK[m.date.precision] if m.date else 3))
    groups: list[list[EventMention]] = []
    for m in ordered:
        home = next((g for g in groups if _joins(m, g)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return groups


def _joins(m: EventMention, group: list[EventMention]) -> bool:
    """True when a mention reports the contact a group describes."""
    head = group[0]
    probe = head.model_copy(update={"date": best_date(group) or head.date})
    return same_contact(m, probe)


def day_of(value: DateValue | None) -> date | None:
    """The representative day of a date value."""
    return value.shown() if value else None


def joins(group: Sequence[EventMention], other: Sequence[EventMention]) -> bool:
    """True when two groups of mentions report the same contact (used across articles)."""
    a, b = group[0], other[0]
    return (
        a.key() == b.key()
        and a.modality == b.modality
        and types_compatible(best_type(group), best_type(other))
        and dates_compatible(best_date(group), best_date(other))
    )
