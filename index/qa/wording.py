"""Answer wording per language: dates at their real precision, names, sentence templates."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from index.models import Event


class Wording:
    """The answer templates of all languages (index/data/answers.toml)."""

    def __init__(self, path: Path | None = None) -> None:
        source = path or Path(str(resources.files("index") / "data" / "answers.toml"))
        with source.open("rb") as fh:
            self._t: dict[str, dict[str, Any]] = tomllib.load(fh)

    def lang(self, lang: str) -> str:
        """The language to answer in: the question's, or English when there are no templates for it."""
        return lang if lang in self._t else "en"

    def text(self, lang: str, key: str, **values: Any) -> str:
        """One filled-in template."""
        return str(self._t[self.lang(lang)][key]).format(**values)

    def date(self, day: date | None, precision: str | None, lang: str) -> str:
        """A date as precise as it is known: '12 July 2024', 'March 2023', '2022'."""
        t = self._t[self.lang(lang)]
        if day is None or precision is None:
            return str(t["unknown_date"])
        if precision == "year":
            return str(day.year)
        if precision == "month":
            return str(t["month_format"]).format(month=t["months"][day.month - 1], year=day.year)
        return str(t["day_format"]).format(day=day.day, month=t["months_of"][day.month - 1], year=day.year)

    def people(self, names: list[str], lang: str) -> str:
        """'A, B and C' in the answer's language."""
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self._t[self.lang(lang)]['and']} {names[-1]}"

    def event_type(self, event: Event, lang: str) -> str:
        """The kind of contact, in words."""
        return self.text(lang, f"type_{event.type}")
