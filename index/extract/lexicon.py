"""Per-language cue lexicons (index/data/lang/*.toml), compiled once into regexes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

# Type strength: when several triggers describe one contact, the most specific type wins.
TYPE_RANK = {"phone_call": 6, "visit": 5, "meeting": 4, "negotiation": 3, "talks": 2, "consult": 1, "took_place": 0}
MODALITY_ORDER = ("denied", "cancelled", "failed", "planned")

FLAGS = re.IGNORECASE | re.UNICODE
NEVER = ["\uffff"]  # a fragment that matches no text, for optional cue lists


def alternation(patterns: list[str]) -> str:
    """Join fragments into one alternation, longest first so the regex prefers the longer cue."""
    return "|".join(sorted(patterns, key=len, reverse=True))


def words(patterns: list[str]) -> re.Pattern[str]:
    """Compile fragments as whole words (letters on neither side)."""
    # A cue ending in an elision ("à l'initiative d'") runs straight into the next word.
    return re.compile(rf"(?<!\w)(?:{alternation(patterns)})(?:(?<=['’])|(?!\w))", FLAGS)


@dataclass(frozen=True)
class Lexicon:
    """The compiled cues of one language."""

    lang: str
    triggers: re.Pattern[str]
    trigger_groups: dict[str, str]
    modality: dict[str, re.Pattern[str]]
    phone_cue: re.Pattern[str]
    bound_after: re.Pattern[str]
    bound_before: re.Pattern[str]
    bound_word: re.Pattern[str]
    bound_lead: re.Pattern[str]
    since_word: re.Pattern[str]
    anaphora: re.Pattern[str]
    init_after: re.Pattern[str]
    init_before: re.Pattern[str]
    caller: re.Pattern[str]
    countries: re.Pattern[str]
    same_day: re.Pattern[str]
    pronoun: re.Pattern[str]
    speaker: re.Pattern[str]
    joint: re.Pattern[str]
    negation: re.Pattern[str]
    venue: re.Pattern[str]
    past: re.Pattern[str]
    again: re.Pattern[str]
    since_contact: re.Pattern[str]
    clause_break: re.Pattern[str]
    country_groups: dict[str, str] = field(default_factory=dict)

    def trigger_type(self, match: re.Match[str]) -> str:
        """Return the event type of a trigger match."""
        return self.trigger_groups[match.lastgroup or ""]

    def country_of(self, match: re.Match[str]) -> str:
        """Return the country code of a country-word match."""
        return self.country_groups[match.lastgroup or ""]


def _named_alternation(table: dict[str, list[str]], prefix: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Compile a {name: fragments} table into one regex whose named groups say which entry matched."""
    parts, groups = [], {}
    for i, (name, patterns) in enumerate(table.items()):
        group = f"{prefix}{i}"
        groups[group] = name
        parts.append(f"(?P<{group}>{alternation(patterns)})")
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", FLAGS), groups


def _countries(table: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Country words are matched case-sensitively for short acronyms, so 'US' is not the pronoun 'us'."""
    parts, groups = [], {}
    for i, (code, patterns) in enumerate(table.items()):
        group = f"c{i}"
        groups[group] = code
        parts.append(f"(?P<{group}>{alternation(patterns)})")
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.UNICODE), groups


def compile_lexicon(lang: str, data: dict) -> Lexicon:
    """Compile one language's TOML data."""
    triggers, trigger_groups = _named_alternation(data["triggers"], "t")
    countries, country_groups = _countries(data["countries"])
    modality = {name: words(data["modality"][name]) for name in MODALITY_ORDER}
    extra = data.get("extra", {})
    conj = alternation(extra.get("clause_conj", NEVER))
    speakers = alternation(extra.get("speaker_verbs", NEVER))
    return Lexicon(
        lang=lang,
        triggers=triggers,
        trigger_groups=trigger_groups,
        modality=modality,
        phone_cue=words(data["triggers"]["phone_call"]),
        bound_after=re.compile(rf"(?<!\w)(?:{alternation(data['bound']['after'])})\s+(?:the\s+|le\s+|la\s+|l'|les\s+)?$", FLAGS),
        bound_before=re.compile(rf"(?<!\w)(?:{alternation(data['bound']['before'])})\s+(?:the\s+|le\s+|la\s+)?$", FLAGS),
        bound_word=words(data["bound"].get("after_clause", NEVER)),
        since_word=words(data["bound"].get("since_words", NEVER)),
        bound_lead=re.compile(rf"^(?:{alternation(data['bound']['after'])})(?!\w)", FLAGS),
        anaphora=words(data["anaphora"]["cues"]),
        init_after=words(data["initiator"]["after_cue"]),
        init_before=words(data["initiator"]["before_cue"]),
        caller=words(data["initiator"]["caller_verbs"]),
        countries=countries,
        same_day=words(extra.get("same_day", NEVER)),
        pronoun=words(extra.get("pronouns", NEVER)),
        speaker=re.compile(rf"^\W{{0,3}}(?:{speakers})(?!\w)", FLAGS),
        joint=words(extra.get("joint", NEVER)),
        negation=re.compile(rf"(?<!\w)(?:{alternation(extra.get('negation', NEVER))})(?!\w)[^.;:]*$", FLAGS),
        since_contact=words(extra.get("since_contact", NEVER)),
        past=words(extra.get("past", NEVER)),
        again=words(extra.get("again", NEVER)),
        venue=re.compile(rf"(?<!\w)(?:{alternation(extra.get('venue', NEVER))})(?:\s+\S+){{0,2}}\s*$", FLAGS),
        clause_break=re.compile(rf"[;:—–]|,\s+(?:{conj})(?!\w)", FLAGS),
        country_groups=country_groups,
    )


class Lexicons:
    """All languages' lexicons, loaded once per engine."""

    def __init__(self, root: Path | None = None) -> None:
        self._by_lang: dict[str, Lexicon] = {}
        base = root or Path(str(resources.files("index") / "data" / "lang"))
        for path in sorted(base.glob("*.toml")):
            with path.open("rb") as fh:
                self._by_lang[path.stem] = compile_lexicon(path.stem, tomllib.load(fh))

    def get(self, lang: str) -> Lexicon:
        """Return the lexicon of a language, English when the language is unknown."""
        return self._by_lang.get(lang) or self._by_lang["en"]
