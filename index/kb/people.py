"""Find people named in a document: full names, bare surnames, inflected and misspelt forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.kb.context import DocRules, Found, NameRules
from index.kb.fuzzy import (
    BARE_CUTOFF,
    BARE_MIN_LENGTH,
    GLOBAL_CUTOFF,
    LOCAL_CUTOFF,
    MIN_LENGTH,
    NEIGHBOUR_CUTOFF,
    Candidate,
    best_match,
    best_ratio,
    decide,
    score_against,
)
from index.kb.names import NameIndex
from index.kb.normalize import Token, is_capitalised
from index.kb.types import Mention

# Patronymics and initials may sit inside a full name without being aliases ("Lloyd J. Austin").
_PATRONYMIC = re.compile(r"(?:ович|евич|йович|ьович|ич|івна|ївна|овна|евна|ична)$", re.IGNORECASE)


@dataclass
class Run:
    """Adjacent name words that may all belong to one person."""

    first: int
    last: int
    ids: dict[str, float]  # candidate person -> lowest word score
    fuzzy: bool = False
    keys: list[str] = field(default_factory=list)


class PeopleFinder:
    """One pass over one document; the document-level rules need every mention at once."""

    def __init__(self, index: NameIndex, rules: NameRules, fuzzy: FuzzyLookup, text: str, tokens: list[Token]) -> None:
        self.index = index
        self.fuzzy = fuzzy
        self.text = text
        self.tokens: list[Token] = self._split_compounds([t for t in tokens if t.text != ","])
        # Most words are lower case: the cheap capital test first spares a method call on each of them.
        self.keys = [index.key(w) if w[:1].isupper() and self._nameish(w) else "" for w in (t.text for t in self.tokens)]
        self.ctx = DocRules(rules, text, self.tokens, self.keys)
        self.cands: list[dict[str, Candidate]] = [self._candidates(i) if k else {} for i, k in enumerate(self.keys)]

    def find(self) -> list[Mention]:
        """Every person mention, sorted by start, non-overlapping."""
        found = [f for f in (self._resolve(r) for r in self._runs()) if f is not None]
        kept = self.ctx.filter(found, self.index)
        kept = self.ctx.filter(kept + self._local_fuzzy(kept), self.index)
        return [self._mention(f) for f in sorted(kept, key=lambda f: f.first)]

    def _nameish(self, word: str) -> bool:
        """Capitalised, and no short all-capital word (СИ, XI, US) unless an alias is written so (AKK)."""
        if not is_capitalised(word):
            return False
        return not (2 <= len(word) <= 3 and word.isupper()) or word in self.index.acronyms

    def _split_compounds(self, tokens: list[Token]) -> list[Token]:
        """Split hyphenated words that are no alias into their parts ('Belousov-Radakin call')."""
        out: list[Token] = []
        for t in tokens:
            if "-" not in t.text or not is_capitalised(t.text) or self.index.key(t.text) in self.index.words:
                out.append(t)
                continue
            pos = t.start
            for part in t.text.split("-"):
                if part:
                    out.append(Token(pos, pos + len(part), part))
                pos += len(part) + 1
        return out

    # -- candidates per word ---------------------------------------------------------------

    def _candidates(self, i: int) -> dict[str, Candidate]:
        """People a capitalised word may belong to: exact alias words first, fuzzy surnames second."""
        key = self.keys[i]
        if not key:
            return {}
        exact = self.index.words.get(key)
        if exact:
            return {pid: Candidate(pid, 100.0, (pid, key) in self.index.weak) for pid in exact}
        if not self.ctx.fuzzy_shape(i):
            return {}
        best = decide(self.fuzzy(key, GLOBAL_CUTOFF))
        if best is None or self.ctx.common_word(i):
            return {}
        # A romanised spelling can match exactly, yet it is still a guess.
        return {best.person_id: Candidate(best.person_id, min(best.score, 99.0), best.weak, fuzzy=True)}

    # -- runs --------------------------------------------------------------------------------

    def _runs(self) -> list[Run]:
        """Maximal runs of adjacent name words that share at least one person."""
        runs: list[Run] = []
        i = 0
        while i < len(self.tokens):
            if not self.cands[i]:
                i += 1
                continue
            run = self._extend(i)
            runs.append(run)
            i = run.last + 1
        return runs

    def _extend(self, i: int) -> Run:
        """Grow a run rightwards while the next name word shares a person with it."""
        ids = {pid: c.score for pid, c in self.cands[i].items()}
        run = Run(i, i, ids, fuzzy=any(c.fuzzy for c in self.cands[i].values()), keys=[self.keys[i]])
        j = i + 1
        while j < len(self.tokens):
            k = j + 1 if self._joiner(j) and j + 1 < len(self.tokens) and self.ctx.adjacent(j, j + 1) else j
            if not self.ctx.adjacent(run.last, j) or not self.cands[k]:
                break
            shared = run.ids.keys() & self.cands[k].keys()
            if not shared:
                break
            run.ids = {pid: min(run.ids[pid], self.cands[k][pid].score) for pid in shared}
            run.fuzzy = run.fuzzy or any(self.cands[k][p].fuzzy for p in shared)
            run.keys.append(self.keys[k])
            run.last = k
            j = k + 1
        return run

    def _joiner(self, j: int) -> bool:
        """An initial ('J.') or a patronymic that may sit inside a full name."""
        word = self.tokens[j].text
        if len(word) == 1 and word.isupper():
            return self.text[self.tokens[j].end:self.tokens[j].end + 1] == "."
        return is_capitalised(word) and bool(_PATRONYMIC.search(word)) and not self.cands[j]

    def _resolve(self, run: Run) -> Found | None:
        """The one person a run names, or None (given names alone, or a tie)."""
        valid = [pid for pid in run.ids if self._names(pid, run)]
        if not valid:
            return self._phrase_fuzzy(run)
        valid.sort(key=lambda p: -run.ids[p])
        if len(valid) > 1 and run.ids[valid[1]] == run.ids[valid[0]]:
            return None
        pid = valid[0]
        first = self._given_before(run.first, pid)
        full = len(run.keys) > 1 or first < run.first
        if not full and run.fuzzy and not self.ctx.titled(run.first) and not self._bare_fuzzy_ok(run, pid):
            return None
        weak = not full and self.cands[run.first][pid].weak
        return Found(first, run.last, pid, run.ids[pid], full, weak)

    def _bare_fuzzy_ok(self, run: Run, pid: str) -> bool:
        """A misspelt surname standing alone must be long and close (short words collide by chance)."""
        return run.ids[pid] >= BARE_CUTOFF and len(run.keys[0]) >= BARE_MIN_LENGTH

    def _names(self, pid: str, run: Run) -> bool:
        """True when the run holds a surname of the person or a whole multi-word alias."""
        if run.fuzzy or any(self.index.is_surname(k, pid) for k in run.keys):
            return True  # fuzzy candidates come from surnames only
        return len(run.keys) > 1 and self.index.covers_phrase(pid, run.keys)

    def _given_before(self, first: int, pid: str) -> int:
        """Extend a surname leftwards over a variant given name ('Valeri Gerasimov', 'Гакан Фідан', 'Pit Hegset')."""
        prev = first - 1
        if not self._free(prev) or not self.ctx.adjacent(prev, first):
            return first
        key = self.keys[prev]
        score = best_ratio(key, self.index.given_keys(pid))
        return prev if score == 100 or (len(key) >= MIN_LENGTH and score >= NEIGHBOUR_CUTOFF) else first

    def _free(self, i: int) -> bool:
        """A capitalised word that names nobody by itself."""
        return 0 <= i < len(self.tokens) and bool(self.keys[i]) and not self.cands[i]

    def _phrase_fuzzy(self, run: Run) -> Found | None:
        """Complete a multi-word alias with a misspelt neighbour ('Vang Yi' for Wang Yi)."""
        for pid in run.ids:
            own = list(self.index.own.get(pid, ()))
            for i in (run.first - 1, run.last + 1):
                if not self._free(i) or len(self.keys[i]) < 3:
                    continue
                if not self.ctx.adjacent(min(i, run.first), max(i, run.last)):
                    continue
                score, key = best_match(self.keys[i], own)
                if score >= NEIGHBOUR_CUTOFF and self.index.covers_phrase(pid, run.keys + [key]):
                    return Found(min(i, run.first), max(i, run.last), pid, min(score, run.ids[pid]), True)
        return None

    # -- second pass: damaged surnames of people the document already names --------------------

    def _local_fuzzy(self, kept: list[Found]) -> list[Found]:
        """Match leftover capitalised words against the surnames of people found, with a low cutoff."""
        people = list(dict.fromkeys(f.person_id for f in kept))
        if not people:
            return []
        used = {i for f in kept for i in range(f.first, f.last + 1)}
        initials = self.index.fuzzy_initials
        out: list[Found] = []
        for i, key in enumerate(self.keys):
            if not key or i in used or any(not c.fuzzy for c in self.cands[i].values()):
                continue
            if not self.ctx.fuzzy_shape(i):
                continue
            # Only keys with the word's first letter can score (score_against); people without one score 0.
            mine = [(p, initials[p][key[0]]) for p in people if key[0] in initials.get(p, {})]
            scored = [Candidate(p, score_against(key, keys), False) for p, keys in mine]
            best = decide(sorted([c for c in scored if c.score >= LOCAL_CUTOFF], key=lambda c: -c.score))
            if best is not None and not self.ctx.common_word(i):
                out.append(Found(i, i, best.person_id, best.score, False))
        return out

    def _mention(self, f: Found) -> Mention:
        """The public mention for a resolved run."""
        s, e = self.tokens[f.first].start, self.tokens[f.last].end
        return Mention(start=s, end=e, surface=self.text[s:e], person_id=f.person_id, score=round(f.score / 100, 3))


class FuzzyLookup:
    """Fuzzy surname lookup with a per-knowledge-base cache (the same damaged words recur)."""

    MAX_CACHE = 50_000

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.cache: dict[tuple[str, float], list[Candidate]] = {}

    def __call__(self, key: str, cutoff: float) -> list[Candidate]:
        """Candidates for a key at a cutoff."""
        hit = self.cache.get((key, cutoff))
        if hit is None:
            if len(self.cache) >= self.MAX_CACHE:
                self.cache.clear()
            hit = self.index.pool.lookup(key, cutoff)
            self.cache[(key, cutoff)] = hit
        return hit

