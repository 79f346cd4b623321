"""Knowledge-base types: people with dated roles, and mentions of people and roles in text."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

OFFICES: tuple[str, ...] = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "chief_of_staff",
)
# Offices a bare "minister" or "counterpart" phrase can mean.
MINISTER_OFFICES: frozenset[str] = frozenset({"defence_minister", "foreign_minister"})


class Role(BaseModel):
    """An office held in a country between two days (both inclusive; end None = still in office)."""

    office: str
    country: str
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        """True when the office was held on that day."""
        return self.start <= day and (self.end is None or day <= self.end)


class Person(BaseModel):
    """A person the engine can name: id, canonical English name, names per language, aliases, roles."""

    id: str
    name: str
    names: dict[str, str] = Field(default_factory=dict)
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)  # surnames that are also common words or places

    def roles_on(self, day: date) -> list[Role]:
        """The roles held on a day."""
        return [r for r in self.roles if r.covers(day)]


class Mention(BaseModel):
    """A person named in text; offsets are character offsets into the text given."""

    start: int
    end: int
    surface: str
    person_id: str
    score: float


class RoleMention(BaseModel):
    """A role phrase in text ('the Russian defence minister', 'his Russian counterpart')."""

    start: int
    end: int
    surface: str
    offices: list[str] = Field(default_factory=list)  # [] = the context decides
    countries: list[str] = Field(default_factory=list)  # ISO-3166 alpha-2, lower case, in text order
    plural: bool = False
    counterpart: bool = False
    generic_minister: bool = False
