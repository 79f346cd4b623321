"""One article's report of one contact, before mentions merge into events."""

from __future__ import annotations

from pydantic import BaseModel

from index.models import CAMEO, CAMEO_INTENT_TO_MEET, DateValue


class EventMention(BaseModel):
    """A contact as one sentence of one article reports it."""

    type: str
    modality: str
    participants: list[str]
    initiator: str | None = None
    date: DateValue | None = None
    date_from: str = "none"  # text | inherited | published | bound | none
    quote: str
    start: int
    end: int
    background: bool = False

    @property
    def cameo(self) -> str:
        """Return the CAMEO code: planned contacts are an intent to meet, whatever their kind."""
        return CAMEO_INTENT_TO_MEET if self.modality == "planned" else CAMEO.get(self.type, "040")

    def key(self) -> str:
        """Return the participant set as a stable key."""
        return "|".join(sorted(set(self.participants)))
