"""Answering a parsed question from the events: filter, order, count, and word the answer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from index.kb import MINISTER_OFFICES, KnowledgeBase
from index.models import Answer, Event, SearchHit
from index.qa.wording import Wording
from index.storedb.filters import ContactFilter

VERB_TYPES = {
    "any": {"phone_call", "meeting", "visit", "talks", "negotiation", "consult"},
    "phone": {"phone_call", "consult"},
    "meet": {"meeting", "visit", "talks", "negotiation"},
}
UNDATED_LAST = date.max
# A "who" answer lists this many contacts and counts the rest (a busy minister has hundreds).
WHO_LINES = 10


class Answerer:
    """Turns a ParsedQuestion plus candidate events into an Answer."""

    def __init__(self, kb: KnowledgeBase, wording: Wording) -> None:
        self.kb = kb
        self.wording = wording

    # -- which people a question asks about ------------------------------------------------

    def candidate_people(self, parsed: Any) -> list[list[str]]:
        """For each asked actor, the people it may be; role phrases expand to every holder ever."""
        out = []
        for actor in parsed.actors:
            if actor.ids:
                out.append(list(actor.ids))
            elif actor.role is not None:
                out.append(self._role_holders(actor.role))
        return [ids for ids in out if ids]

    def _role_holders(self, role: Any) -> list[str]:
        """Everyone who ever held an office a role phrase may name."""
        offices = set(role.offices) or MINISTER_OFFICES
        ids: list[str] = []
        for country in role.countries:
            for office in sorted(offices):
                ids += [p for p in self.kb.holders(office, country, None) if p not in ids]
        return ids

    def exact_people(self, parsed: Any) -> list[str] | None:
        """The asked people when the store can apply every filter: one or two names, one candidate each, no side."""
        if parsed.initiator is not None or not 1 <= len(parsed.actors) <= 2:
            return None
        if any(len(a.ids) != 1 for a in parsed.actors):
            return None
        ids = [a.ids[0] for a in parsed.actors]
        return ids if len(set(ids)) == len(ids) else None

    @staticmethod
    def contact_filter(parsed: Any) -> ContactFilter:
        """The kind, day and window filters of `matches`, and the order of `order`, for the store to apply."""
        window = parsed.window
        return ContactFilter(types=frozenset(VERB_TYPES.get(parsed.verb_class, VERB_TYPES["any"])), day=parsed.day,
                             lo=window.lo if window else None, hi=window.hi if window else None,
                             oldest_first=parsed.intent == "first")

    # -- filtering ------------------------------------------------------------------------------

    def matches(self, event: Event, parsed: Any) -> bool:
        """True when an event answers the question's people, kind, time and initiator."""
        if event.modality != "happened":
            return False
        if event.type not in VERB_TYPES.get(parsed.verb_class, VERB_TYPES["any"]):
            return False
        if not self._in_window(event, parsed):
            return False
        if not self._people_match(event, parsed):
            return False
        return self._initiator_matches(event, parsed)

    def _in_window(self, event: Event, parsed: Any) -> bool:
        """The event lies within the asked window or on the asked day; unknown dates lie nowhere."""
        window, day = parsed.window, parsed.day
        if window is None and day is None:
            return True
        if event.date is None:
            return False
        hi = event.date_hi or event.date
        if day is not None and not (event.date_precision == "day" and event.date == day):
            return False
        if window is not None:
            if window.lo is not None and event.date < window.lo:
                return False
            if window.hi is not None and hi > window.hi:
                return False
        return True

    def _people_match(self, event: Event, parsed: Any) -> bool:
        """Every asked person or role is among the participants, each by a different participant."""
        ids = event.actor_ids()
        used: set[str] = set()
        named = [a for a in parsed.actors if a.ids]
        for actor in named:
            hit = next((i for i in actor.ids if i in ids and i not in used), None)
            if hit is None:
                return False
            used.add(hit)
        named_ids = sorted(used)
        for actor in parsed.actors:
            if actor.ids or actor.role is None:
                continue
            holders = self._role_on(actor.role, event, named_ids, ids - used)
            need = max(1, len(actor.role.countries)) if getattr(actor.role, "plural", False) else 1
            if len(holders) < need:
                return False
            used |= holders
        return True

    def _role_on(self, role: Any, event: Event, named: list[str], pool: set[str]) -> set[str]:
        """Participants who held the role on the event's date (counterparts take the named person's office)."""
        day = event.date
        if day is None:
            return set()
        offices: set[str] | frozenset[str] = set(role.offices)
        if getattr(role, "counterpart", False) or getattr(role, "generic_minister", False) or not offices:
            offices = self._offices(named, day) or (MINISTER_OFFICES if not named else set())
            if getattr(role, "generic_minister", False):
                offices = (offices & MINISTER_OFFICES) or MINISTER_OFFICES
        out: set[str] = set()
        for pid in pool:
            person = self.kb.person(pid)
            if person is None:
                continue
            if any(r.country in role.countries and r.office in offices for r in person.roles_on(day)):
                out.add(pid)
        if getattr(role, "plural", False):
            countries = {r.country for pid in out for r in self._roles(pid, day) if r.office in offices}
            if not set(role.countries) <= countries:
                return set()
        return out

    def _roles(self, pid: str, day: date) -> list[Any]:
        """A person's roles on a day."""
        person = self.kb.person(pid)
        return person.roles_on(day) if person else []

    def _offices(self, ids: Iterable[str], day: date) -> set[str]:
        """Offices the named people held on a day."""
        return {r.office for pid in ids for r in self._roles(pid, day)}

    def _initiator_matches(self, event: Event, parsed: Any) -> bool:
        """The contact was initiated by the asked side (a country) or person."""
        wanted = parsed.initiator
        if wanted is None:
            return True
        got = event.initiator
        if got is None:
            return False
        if isinstance(wanted, str):
            if got == wanted:
                return True
            return event.date is not None and any(r.country == wanted for r in self._roles(got, event.date))
        return got in (wanted.ids or [])

    # -- ordering and wording -----------------------------------------------------------------

    @staticmethod
    def order(events: list[Event], intent: str) -> list[Event]:
        """Newest first for last/when/who/count/exists, oldest first for first; unknown dates last."""
        dated = [e for e in events if e.date is not None]
        undated = [e for e in events if e.date is None]
        dated.sort(key=lambda e: (e.date, e.date_precision == "day"), reverse=intent != "first")
        return dated + undated

    def answer(self, parsed: Any, events: list[Event], search: Callable[[], list[SearchHit]],
               total: int | None = None) -> Answer:
        """Choose the events the intent asks for and word the answer.

        ``total``, when given, is how many events match in all, of which ``events`` are the first (the store
        counted and ordered them); otherwise every candidate is here and is filtered and counted now.
        """
        lang = self.wording.lang(parsed.lang)
        chosen = self.order([e for e in events if self.matches(e, parsed)], parsed.intent)
        n = len(chosen) if total is None else total
        base = {"question": parsed.text, "lang": lang, "intent": parsed.intent}
        if parsed.intent == "count":
            key = "count" if n else "count_zero"
            return Answer(**base, answer=self.wording.text(lang, key, n=n), count=n, events=chosen)
        if parsed.intent == "exists":
            return self._exists(base, lang, chosen, n)
        if parsed.intent == "who":
            return self._who(base, lang, chosen, n, on_day=parsed.day is not None)
        if not chosen:
            hits = search()
            text = self.wording.text(lang, "none") + "\n" + self.wording.text(lang, "search" if hits else "search_none")
            return Answer(**base, answer=text, count=0, events=[], hits=hits)
        return Answer(**base, answer=self._lead(parsed.intent, chosen[0], lang), count=n, events=chosen)

    def _lead(self, intent: str, top: Event, lang: str) -> str:
        """The first line of an answer: the date, the kind and the people."""
        key = {"last": "last", "first": "first"}.get(intent, "when")
        text = self.describe(key, top, lang)
        if top.initiator:
            text = text.rstrip(".") + f" ({self.wording.text(lang, 'initiated', who=self.name(top.initiator, lang))})."
        if top.date is None:
            text += " " + self.wording.text(lang, "undated")
        return text

    def _exists(self, base: dict[str, Any], lang: str, chosen: list[Event], n: int) -> Answer:
        """Yes with the latest contact, or a plain no."""
        if not chosen:
            return Answer(**base, answer=self.wording.text(lang, "exists_no"), count=0, events=[])
        text = self.describe("exists_yes", chosen[0], lang, n=n)
        return Answer(**base, answer=text, count=n, events=chosen)

    def _who(self, base: dict[str, Any], lang: str, chosen: list[Event], n: int, on_day: bool) -> Answer:
        """The distinct contacts (of the day, when one is asked), one line each, newest first, the rest counted."""
        key = "who" if on_day else "who_all"
        if not chosen:
            return Answer(**base, answer=self.wording.text(lang, f"{key}_zero"), count=0, events=[])
        lines = [self.wording.text(lang, key, n=n)]
        shown = chosen[:WHO_LINES]
        lines += ["• " + self.describe("when", e, lang) for e in shown]
        if n > len(shown):
            lines.append(self.wording.text(lang, "more", n=n - len(shown)))
        return Answer(**base, answer="\n".join(lines), count=n, events=chosen)

    def describe(self, key: str, event: Event, lang: str, **extra: Any) -> str:
        """One event in words, with names in the answer's language."""
        names = [self.name(a.id, lang) if a.id else a.name for a in event.actors]
        return self.wording.text(
            lang, key,
            date=self.wording.date(event.date, event.date_precision, lang),
            type=self.wording.event_type(event, lang),
            people=self.wording.people(names, lang),
            **extra,
        )

    def name(self, ident: str, lang: str) -> str:
        """A person's name in a language, or a country code as it is."""
        if self.kb.person(ident) is None:
            return ident.upper() if len(ident) == 2 else ident
        return self.kb.display_name(ident, lang)
