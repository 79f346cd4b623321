"""Sentence-level event extraction: triggers, participants, dates, modality and initiator."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from index.dates import find_date_phrases
from index.dating.calendar import interval
from index.extract.lexicon import TYPE_RANK, Lexicon, Lexicons
from index.extract.mention import EventMention
from index.kb import MINISTER_OFFICES, KnowledgeBase
from index.kb.normalize import Token, tokenize
from index.models import DateValue
from index.text.sentences import split_sentences

# How far before a date phrase a bound word ("since", "after") may stand.
BOUND_REACH = 30
# How far back in its clause a bound word may govern a date phrase.
BOUND_CLAUSE = 120
# How far after an initiator cue the side that asked may be named.
INITIATOR_REACH = 70
# How far after a contact verb a plan cue may stand ("talks planned for Tuesday").
PLAN_TAIL = 40
# How far before a contact verb a negation may stand ("had not yet spoken").
NEGATION_REACH = 25
# How far before a contact noun a venue phrase may stand ("on the sidelines of the G20 meeting").
VENUE_REACH = 40
# How far before a contact word a past-tense verb may stand ("held separate talks").
PAST_REACH = 20
POSSESSIVE = re.compile(r"['’]s?\s+(?=[a-z])")


@dataclass
class Trigger:
    """A contact word in a sentence, with absolute offsets."""

    start: int
    end: int
    type: str


@dataclass
class DateSlot:
    """A date phrase in a sentence and what it does there."""

    start: int
    end: int
    value: DateValue | None
    role: str  # date | after | before | same
    future: bool = False
    strict: bool = False  # the bound word stands right before the phrase ("since May 13")
    kind: str = ""
    since_type: str | None = None  # "since the state visit in May 2024": the contact the date belongs to


@dataclass
class ArticleState:
    """What earlier sentences of the article established, for later ones to lean on."""

    published: date | None
    lead: DateValue | None = None
    para_date: dict[int, DateValue] = field(default_factory=dict)
    last: EventMention | None = None
    topic: str | None = None


class Spans:
    """Items sorted by start offset, looked up by the range they lie in (each sentence asks once)."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.starts = [item.start for item in items]

    def within(self, start: int, end: int) -> list[Any]:
        """The items lying wholly within [start, end), in order."""
        first, stop = bisect_left(self.starts, start), bisect_right(self.starts, end - 1)
        return [item for item in self.items[first:stop] if item.end <= end]


def _tokens_within(tokens: list[Token], spans: list[Any]) -> list[Token]:
    """The tokens lying wholly inside any of the spans (both sorted by start)."""
    out: list[Token] = []
    starts = [t.start for t in tokens]
    for span in spans:
        first, stop = bisect_left(starts, span.start), bisect_left(starts, span.end)
        out.extend(t for t in tokens[first:stop] if t.end <= span.end)
    return out


