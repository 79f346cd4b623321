"""A question's event filters as SQL: kind, modality and the asked day or window, on the event's shown date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The date an answer shows (month and year precision show their first day), as stored in the event's JSON.
SHOWN = "json_extract(e.data, '$.date')"
SHOWN_HI = f"COALESCE(json_extract(e.data, '$.date_hi'), {SHOWN})"


@dataclass(frozen=True)
class ContactFilter:
    """What the answerer's `matches` checks that SQL can check exactly, and the order it wants."""

    types: frozenset[str]
    modality: str = "happened"
    day: date | None = None
    lo: date | None = None
    hi: date | None = None
    oldest_first: bool = False

    def sql(self) -> tuple[str, list[str]]:
        """The WHERE clause (events aliased ``e``) and its parameters."""
        kinds = sorted(self.types)
        where = ["e.modality = ?", f"e.type IN ({', '.join('?' * len(kinds))})"]
        args: list[str] = [self.modality, *kinds]
        if self.day is not None:
            where.append(f"e.precision = 'day' AND {SHOWN} = ?")
            args.append(self.day.isoformat())
        if self.lo is not None:
            where.append(f"{SHOWN} >= ?")
            args.append(self.lo.isoformat())
        if self.hi is not None:
            where.append(f"{SHOWN_HI} <= ?")
            args.append(self.hi.isoformat())
        if self.day is not None or self.lo is not None or self.hi is not None:
            where.append(f"{SHOWN} IS NOT NULL")
        return " AND ".join(where), args
