"""Parse a question in English, French, Ukrainian or Russian into intent, people, contact kind and time."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from index.extract.lexicon import Lexicons
from index.models import LANGS, Intent
from index.qa.actors import Span, find_actors, find_initiator
from index.qa.cues import Epoch, QuestionCues, load_cues, load_epochs
from index.qa.normal import clean_question, fold, mask
from index.qa.question import ParsedQuestion, QActor, TimeWindow, VerbClass
from index.qa.window import find_moments, read_window
from index.text.lang import detect_language

if TYPE_CHECKING:
    from index.kb import KnowledgeBase

__all__ = ["ParsedQuestion", "QActor", "QuestionParser", "TimeWindow", "parse_question"]

# A contact question fits in a few lines; anything longer is pasted text, searched as it is.
MAX_QUESTION_CHARS = 600
_LETTER = re.compile(r"[^\W\d_]")
_NEIGHBOUR = {"uk": "ru", "ru": "uk", "en": "fr", "fr": "en"}  # languages a detector confuses on a short text


class QuestionParser:
    """Parses questions; compiles every cue once, so build one per knowledge base and reuse it."""

    def __init__(
        self,
        kb: KnowledgeBase,
        cues: dict[str, QuestionCues] | None = None,
        epochs: list[Epoch] | None = None,
        lexicons: Lexicons | None = None,
    ) -> None:
        self.kb = kb
        self.cues = cues or load_cues()
        self.epochs = epochs if epochs is not None else load_epochs()
        self.lexicons = lexicons or Lexicons()

    def parse(self, text: str, lang_hint: str | None = None, today: date | None = None) -> ParsedQuestion:
        """Parse one question; junk never raises, it comes back as a search (with a problem when empty)."""
        question = clean_question(text or "")
        lang = self._language(question, lang_hint)
        cues = self.cues[lang]
        if not _LETTER.search(question):
            return ParsedQuestion(text=question, lang=lang, intent="search", problem=cues.problems["empty"])
        if len(question) > MAX_QUESTION_CHARS:
            return ParsedQuestion(text=question, lang=lang, intent="search")
        return self._parse(question, lang, cues, today or date.today())

    def _language(self, question: str, hint: str | None) -> str:
        """The question's language: the detector's, unless the same-script neighbour's question words fit better.

        Short questions often lack the letters that tell Russian from Ukrainian ("Кому звонил Путин?").
        """
        lang = detect_language(question, hint if hint in LANGS else None)
        lang = lang if lang in self.cues else "en"
        other = _NEIGHBOUR.get(lang)
        if other in self.cues:
            folded = fold(question)
            if self.cues[other].score(folded) > self.cues[lang].score(folded):
                return other
        return lang

    def _parse(self, question: str, lang: str, cues: QuestionCues, today: date) -> ParsedQuestion:
        """Parse a cleaned, non-empty question of reasonable length."""
        folded = fold(question)
        window, day, moments = read_window(folded, find_moments(question, folded, lang, today, self.epochs), cues)
        time_spans: list[Span] = [(m.start, m.end) for m in moments]
        plain = mask(folded, time_spans)
        found = find_actors(question, folded, lang, self.kb, cues, time_spans, _cue_spans(plain, cues))
        initiator, found = find_initiator(question, folded, cues, self.lexicons.get(lang), found)
        plain = mask(plain, [(f.start, f.end) for f in found])
        verb_class, has_verb = _verb_class(plain, cues)
        hits = {name: bool(pattern.search(plain)) for name, pattern in cues.intents.items()}
        actors = [f.actor for f in found]
        intent = _intent(hits)
        if not has_verb and (not actors or (hits["other"] and not _asks_contact(hits))):
            intent = "search"
        return ParsedQuestion(
            text=question,
            lang=lang,
            intent=intent,
            actors=actors,
            verb_class=verb_class,
            window=window,
            day=day,
            initiator=initiator,
            problem=_problem(intent, actors, window, cues),
        )


def parse_question(
    text: str, kb: KnowledgeBase, lang_hint: str | None = None, today: date | None = None
) -> ParsedQuestion:
    """Parse one question with a parser built for this call (build a QuestionParser to parse many)."""
    return QuestionParser(kb).parse(text, lang_hint, today)


def _cue_spans(plain: str, cues: QuestionCues) -> list[Span]:
    """Where question words and contact verbs are, so the name fallback does not try them."""
    patterns = list(cues.intents.values()) + list(cues.verbs.values())
    return [m.span() for p in patterns for m in p.finditer(plain)]


def _verb_class(plain: str, cues: QuestionCues) -> tuple[VerbClass, bool]:
    """The kind of contact asked about, and whether any contact word is present at all."""
    phone = bool(cues.verbs["phone"].search(plain))
    meet = bool(cues.verbs["meet"].search(plain))
    talk = phone or meet or bool(cues.verbs["any"].search(plain))
    if phone and not meet:
        return "phone", True
    if meet and not phone:
        return "meet", True
    return "any", talk


def _asks_contact(hits: dict[str, bool]) -> bool:
    """Whether a contact-question word is present (how many times, when, first, last)."""
    return hits["count"] or hits["when"] or hits["first"] or hits["last"]


def _intent(hits: dict[str, bool]) -> Intent:
    """The intent from the cues found; "when" with neither first nor last is left for the answerer."""
    if hits["count"]:
        return "count"
    if hits["who"]:
        return "who"
    if hits["when"] or not hits["exists"]:
        if hits["first"]:
            return "first"
        if hits["last"]:
            return "last"
        if hits["when"]:
            return "when"
    return "exists" if hits["exists"] else "when"


def _problem(intent: str, actors: list[QActor], window: TimeWindow | None, cues: QuestionCues) -> str | None:
    """A way out when nobody is named; a who-question about a day or period may still list everyone."""
    if intent == "search" or actors or (intent == "who" and window is not None):
        return None
    return cues.problems["no_person"]
