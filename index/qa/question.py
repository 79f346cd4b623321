"""What a parsed question says: intent, the people asked about, the kind of contact and the time asked about."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from index.kb.types import RoleMention
from index.models import Intent

VerbClass = Literal["any", "phone", "meet"]


class QActor(BaseModel):
    """A person asked about: candidate ids from a name, or a role phrase resolved later per event date."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    surface: str
    ids: list[str] = Field(default_factory=list)  # [] for a role phrase
    role: RoleMention | None = None  # when both are set, the ids name the person and the role describes them


class TimeWindow(BaseModel):
    """Inclusive bounds on the event date; None leaves that side open."""

    lo: date | None = None
    hi: date | None = None

    def contains(self, day: date) -> bool:
        """Whether a day falls inside the window."""
        return (self.lo is None or self.lo <= day) and (self.hi is None or day <= self.hi)


class ParsedQuestion(BaseModel):
    """A question as the answerer needs it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str
    lang: str
    intent: Intent
    actors: list[QActor] = Field(default_factory=list)
    verb_class: VerbClass = "any"
    window: TimeWindow | None = None
    day: date | None = None  # a single day asked about ("on 23 October 2022"); the window is that day too
    initiator: QActor | str | None = None  # a person, or a country code for "the Russian side"
    problem: str | None = None  # a polite way out in the question's language when it could not be understood
