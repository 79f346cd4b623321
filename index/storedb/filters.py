"""A question's event filters as SQL: kind, modality and the asked day or window, on the event's shown date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ContactFilter:
    """What the answerer's `matches` checks that SQL can check exactly, and the order it wants."""

    types: frozenset[str]
    modality: str = "happened"
    day: date | None = None
    lo: date | None = None
    hi: date | None = None
    oldest_first: bool = False

    def sql(self, p: str) -> tuple[str, list[str]]:
        """The WHERE clause on ``event_people`` aliased ``p`` (its copy of the shown date) and its parameters."""
        kinds = sorted(self.types)
        where = [f"{p}.modality = ?", f"{p}.type IN ({', '.join('?' * len(kinds))})"]
        args: list[str] = [self.modality, *kinds]
        if self.day is not None:
            where.append(f"{p}.precision = 'day' AND {p}.shown = ?")
            args.append(self.day.isoformat())
        if self.lo is not None:
            where.append(f"{p}.shown >= ?")
            args.append(self.lo.isoformat())
        if self.hi is not None:
            where.append(f"COALESCE({p}.shown_hi, {p}.shown) <= ?")
            args.append(self.hi.isoformat())
        if self.day is not None or self.lo is not None or self.hi is not None:
            where.append(f"{p}.shown IS NOT NULL")
        return " AND ".join(where), args

    def order(self, p: str) -> str:
        """The answerer's order: shown date (unknown last), day precision first among equals, then stable."""
        way = "ASC" if self.oldest_first else "DESC"
        return (f"{p}.shown IS NULL, {p}.shown {way}, ({p}.precision = 'day') {way}, {p}.date_lo DESC, "
                f"{p}.event_id")
