"""One language's corpus templates: role phrases, date phrases and slot filling (data in templates.toml)."""

from __future__ import annotations

import random
import re
import string
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES_FILE = Path(__file__).resolve().parent / "templates.toml"
LANGS: tuple[str, ...] = ("en", "fr", "uk", "ru")
# A weekday phrase ("on Tuesday") is only unambiguous within a week of the publication day.
WEEKDAY_REACH = 6

_SPACES = re.compile(r"[ \t]{2,}")
_FORMATTER = string.Formatter()
# Slots filled at random: number ranges, and the template lists that hold the other values.
_NUMBERS: dict[str, tuple[int, int]] = {"num": (100, 99_999), "small": (2, 40), "tiny": (0, 3)}
_LISTS: dict[str, tuple[str, ...]] = {
    "in_city": ("in_cities",),
    "goods": ("filler", "goods"),
    "in_place": ("filler", "in_places"),
    "club": ("filler", "clubs"),
    "org": ("filler", "orgs"),
    "tag1": ("chrome", "tag_words"),
    "tag2": ("chrome", "tag_words"),
}


@lru_cache(maxsize=1)
def load_tables(path: Path = TEMPLATES_FILE) -> dict[str, dict[str, Any]]:
    """Read every language's templates once."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def tidy(text: str) -> str:
    """Collapse the double spaces an empty slot leaves and capitalise the first letter."""
    text = _SPACES.sub(" ", text).strip()
    return text[:1].upper() + text[1:]


def fields(template: str) -> list[str]:
    """The slot names a template uses, in order."""
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


class Phrases:
    """Renders names, roles, dates and filler in one language from its template table."""

    def __init__(self, lang: str, table: dict[str, Any] | None = None) -> None:
        self.lang = lang
        self.t = table if table is not None else load_tables()[lang]

    def offices(self) -> frozenset[str]:
        """The offices this language can name."""
        return frozenset(self.t["offices"])

    def role(self, office: str, country: str) -> str:
        """A role phrase such as 'Russian Defence Minister' or 'міністр оборони Росії'."""
        adjective = self.t["countries"].get(country, "")
        title = self.t["office_overrides"].get(f"{country}.{office}")
        if title is None:
            title = self.t["offices"][office].format(country=adjective)
        return _SPACES.sub(" ", self.t["role"].format(country=adjective, office=title)).strip()

    def person(self, name: str, office: str, country: str) -> str:
        """A person introduced with the office held ('le ministre russe de la Défense Sergueï Choïgou')."""
        return _SPACES.sub(" ", self.t["person"].format(role=self.role(office, country), name=name)).strip()

    def date(self, rng: random.Random, day: date, published: date) -> str:
        """A weekday phrase when the day is within a week of publication (either side), else a full date."""
        if 1 <= abs((day - published).days) <= WEEKDAY_REACH and rng.random() < 0.5:
            return str(self.t["weekday_phrases"][day.weekday()])
        day_text = self.t.get("first_day", "1") if day.day == 1 else str(day.day)
        template = rng.choice(self.t["full_dates"])
        return str(template.format(day=day_text, month=self.t["months"][day.month - 1], year=day.year))

    def pick(self, rng: random.Random, *path: str) -> str:
        """A random entry of a template list, found by its path in the table."""
        node: Any = self.t
        for key in path:
            node = node[key]
        return str(rng.choice(node))

    def fill(self, template: str, rng: random.Random, **fixed: str) -> str:
        """Fill a template: fixed slots from the caller, the rest (numbers, places, goods) at random."""
        values = {name: fixed[name] if name in fixed else self._slot(name, rng) for name in fields(template)}
        return tidy(template.format(**values))

    def _slot(self, name: str, rng: random.Random) -> str:
        """A random value for a filler slot."""
        if name in _NUMBERS:
            return str(rng.randint(*_NUMBERS[name]))
        if name == "pct":
            sep = self.t.get("decimal_separator", ".")
            return f"{rng.randint(1, 19)}{sep}{rng.randint(0, 9)}"
        if name in _LISTS:
            return self.pick(rng, *_LISTS[name])
        raise KeyError(f"no value for slot {{{name}}} in {self.lang} templates")
