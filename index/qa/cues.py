"""Question cues per language (index/data/questions/*.toml), compiled once into regexes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from index.extract.lexicon import alternation

INTENT_CUES = ("count", "who", "first", "last", "when", "exists", "other")
VERB_CLASSES = ("phone", "meet", "any")
BOUNDS = ("before", "until", "after", "since", "between", "join", "during")

_NEVER = "\uffff"  # a fragment no folded question contains, for empty lists
_WORD_END = r"(?:(?<=')|(?!\w))"  # an elided "qu'" or "d'" may run into the next word


def data_dir() -> Path:
    """Return the directory of the question data files."""
    return Path(str(resources.files("index") / "data" / "questions"))


@dataclass(frozen=True)
class BoundCue:
    """A window word ("before", "depuis", "після") either ending the text before a moment or opening it."""

    tail: re.Pattern[str]
    head: re.Pattern[str]


@dataclass(frozen=True)
class QuestionCues:
    """The compiled question cues of one language."""

    lang: str
    intents: dict[str, re.Pattern[str]]
    verbs: dict[str, re.Pattern[str]]
    bounds: dict[str, BoundCue]
    init_after: re.Pattern[str]
    init_before: re.Pattern[str]
    not_names: frozenset[str]
    problems: dict[str, str]

    def score(self, folded: str) -> int:
        """How many kinds of question word and contact verb of this language the text uses."""
        patterns = list(self.intents.values()) + list(self.verbs.values())
        return sum(1 for p in patterns if p.search(folded))


@dataclass(frozen=True)
class Epoch:
    """A named moment ("the start of the invasion") with its day and its phrasing per language."""

    id: str
    day: date
    patterns: dict[str, re.Pattern[str]]


def _words(fragments: list[str]) -> re.Pattern[str]:
    """Compile fragments as whole words; an empty list matches nothing."""
    return re.compile(rf"(?<!\w)(?:{alternation(fragments or [_NEVER])}){_WORD_END}", re.IGNORECASE)


def _bound_patterns(window: dict[str, Any]) -> dict[str, BoundCue]:
    """The window words of each bound kind, compiled."""
    articles = alternation(window.get("articles") or [_NEVER])
    out = {}
    for kind in BOUNDS:
        cue = alternation(window.get(kind) or [_NEVER])
        tail = re.compile(rf"(?<!\w)(?:{cue})\s*(?:(?:{articles})\s*)?$")
        head = re.compile(rf"(?:{cue}){_WORD_END}\s*(?:(?:{articles})\s*)?")
        out[kind] = BoundCue(tail, head)
    return out


def compile_cues(lang: str, data: dict[str, Any]) -> QuestionCues:
    """Compile one language's TOML data."""
    return QuestionCues(
        lang=lang,
        intents={name: _words(data["intent"].get(name, [])) for name in INTENT_CUES},
        verbs={name: _words(data["verbs"].get(name, [])) for name in VERB_CLASSES},
        bounds=_bound_patterns(data["window"]),
        init_after=_words(data["initiator"]["after"]),
        init_before=_words(data["initiator"]["before"]),
        not_names=frozenset(w.casefold() for w in data["names"]["not_names"]),
        problems=dict(data["problem"]),
    )


def load_cues(root: Path | None = None) -> dict[str, QuestionCues]:
    """Load every language's cues from the data directory."""
    base = root or data_dir()
    out: dict[str, QuestionCues] = {}
    for path in sorted(base.glob("*.toml")):
        if path.stem == "epochs":
            continue
        with path.open("rb") as fh:
            out[path.stem] = compile_cues(path.stem, tomllib.load(fh))
    return out


def load_epochs(root: Path | None = None) -> list[Epoch]:
    """Load the named epochs, each with one compiled pattern per language."""
    with ((root or data_dir()) / "epochs.toml").open("rb") as fh:
        data = tomllib.load(fh)
    epochs = []
    for entry in data["epoch"]:
        patterns = {
            lang: _words(fragments)
            for lang, fragments in entry.items()
            if lang not in ("id", "date") and isinstance(fragments, list)
        }
        epochs.append(Epoch(id=entry["id"], day=entry["date"], patterns=patterns))
    return epochs
