"""A deterministic synthetic news corpus: article i comes from (seed, i) alone, with its ground-truth contacts."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from bench.phrases import LANGS, Phrases
from index.kb.types import Person, Role
from index.models import ArticleIn

DEFAULT_TODAY = date(2025, 6, 30)
# Contacts are dated within this many days before `today` (about ten years).
SPAN_DAYS = 3650
# Articles are padded with filler until their UTF-8 text reaches about this size.
TARGET_BYTES = 2500
MODALITY_WEIGHTS: dict[str, float] = {"happened": 0.75, "planned": 0.15, "denied": 0.10}
MAX_DAY_TRIES = 200
POPULARITY_EXPONENT = 0.8


@dataclass(frozen=True)
class TruthEvent:
    """A contact the article reports: its type, modality, the two people (sorted ids) and the day."""

    type: str
    modality: str
    actors: tuple[str, str]
    day: date


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article and the contacts it reports."""

    article: ArticleIn
    events: tuple[TruthEvent, ...]


@dataclass(frozen=True)
class Holder:
    """A person holding one office over one term."""

    person: Person
    role: Role

    def name(self, lang: str) -> str:
        """The person's name as written in a language."""
        return self.person.names.get(lang) or self.person.name


@dataclass(frozen=True)
class Contact:
    """A planned contact between two holders, before it is written out."""

    type: str
    modality: str
    a: Holder
    b: Holder
    day: date

    def truth(self) -> TruthEvent:
        """The ground-truth record of this contact."""
        ids = sorted((self.a.person.id, self.b.person.id))
        return TruthEvent(self.type, self.modality, (ids[0], ids[1]), self.day)


class Roster:
    """Office holders bucketed by year, to find people in office on a given day quickly."""

    def __init__(self, people: Sequence[Person], offices: frozenset[str], today: date) -> None:
        holders = [Holder(p, r.model_copy(update={"country": r.country.lower()}))
                   for p in people for r in p.roles if r.office in offices]
        if not holders:
            raise ValueError("the knowledge base has no office holders to cast in a corpus")
        # Start where every office the knowledge base lists has a holder, so no era is underpopulated.
        first_holder: dict[tuple[str, str], date] = {}
        for h in holders:
            key = (h.role.office, h.role.country)
            first_holder[key] = min(first_holder.get(key, h.role.start), h.role.start)
        self.last = today - timedelta(days=30)
        self.first = min(max(today - timedelta(days=SPAN_DAYS), *first_holder.values()), self.last)
        # News dwells on a few people: a Zipf-like popularity over a fixed shuffle of the cast.
        ids = sorted({h.person.id for h in holders})
        random.Random("popularity").shuffle(ids)
        self.weight = {pid: 1 / (rank + 1) ** POPULARITY_EXPONENT for rank, pid in enumerate(ids)}
        self._by_year: dict[int, list[Holder]] = {}
        for h in holders:
            end = h.role.end or self.last
            for year in range(max(h.role.start.year, self.first.year), min(end.year, self.last.year) + 1):
                self._by_year.setdefault(year, []).append(h)

    def on(self, day: date) -> list[Holder]:
        """The holders in office on a day, one per person."""
        seen: set[str] = set()
        out: list[Holder] = []
        for h in self._by_year.get(day.year, ()):
            if h.role.covers(day) and h.person.id not in seen:
                seen.add(h.person.id)
                out.append(h)
        return out

    def busy_day(self, rng: random.Random) -> date:
        """A random day of the window on which at least two people were in office."""
        width = (self.last - self.first).days
        for _ in range(MAX_DAY_TRIES):
            day = self.first + timedelta(days=rng.randint(0, width))
            if len(self.on(day)) >= 2:
                return day
        raise ValueError("the knowledge base has too few office holders with overlapping terms for a corpus")

    def pair(self, rng: random.Random, day: date) -> tuple[Holder, Holder] | None:
        """Two people in office on a day, from different countries when possible."""
        holders = self.on(day)
        if len(holders) < 2:
            return None
        a = self._popular(rng, holders)
        others = [h for h in holders if h.person.id != a.person.id]
        foreign = [h for h in others if h.role.country != a.role.country]
        return a, self._popular(rng, foreign or others)

    def _popular(self, rng: random.Random, holders: list[Holder]) -> Holder:
        """One holder, drawn by popularity."""
        return rng.choices(holders, weights=[self.weight[h.person.id] for h in holders])[0]