class Extractor:
    """Turns one article into event mentions; one instance per engine, safe to share between threads."""

    def __init__(self, kb: KnowledgeBase, lexicons: Lexicons) -> None:
        self.kb = kb
        self.lexicons = lexicons

    def extract(self, text: str, lang: str, published: date | None) -> list[EventMention]:
        """Return every contact the article reports, in text order."""
        lex = self.lexicons.get(lang)
        tokens = tokenize(text)  # names and role phrases are found in the same words
        # Every sentence's people are needed (they set the topic a later pronoun refers to), but role phrases and
        # dates only matter in sentences with a contact word: most sentences have none, so look only there.
        people = self.kb.find_people(text, lang, tokens)
        sentences = [(span, self._triggers(span, lex)) for span in split_sentences(text)]
        contact = [span for span, triggers in sentences if triggers]
        roles = [r for r in self.kb.find_roles(text, lang, _tokens_within(tokens, contact))
                 if not self._names_someone(r, people, text)]
        people_spans = Spans(people)
        role_spans = Spans(roles)
        breaks = [m.start() for m in re.finditer(r"\n\s*\n", text)]
        state = ArticleState(published=published)
        out: list[EventMention] = []
        for span, triggers in sentences:
            para = bisect_left(breaks, span.start)  # paragraph breaks before the sentence
            s_people = people_spans.within(span.start, span.end)
            if triggers:
                s_roles = role_spans.within(span.start, span.end)
                found = find_date_phrases(text, lang, published, span.start, span.end)
                s_dates = self._slots(text, span.start, found, lex)
                out.extend(self._sentence(text, span, para, lex, triggers, s_people, s_roles, s_dates, state))
            if s_people and not lex.pronoun.search(text, span.start, s_people[0].start):
                # A sentence whose subject is a pronoun keeps the topic it refers to.
                state.topic = s_people[0].person_id
        return out

    @staticmethod
    def _triggers(span: Any, lex: Lexicon) -> list[Trigger]:
        """The sentence's contact words, with absolute offsets; a venue phrase ('the G20 meeting') is none."""
        return [
            Trigger(m.start() + span.start, m.end() + span.start, lex.trigger_type(m))
            for m in lex.triggers.finditer(span.text)
            if not lex.venue.search(span.text, max(0, m.start() - VENUE_REACH), m.start())
        ]

    # -- sentence -------------------------------------------------------------------------

    def _sentence(self, text: str, span: Any, para: int, lex: Lexicon, triggers: list[Trigger],
                  people: list[Any], roles: list[Any], slots: list[DateSlot], state: ArticleState) -> list[EventMention]:
        """Build the mentions of one sentence: one per date the sentence gives its contacts."""
        out: list[EventMention] = []
        dated = [d for d in slots if d.role in ("date", "same") and d.value is not None]
        groups = self._again(text, lex, self._group(triggers, dated, self._clause_cuts(span, lex)), dated)
        bounds = [d for d in slots if d.role == "after" and d.value is not None]
        cuts = self._clause_cuts(span, lex)
        for slot, group in groups:
            g_people, g_roles = people, roles
            if len(groups) > 1:
                g_people = self._in_clauses(people, group, cuts, triggers)
                g_roles = self._in_clauses(roles, group, cuts, triggers)
            out.extend(self._group_mentions(text, span, para, lex, group, slot, bounds, g_people, g_roles, state))
        negated = [m for m in out if m.modality == "negated"]
        out = [m for m in out if m.modality != "negated"]
        main = out[0] if out else (negated[0] if negated else None)
        if main is not None and bounds and (negated or lex.since_contact.search(span.text)):
            # "the first call since May 13", "had not met since September 2022": a contact on that date.
            out.extend(self._since_events(span, bounds, main, state))
        if negated and not out:
            self._not_a_meeting(negated[0], state)
        return out

    @staticmethod
    def _not_a_meeting(negated: EventMention, state: ArticleState) -> None:
        """'It was not a meeting': the contact just reported was a brief exchange, not a formal meeting."""
        last = state.last
        if last is not None and negated.type == "meeting" and last.type == "meeting" and negated.key() == last.key():
            last.type = "talks"

    def _group(self, triggers: list[Trigger], dated: list[DateSlot],
               cuts: list[int]) -> list[tuple[DateSlot | None, list[Trigger]]]:
        """Give each trigger the nearest date phrase of its clause; triggers sharing a date form one contact."""
        if not dated:
            return [(None, triggers)]
        groups: dict[int, list[Trigger]] = {}
        for t in triggers:
            clause = self._clause_of(t.start, cuts)
            own = [i for i in range(len(dated)) if self._clause_of(dated[i].start, cuts) == clause]
            pool = own or ([] if len(set(self._clause_of(x.start, cuts) for x in triggers)) > 1 else list(range(len(dated))))
            key = min(pool, key=lambda i: self._distance(t, dated[i])) if pool else -1
            groups.setdefault(key, []).append(t)
        # Undated contacts come last so they can take the date their sentence gave the others.
        return [(dated[i] if i >= 0 else None, ts) for i, ts in sorted(groups.items(), key=lambda kv: kv[0] < 0)]

    def _in_clauses(self, items: list[Any], group: list[Trigger], cuts: list[int], triggers: list[Trigger]) -> list[Any]:
        """Items in the clauses of a group's triggers, plus the sentence's subject before its first contact word."""
        clauses = {self._clause_of(t.start, cuts) for t in group}
        first = min(t.start for t in triggers)
        return [x for x in items if self._clause_of(x.start, cuts) in clauses or x.end <= first]

    @staticmethod
    def _again(text: str, lex: Lexicon, groups: list[tuple[DateSlot | None, list[Trigger]]],
               dated: list[DateSlot]) -> list[tuple[DateSlot | None, list[Trigger]]]:
        """'…on Monday, March 4, and again on Thursday, March 7': the contact happened on each date."""
        used = {id(slot) for slot, _ in groups if slot is not None}
        extra = []
        for slot, ts in groups:
            if slot is None:
                continue
            for other in dated:
                if id(other) in used or other.start < slot.end:
                    continue
                if lex.again.search(text, slot.end, other.start):
                    extra.append((other, ts))
                    used.add(id(other))
        return groups + extra

    @staticmethod
    def _clause_cuts(span: Any, lex: Lexicon) -> list[int]:
        """Absolute offsets where the sentence's clauses begin."""
        return [span.start, *[span.start + m.start() for m in lex.clause_break.finditer(span.text)]]

    @staticmethod
    def _clause_of(pos: int, cuts: list[int]) -> int:
        """The index of the clause holding an offset."""
        return sum(1 for c in cuts if c <= pos) - 1

    @staticmethod
    def _distance(t: Trigger, d: DateSlot) -> int:
        """Character distance between a trigger and a date phrase."""
        return max(d.start - t.end, t.start - d.end, 0)

    def _group_mentions(self, text: str, span: Any, para: int, lex: Lexicon, group: list[Trigger],
                        slot: DateSlot | None, bounds: list[DateSlot], people: list[Any], roles: list[Any],
                        state: ArticleState) -> list[EventMention]:
        """Build the mention(s) of one contact in a sentence."""
        first = min(t.start for t in group)
        named = self._with_topic(span, lex, people, self._participants(span, lex, people), first, state)
        borrowed = False
        slot = self._past_if_told_so(span, lex, group, slot)
        value, date_from = self._date(slot, bounds, para, state)
        named += [pid for pid in self._resolve_roles(roles, value, named, state) if pid not in named]
        antecedent = state.last
        if len(set(named)) < 2 and antecedent is not None and lex.anaphora.search(span.text):
            named = list(dict.fromkeys([*antecedent.participants, *named]))
            borrowed = True
            if slot is None:
                value, date_from = antecedent.date, "inherited"
        if len(set(named)) < 2:
            return []
        modality = self._modality(span, lex, group, slot)
        if borrowed and slot is None and modality == "happened" and state.last is not None \
                and self._anaphoric_trigger(span, lex, group):
            modality = state.last.modality
        mtype = self._type(span, lex, group)
        if borrowed and slot is None and antecedent is not None and (
                mtype in ("consult", "talks") or modality == antecedent.modality):
            # More about the contact just reported ("the parties discussed the next meeting"): same kind;
            # a sentence about another kind with its own fate ("the visit was postponed") keeps its own.
            mtype = max(mtype, antecedent.type, key=lambda t: TYPE_RANK.get(t, 0))
        initiator = self._initiator(text, span, lex, people, group, named, value, state)
        base = {
            "type": mtype, "modality": modality, "initiator": initiator, "date": value, "date_from": date_from,
            "quote": span.text.strip(), "start": span.start, "end": span.end,
        }
        subject = [p.person_id for p in people if p.end <= first] or [n for n in named[:1] if n == state.topic]
        sides = self._bilateral(span, lex, subject, named, borrowed)
        mentions = [EventMention(participants=pair, **base) for pair in sides]
        if modality != "negated":
            self._remember(mentions, para, slot, state)
        return mentions

    def _remember(self, mentions: list[EventMention], para: int, slot: DateSlot | None, state: ArticleState) -> None:
        """Let later sentences inherit this contact's people and date."""
        if not mentions:
            return
        m = mentions[-1]
        state.last = m
        if m.date is not None and slot is not None:
            state.para_date[para] = m.date
            if state.lead is None and m.modality == "happened":
                state.lead = m.date

    # -- participants -------------------------------------------------------------------

    def _participants(self, span: Any, lex: Lexicon, people: list[Any]) -> list[str]:
        """Named people of the sentence, without reporters of it or owners of something else ('X's predecessor')."""
        people = [p for p in people if not self._is_owner(span, lex, p)]
        ids = [p.person_id for p in people if not self._is_speaker(span, lex, p)]
        if len(set(ids)) < 2:
            ids = [p.person_id for p in people]
        return list(dict.fromkeys(ids))

    @staticmethod
    def _anaphoric_trigger(span: Any, lex: Lexicon, group: list[Trigger]) -> bool:
        """True when the contact word itself points back ('the call', 'такого разговора'), not just its people."""
        spans = [(m.start() + span.start, m.end() + span.start) for m in lex.anaphora.finditer(span.text)]
        return any(a <= t.start < b or t.start <= a < t.end for t in group for a, b in spans)

    @staticmethod
    def _is_owner(span: Any, lex: Lexicon, person: Any) -> bool:
        """True for 'Hegseth's predecessor': the name only qualifies another noun, which is not a contact."""
        after = span.text[person.end - span.start: person.end - span.start + 40]
        m = POSSESSIVE.match(after)
        return m is not None and not lex.triggers.match(after, m.end())

    @staticmethod
    def _is_speaker(span: Any, lex: Lexicon, person: Any) -> bool:
        """True for 'Blinken said …': the person reports the contact rather than takes part in it."""
        after = span.text[person.end - span.start: person.end - span.start + 24]
        return bool(lex.speaker.search(after))

    def _with_topic(self, span: Any, lex: Lexicon, people: list[Any], ids: list[str], first_trigger: int,
                    state: ArticleState) -> list[str]:
        """Add the previous sentence's topic when a subject pronoun ('he', 'la ministre') stands before the contact word."""
        head = span.text[: max(first_trigger - span.start, 0)]
        pronoun = None
        for pronoun in lex.pronoun.finditer(head):
            pass
        if pronoun is None or not state.topic or state.topic in ids:
            return ids
        # "President Emmanuel Macron spoke…": a title followed by a name is no pronoun.
        if any(pronoun.start() + span.start <= p.start < first_trigger for p in people):
            return ids
        return [state.topic, *ids]

    @staticmethod
    def _bilateral(span: Any, lex: Lexicon, before: list[str], named: list[str], borrowed: bool) -> list[list[str]]:
        """Split 'X spoke with A, then with B and C' into one contact per counterpart, unless it was joint."""
        ids = list(dict.fromkeys(named))
        if borrowed or len(ids) < 3 or lex.joint.search(span.text):
            return [ids]
        subject = list(dict.fromkeys(before))
        if len(subject) != 1:
            return [ids]
        return [[subject[0], other] for other in ids if other != subject[0]]

    def _names_someone(self, role: Any, people: list[Any], text: str) -> bool:
        """True when a role phrase is an apposition of a named person ('U.S. Defense Secretary Lloyd Austin')."""
        for p in people:
            if p.start <= role.start < p.end or role.start <= p.start < role.end:
                return True
            if 0 <= p.start - role.end <= 3 or 0 <= role.start - p.end <= 3:
                return True
        return False

    def _resolve_roles(self, roles: list[Any], value: DateValue | None, named: list[str],
                       state: ArticleState) -> list[str]:
        """Map role phrases to the people holding those offices throughout the contact's date."""
        days = self._role_days(value, state.published)
        if not days:
            return []
        out: list[str] = []
        for role in roles:
            found = [self._holders(role, d, named) for d in days]
            if len(found[0]) > 1 and set(found[0]) & set(named):
                # "Xi … the Chinese leader": a description of someone already named, not more people.
                continue
            # A month or year in which the office changed hands names nobody for certain.
            if all(sorted(f) == sorted(found[0]) for f in found):
                out += [pid for pid in found[0] if pid not in out]
        return out

    @staticmethod
    def _role_days(value: DateValue | None, published: date | None) -> list[date]:
        """The first and last day a contact may have happened on (not after publication)."""
        if value is None:
            return [published] if published else []
        hi = min(value.hi, published) if published and published >= value.lo else value.hi
        return [value.lo] if hi == value.lo else [value.lo, hi]

    def _holders(self, role: Any, day: date, named: list[str]) -> list[str]:
        """People who held the office a role phrase names, on a day."""
        offices = set(role.offices)
        if getattr(role, "counterpart", False) or getattr(role, "generic_minister", False) or not offices:
            offices = self._offices_of(named, day)
            if getattr(role, "generic_minister", False):
                offices &= MINISTER_OFFICES
        if not offices or not role.countries:
            return []
        out: list[str] = []
        for country in role.countries:
            for office in sorted(offices):
                out += [pid for pid in self.kb.holders(office, country, day) if pid not in out]
        return out

    def _offices_of(self, ids: list[str], day: date) -> set[str]:
        """The offices the named people held on a day."""
        offices: set[str] = set()
        for pid in ids:
            person = self.kb.person(pid)
            if person is not None:
                offices |= {r.office for r in person.roles_on(day)}
        return offices

    # -- dates ------------------------------------------------------------------------

    def _slots(self, text: str, offset: int, phrases: list[Any], lex: Lexicon) -> list[DateSlot]:
        """Say what each date phrase does in its sentence: dates the contact, or bounds it."""
        out = []
        for d in phrases:
            strict, since = False, None
            before = text[max(offset, d.start - BOUND_REACH): d.start]
            if lex.same_day.search(d.text) or getattr(d, "anaphoric", False):
                role = "same"
            elif lex.bound_after.search(before) or lex.bound_lead.match(d.text):
                role, strict = "after", True
            elif self._bounded_clause(text, offset, d.start, lex):
                role = "after"
            elif (since := self._since_contact_noun(text, offset, d.start, lex)) is not None:
                role, strict = "after", True
            elif lex.bound_before.search(before):
                role = "before"
            else:
                role = "date"
            out.append(DateSlot(d.start, d.end, d.value, role, bool(getattr(d, "future", False)), strict,
                                str(getattr(d, "kind", "")), since))
        return out

    def _past_if_told_so(self, span: Any, lex: Lexicon, group: list[Trigger], slot: DateSlot | None) -> DateSlot | None:
        """'Later on Friday Wang held talks' (published Saturday): a past-tense contact on a weekday is last Friday."""
        if slot is None or not slot.future or slot.value is None or slot.kind != "weekday":
            return slot
        if lex.modality["planned"].search(self._governing(span, lex, group)):
            return slot
        rel = [t.start - span.start for t in group]
        if not any(lex.past.search(span.text, max(0, r - PAST_REACH), r + 30) for r in rel):
            return slot
        week = timedelta(days=7)
        value = slot.value.model_copy(update={"lo": slot.value.lo - week, "hi": slot.value.hi - week})
        return DateSlot(slot.start, slot.end, value, slot.role, False, slot.strict, slot.kind)

    @staticmethod
    def _since_contact_noun(text: str, offset: int, start: int, lex: Lexicon) -> str | None:
        """'first call since the state visit of Xi in May 2024': the date dates the visit; return its kind."""
        head = text[max(offset, start - BOUND_CLAUSE): start]
        bound = None
        for bound in lex.since_word.finditer(head):
            pass
        if bound is None:
            return None
        nouns = list(lex.triggers.finditer(head, bound.end()))
        if len(nouns) != 1 or lex.clause_break.search(head, bound.end()):
            return None
        kind = lex.trigger_type(nouns[0])
        return "consult" if kind == "took_place" else kind

    @staticmethod
    def _bounded_clause(text: str, offset: int, start: int, lex: Lexicon) -> bool:
        """'took place following the NATO summit in Washington on July 9-11': the date bounds the contact."""
        head = text[max(offset, start - BOUND_CLAUSE): start]
        cut = max((m.end() for m in lex.clause_break.finditer(head)), default=0)
        head = head[cut:]
        bound = None
        for m in lex.bound_word.finditer(head):
            bound = m
        if bound is None:
            return False
        return not lex.triggers.search(head[bound.end():])

    def _date(self, slot: DateSlot | None, bounds: list[DateSlot], para: int,
              state: ArticleState) -> tuple[DateValue | None, str]:
        """The contact's date: its own phrase, else the paragraph's, the lead's or the publication day."""
        if slot is not None and slot.role == "same":
            prior = state.para_date.get(para) or (state.last.date if state.last else None) or state.lead
            if prior is not None:
                return prior, "inherited"
        if slot is not None and slot.value is not None:
            return slot.value, "text"
        if bounds and state.published is not None:
            lo = max(b.value.hi for b in bounds if b.value is not None) + timedelta(days=1)
            if lo <= state.published:
                return interval(lo, state.published), "bound"
        if para in state.para_date:
            return state.para_date[para], "inherited"
        if state.lead is not None:
            return state.lead, "inherited"
        if state.published is not None:
            return DateValue(lo=state.published, hi=state.published, precision="day"), "published"
        return None, "none"

    def _since_events(self, span: Any, bounds: list[DateSlot], main: EventMention,
                      state: ArticleState) -> list[EventMention]:
        """'The first call since May 13' also reports a contact on May 13."""
        out = []
        for b in bounds:
            if b.value is None or not b.strict:
                continue
            out.append(main.model_copy(update={
                "date": b.value, "date_from": "text", "modality": "happened", "background": True,
                "initiator": None, "type": b.since_type or main.type,
            }))
        return out

    # -- modality, type, initiator --------------------------------------------------

    def _clause(self, span: Any, lex: Lexicon, group: list[Trigger]) -> str:
        """The clause(s) of the sentence that hold the group's triggers."""
        cuts = [0, *[m.start() for m in lex.clause_break.finditer(span.text)], len(span.text)]
        parts = []
        for a, b in zip(cuts, cuts[1:]):
            if any(a <= t.start - span.start < b for t in group):
                parts.append(span.text[a:b])
        return " ".join(parts) or span.text

    def _modality(self, span: Any, lex: Lexicon, group: list[Trigger], slot: DateSlot | None) -> str:
        """Happened, unless the clause plans, cancels, denies or negates the contact, or it went unanswered.

        Plans govern the verb they stand before ("will speak", "is due to call"), so a "would" later
        in the clause ("…, told parliament the batch would arrive") does not make the contact planned.
        """
        clause = self._clause(span, lex, group)
        for name in ("denied", "cancelled", "failed"):
            if lex.modality[name].search(clause):
                return name
        for name in ("denied", "cancelled", "failed"):
            if lex.modality[name].search(span.text):
                return name
        if self._negated(span, lex, group):
            return "negated"
        if lex.modality["planned"].search(self._governing(span, lex, group)):
            return "planned"
        if slot is not None and slot.future:
            return "planned"
        return "happened"

    def _governing(self, span: Any, lex: Lexicon, group: list[Trigger]) -> str:
        """The words that can govern a contact verb: from its clause's start to just after the verb."""
        cuts = self._clause_cuts(span, lex)
        last = max(t.end for t in group)
        start = cuts[self._clause_of(min(t.start for t in group), cuts)]
        return span.text[start - span.start: last - span.start + PLAN_TAIL]

    @staticmethod
    def _negated(span: Any, lex: Lexicon, group: list[Trigger]) -> bool:
        """'had not met', "n'y avait pas rencontré", 'не зустрічалися': a contact that did not take place."""
        for t in group:
            end = t.start - span.start
            # Searching inside the sentence (not a cut-out) keeps word boundaries honest at the window's edge.
            if lex.negation.search(span.text, max(0, end - NEGATION_REACH), end):
                return True
        return False

    @staticmethod
    def _type(span: Any, lex: Lexicon, group: list[Trigger]) -> str:
        """The most specific kind of contact the triggers name."""
        best = max(group, key=lambda t: TYPE_RANK.get(t.type, 0)).type
        if best in ("consult", "talks", "took_place") and lex.phone_cue.search(span.text):
            return "phone_call"
        return "consult" if best == "took_place" else best

    def _initiator(self, text: str, span: Any, lex: Lexicon, people: list[Any], group: list[Trigger],
                   named: list[str], value: DateValue | None, state: ArticleState) -> str | None:
        """Who asked for the contact: a participant when the text says so, else the side's country."""
        side = self._side_after_cue(span, lex, people, group) or self._caller(span, lex, people, group)
        if side is None:
            return None
        if side in named:
            return side
        day = value.lo if value else state.published
        for pid in named:
            person = self.kb.person(pid)
            if person is not None and day is not None and any(r.country == side for r in person.roles_on(day)):
                return pid
        return side if len(side) == 2 else None

    def _side_after_cue(self, span: Any, lex: Lexicon, people: list[Any], group: list[Trigger]) -> str | None:
        """'at the initiative of the Russian side' -> 'ru'; 'requested by Austin' -> Austin's id."""
        cues = [(m, False) for m in lex.init_after.finditer(span.text)]
        cues += [(m, True) for m in lex.init_before.finditer(span.text)]

        def distance(m: re.Match[str]) -> int:
            return min(abs(m.start() + span.start - t.start) for t in group)

        for m, both_sides in sorted(cues, key=lambda c: distance(c[0])):
            window = (m.end(), min(len(span.text), m.end() + INITIATOR_REACH))
            if both_sides:
                window = (max(0, m.start() - INITIATOR_REACH), window[1])
            found = self._nearest_side(span, lex, people, m, window)
            if found:
                return found
        return None

    def _nearest_side(self, span: Any, lex: Lexicon, people: list[Any], cue: re.Match[str],
                      window: tuple[int, int]) -> str | None:
        """The person or country named closest to a cue, within a window of the sentence."""
        found: list[tuple[int, str]] = []
        for c in lex.countries.finditer(span.text, window[0], window[1]):
            found.append((abs(c.start() - cue.end()), lex.country_of(c)))
        for p in people:
            rel = p.start - span.start
            if window[0] <= rel < window[1]:
                found.append((abs(rel - cue.end()), p.person_id))
        return min(found)[1] if found else None

    @staticmethod
    def _caller(span: Any, lex: Lexicon, people: list[Any], group: list[Trigger]) -> str | None:
        """'Macron called Putin': the named person right before a calling verb placed the call."""
        for m in lex.caller.finditer(span.text):
            before = [p for p in people if p.end - span.start <= m.start() and m.start() - (p.end - span.start) < 60]
            if before:
                return str(before[-1].person_id)
        return None
