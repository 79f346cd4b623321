"""User query parsing: strict where Whoosh is silently lenient, plus a literal mode and snippets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.analysis import Analyzer
from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser, plugins

MAX_QUERY_CHARS = 500
MIN_WILDCARD_PREFIX = 2
SEARCH_FIELDS = ("title", "text")
USER_FIELDS = frozenset({"title", "text", "lang", "source"})
_BINARY = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})
_HINT = " Put the whole query in quotes to search the words literally."
# Quoted phrase (with optional ~slop), a parenthesis, a known field prefix, or any other run.
_SLOP = re.compile(r"~\d+$")
_LEX = re.compile(r'"[^"]*"(?:~\d+)?|[()]|(?:' + "|".join(sorted(USER_FIELDS)) + r'):(?=\S)|[^\s()"]+')


class QuerySyntaxError(ValueError):
    """The user's query cannot be understood; the message says why and how to fix it."""


def _clean(text: str) -> str:
    """Replace control and format characters by spaces (they can only confuse the parser)."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text).strip()


def _kind(token: str) -> str:
    if token in ("(", ")"):
        return token
    if token in _BINARY:
        return "bin"
    if token == "NOT":
        return "not"
    if token.endswith(":") and token[:-1] in USER_FIELDS:
        return "field"
    return "word"


def _check_wildcards(word: str) -> None:
    if word.startswith('"'):
        return
    bare = word.split(":", 1)[1] if ":" in word and word.split(":", 1)[0] in USER_FIELDS else word
    first = min((i for i, c in enumerate(bare) if c in "*?"), default=-1)
    if first != -1 and first < MIN_WILDCARD_PREFIX:
        raise QuerySyntaxError(
            f"“{word}”: a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before it, e.g. negotiat*." + _HINT
        )


_AFTER = {  # which token kinds may follow each kind ("start" is the beginning of the query)
    "start": {"word", "(", "not", "field"},
    "word": {"word", "(", ")", "bin", "not", "field"},
    ")": {"word", "(", ")", "bin", "not", "field"},
    "(": {"word", "(", "not", "field"},
    "bin": {"word", "(", "not", "field"},
    "not": {"word", "(", "field"},
    "field": {"word", "("},
}
_ENDS = {"start", "word", ")"}


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for quotes, parentheses, operators or wildcards Whoosh would silently drop."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"The query is too long (over {MAX_QUERY_CHARS} characters).")
    if text.count('"') % 2:
        raise QuerySyntaxError("A quotation mark is not closed." + _HINT)
    prev, depth = "start", 0
    for match in _LEX.finditer(text):
        token, kind = match.group(), _kind(match.group())
        if kind == "field" and text[match.end() : match.end() + 1] in ("", " "):
            raise QuerySyntaxError(_misplaced("field", ""))
        if kind not in _AFTER[prev]:
            raise QuerySyntaxError(_misplaced(prev, token))
        depth += {"(": 1, ")": -1}.get(kind, 0)
        if depth < 0:
            raise QuerySyntaxError("A closing parenthesis has no opening one." + _HINT)
        if kind == "word":
            _check_wildcards(token)
        prev = kind
    if depth:
        raise QuerySyntaxError("A parenthesis is not closed." + _HINT)
    if prev not in _ENDS:
        raise QuerySyntaxError(_misplaced(prev, ""))


def _misplaced(prev: str, token: str) -> str:
    if prev in ("bin", "not") or token in _BINARY or token == "NOT":
        return "AND, OR and NOT need a word on each side (NOT: after it)." + _HINT
    if prev == "field":
        return "A field name such as title: needs a word right after it." + _HINT
    if token == ")":
        return "Empty parentheses." + _HINT
    return f"Unexpected “{token or 'end of query'}”." + _HINT


def _words(analyzer: Analyzer, texts: Iterable[str]) -> set[str]:
    return {t.text for s in texts for t in analyzer(s)}


def _leaf_texts(q: wq.Query) -> list[str]:
    out: list[str] = []
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if isinstance(leaf, wq.Phrase):
            out.extend(leaf.words)
        elif isinstance(leaf, wq.Every):
            raise QuerySyntaxError("A lone * would match everything; add letters before it." + _HINT)
        elif hasattr(leaf, "text") and isinstance(leaf.text, str):
            out.append(leaf.text)
    return out


class UserQueryParser:
    """Turn user text into a Whoosh query over the articles, refusing what would be misread."""

    def __init__(self, schema: Schema, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._parser = MultifieldParser(list(SEARCH_FIELDS), schema)
        # Ranges and boosts are no use to our users and make Whoosh drop the words around them.
        self._parser.remove_plugin_class(plugins.RangePlugin)
        self._parser.remove_plugin_class(plugins.BoostPlugin)

    def parse(self, text: str) -> wq.Query | None:
        """Return the query, None when there is nothing to search, or raise QuerySyntaxError."""
        text = _clean(text)
        if not text:
            return None
        check_syntax(text)
        try:
            q = self._parser.parse(text)
        except Exception as exc:  # whoosh raises assorted types on odd input; all mean "cannot parse"
            raise QuerySyntaxError(f"The query could not be understood ({exc})." + _HINT) from exc
        self._check_nothing_dropped(text, q)
        return None if q is wq.NullQuery or not _leaf_texts(q) else q

    def literal(self, text: str, any_term: bool = False) -> wq.Query | None:
        """Return an AND (or, for a question's fallback hits, a ranked OR) of the text's words, syntax taken literally."""
        words = sorted(_words(self._analyzer, [_clean(text)[:MAX_QUERY_CHARS]]))
        if any_term:
            # Short words ("did", "le", "з") match everything and rank nothing.
            words = [w for w in words if len(w) > 3]
        if not words:
            return None
        parts = [wq.Or([wq.Term(f, w) for f in SEARCH_FIELDS]) for w in words]
        return wq.Or(parts) if any_term else wq.And(parts)

    def _check_nothing_dropped(self, text: str, q: wq.Query) -> None:
        words = [_SLOP.sub("", t) for t in _LEX.findall(text) if _kind(t) == "word"]
        lost = sorted(_words(self._analyzer, words) - _words(self._analyzer, _leaf_texts(q)))
        if lost:
            raise QuerySyntaxError(f"Part of the query could not be understood: {', '.join(lost)}." + _HINT)


def snippet(text: str, terms: set[str], analyzer: Analyzer, width: int = 200) -> str:
    """Return plain text around the first word that matched (or the start), cut at word boundaries."""
    start = 0
    if terms:
        for tok in analyzer(text, chars=True):
            if tok.text in terms:
                start = max(0, tok.startchar - width // 4)
                break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    body = " ".join(text[start:end].split())
    return ("…" if start else "") + body + ("…" if end < len(text) else "")