class Corpus:
    """Generates article i from (seed, i) alone, so a corpus of any size streams in constant memory."""

    def __init__(self, people: Sequence[Person], seed: int = 0, today: date = DEFAULT_TODAY) -> None:
        self.seed = seed
        self.today = today
        self.phrases = {lang: Phrases(lang) for lang in LANGS}
        offices = frozenset.intersection(*(p.offices() for p in self.phrases.values()))
        self.roster = Roster(people, offices, today)

    def article(self, i: int) -> SyntheticArticle:
        """The i-th article of the corpus."""
        rng = random.Random(f"{self.seed}:{i}")
        lang = LANGS[i % len(LANGS)]
        contacts, published = self._plan(rng, lang)
        title, text = ArticleWriter(self.phrases[lang], self.roster, rng).write(contacts, published)
        stamp = datetime(published.year, published.month, published.day, rng.randint(6, 22), rng.randint(0, 59),
                         tzinfo=timezone.utc)
        article = ArticleIn(
            id=f"bench-{self.seed}-{i}", title=title, url=f"https://news.example/{lang}/{self.seed}/{i}",
            published=stamp, source=self.phrases[lang].pick(rng, "outlets"), lang=lang, text=text,
            origin="jsonl", location=f"bench:{i}",
        )
        return SyntheticArticle(article, tuple(c.truth() for c in contacts))

    def articles(self, n: int, start: int = 0) -> Iterator[SyntheticArticle]:
        """Articles start .. start+n-1, generated one at a time."""
        return (self.article(i) for i in range(start, start + n))

    def inputs(self, n: int, start: int = 0) -> Iterator[ArticleIn]:
        """The same articles as engine input, without their ground truth."""
        return (a.article for a in self.articles(n, start))

    def _plan(self, rng: random.Random, lang: str) -> tuple[list[Contact], date]:
        """Choose 1-3 contacts near one anchor day, and a publication day after the past ones."""
        anchor = self.roster.busy_day(rng)
        published = anchor + timedelta(days=rng.randint(1, 6))
        types = sorted(self.phrases[lang].t["events"])
        contacts: list[Contact] = []
        for _ in range(rng.randint(1, 3)):
            modality = rng.choices(list(MODALITY_WEIGHTS), weights=list(MODALITY_WEIGHTS.values()))[0]
            day = published + timedelta(days=rng.randint(1, 9)) if modality == "planned" \
                else anchor - timedelta(days=rng.randint(0, 5))
            pair = self.roster.pair(rng, day)
            if pair is None:  # someone's term ended: fall back to the anchor, which has two people in office
                day, pair = anchor, self.roster.pair(rng, anchor)
            if pair is None:
                continue
            contact = Contact(rng.choice(types), modality, pair[0], pair[1], day)
            if all(contact.truth() != c.truth() for c in contacts):
                contacts.append(contact)
        return contacts, published


