"""Read the knowledge-base data files: people.toml and roles/<lang>.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.kb.normalize import fold
from index.kb.rolelex import RoleLexicon, build_lexicon
from index.kb.types import Person

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class PlaceWords:
    """One language's words around place names: 'in Austin', 'travelled to Austin'."""

    before: set[str] = field(default_factory=set)
    motion_prepositions: set[str] = field(default_factory=set)
    motion_verbs: set[str] = field(default_factory=set)


@dataclass
class KBData:
    """Everything the knowledge base is built from."""

    people: list[Person]
    place_names: set[str]
    regions: set[str]
    lexicons: dict[str, RoleLexicon]
    place_words: dict[str, PlaceWords]


def _read(path: Path) -> dict[str, Any]:
    """Parse one TOML file."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _place_words(data: dict[str, Any]) -> PlaceWords:
    """The [names] table of a roles file."""
    names = data.get("names", {})
    return PlaceWords(
        before={fold(w) for w in names.get("place_before", [])},
        motion_prepositions={fold(w) for w in names.get("motion_prepositions", [])},
        motion_verbs={fold(w) for w in names.get("motion_verbs", [])},
    )


def load_people(path: Path) -> tuple[list[Person], set[str], set[str]]:
    """People, place names that are also surnames, and region names ('Texas')."""
    data = _read(path)
    people = [Person.model_validate(p) for p in data.get("person", [])]
    places = data.get("places", {})
    return people, {fold(n) for n in places.get("names", [])}, {fold(n) for n in places.get("regions", [])}


def load(path: Path | None = None) -> KBData:
    """Load a data directory (people.toml plus roles/), or a people file with the packaged roles."""
    base = Path(path) if path is not None else DATA_DIR
    people_file = base if base.is_file() else base / "people.toml"
    roles_dir = people_file.parent / "roles"
    if not roles_dir.is_dir():
        roles_dir = DATA_DIR / "roles"
    people, place_names, regions = load_people(people_file)
    lexicons: dict[str, RoleLexicon] = {}
    place_words: dict[str, PlaceWords] = {}
    for file in sorted(roles_dir.glob("*.toml")):
        data = _read(file)
        lexicons[file.stem] = build_lexicon(file.stem, data)
        place_words[file.stem] = _place_words(data)
    return KBData(people, place_names, regions, lexicons, place_words)
