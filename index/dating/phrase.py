"""The DatePhrase model: one date expression found in a text, with its resolved value."""

from __future__ import annotations

from pydantic import BaseModel

from index.models import DateValue


class DatePhrase(BaseModel):
    """A date phrase at text[start:end], resolved against the publication date when one is known."""

    start: int
    end: int
    text: str
    value: DateValue | None
    kind: str  # absolute | weekday | relative | month | year | range
    future: bool = False  # points after the reference date ("later on Friday", "next week")
    # Relative to a narrated event, not to publication ("the day before", "накануне", "le même jour"):
    # value is computed from the publication date; re-resolve with the event's date if known.
    anaphoric: bool = False