class ArticleWriter:
    """Writes one article in one language: chrome, title, contact paragraphs and filler."""

    def __init__(self, phrases: Phrases, roster: Roster, rng: random.Random) -> None:
        self.ph = phrases
        self.roster = roster
        self.rng = rng
        self._deck: list[str] = []

    def write(self, contacts: list[Contact], published: date) -> tuple[str, str]:
        """Return the title and the full text (page chrome included) of an article reporting the contacts."""
        lang, rng = self.ph.lang, self.rng
        first = contacts[0]
        key = first.type if first.modality == "happened" else first.modality
        title = self.ph.fill(self.ph.pick(rng, "titles", key), rng, a=first.a.name(lang), b=first.b.name(lang))
        body = [self._contact_paragraph(c, published) for c in contacts]
        if rng.random() < 0.5:
            body.insert(1, self._read_also(published))
        header, footer = self._header(published), self._footer(published)
        while self._size(header, title, body, footer) < TARGET_BYTES:
            body.insert(rng.randint(1, len(body)), self._filler(rng.randint(2, 4)))
        parts = ["\n".join(header), title, *body, "\n".join(footer)]
        return title, "\n\n".join(p for p in parts if p)

    @staticmethod
    def _size(header: list[str], title: str, body: list[str], footer: list[str]) -> int:
        """The UTF-8 size the article would have."""
        return sum(len(s.encode()) + 2 for s in (*header, title, *body, *footer))

    def _contact_paragraph(self, c: Contact, published: date) -> str:
        """A paragraph that reports one contact, with a mention or filler around it."""
        lang, rng = self.ph.lang, self.rng
        values = {
            "A": self.ph.person(c.a.name(lang), c.a.role.office, c.a.role.country),
            "B": self.ph.person(c.b.name(lang), c.b.role.office, c.b.role.country),
            "a": c.a.name(lang), "b": c.b.name(lang), "date": self.ph.date(rng, c.day, published),
        }
        sentences = [self.ph.fill(self.ph.pick(rng, "events", c.type, c.modality), rng, **values)]
        if rng.random() < 0.3:
            sentences.append(self.ph.fill(self.ph.pick(rng, "mention", "sentences"), rng, **values))
        sentences.append(self._filler(rng.randint(1, 2)))
        return " ".join(sentences)

    def _filler(self, count: int) -> str:
        """Unrelated sentences (prices, weather, sport, budgets), dealt from a shuffled deck to avoid repeats."""
        out: list[str] = []
        for _ in range(count):
            if not self._deck:
                self._deck = list(self.ph.t["filler"]["sentences"])
                self.rng.shuffle(self._deck)
            out.append(self.ph.fill(self._deck.pop(), self.rng))
        return " ".join(out)

    def _headline(self, published: date) -> str:
        """Another article's headline; sometimes about a contact this article does not report."""
        pair = self.roster.pair(self.rng, published) if self.rng.random() < 0.3 else None
        if pair is None:
            return self.ph.fill(self.ph.pick(self.rng, "chrome", "headlines"), self.rng)
        names = {"a": pair[0].name(self.ph.lang), "b": pair[1].name(self.ph.lang)}
        return self.ph.fill(self.ph.pick(self.rng, "chrome", "contact_headlines"), self.rng, **names)

    def _read_also(self, published: date) -> str:
        """A 'Read also' line between paragraphs."""
        return self.ph.fill(self.ph.t["chrome"]["read_also"], self.rng, headline=self._headline(published))

    def _header(self, published: date) -> list[str]:
        """Chrome above the title: breadcrumb, timestamp, view counter, share row (each maybe)."""
        chrome, rng = self.ph.t["chrome"], self.rng
        stamp = f"{published:%d.%m.%Y}, {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
        lines = [(0.5, chrome["breadcrumb"]), (0.7, stamp), (0.5, self.ph.fill(chrome["views"], rng)),
                 (0.4, chrome["share"])]
        return [line for p, line in lines if rng.random() < p]

    def _footer(self, published: date) -> list[str]:
        """Chrome below the text: tags, call to subscribe, copyright, a 'Most read' list (each maybe)."""
        chrome, rng = self.ph.t["chrome"], self.rng
        outlet = self.ph.pick(rng, "outlets")
        lines: list[str] = []
        if rng.random() < 0.6:
            lines.append(self.ph.fill(chrome["tags"], rng))
        if rng.random() < 0.5:
            lines.append(chrome["subscribe"])
        if rng.random() < 0.4:
            lines.append(chrome["most_read"])
            lines.extend(self._headline(published) for _ in range(3))
        if rng.random() < 0.5:
            lines.append(self.ph.fill(chrome["copyright"], rng, year=str(published.year), outlet=outlet))
        return lines
