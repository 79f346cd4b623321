"""Tests for the index schema: the one-pass analyzer, and indexes written with the earlier schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.analysis import CharsetFilter, IDTokenizer, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import open_dir
from whoosh.support.charset import accent_map

from index.search import AddArticle, SearchIndex
from index.searchindex import schema
from index.searchindex.generations import Generations
from tests.test_search import make_article

# The analyzer before _Fold folded in one pass; the two must give the same terms, or old indexes miss words.
EARLIER = RegexTokenizer(schema._TOKEN) | LowercaseFilter() | CharsetFilter(accent_map) | schema._CyrillicFold()


def terms(analyzer: object, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]  # type: ignore[operator]


@pytest.mark.parametrize("text", [
    "Lloyd Austin spoke with Andrei Belousov",
    "L'Élysée a reçu Choïgou à Genève; naïve façade, ŒUVRE Straße",
    "Зеленський провів переговори з п’ятьма міністрами, м'ясо, ЗʼЇЗД",
    "Шойгу встретился с Остином. Ёлка, ЕЩЁ, Щёлково",
    "İstanbul ǅemal ΣΟΦΙΑ ½ ﬁnance ＡＢＣ",
    "U.S. 2024-07-12 11.07.24 e-mail co-operation",
])
def test_one_pass_analyzer_gives_the_earlier_terms(text: str) -> None:
    assert terms(schema.text_analyzer(), text) == terms(EARLIER, text)


def test_one_pass_analyzer_matches_the_earlier_chain_on_every_character() -> None:
    text = " ".join(f"a{chr(cp)}b {chr(cp)}" for cp in range(32, 0x3000))
    assert terms(schema.text_analyzer(), text) == terms(EARLIER, text)


def earlier_schema() -> Schema:
    """The articles schema as indexes built before numbers got one term each were written."""
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        seq=NUMERIC(int, bits=64, stored=True, sortable=True),
        title=TEXT(analyzer=EARLIER, stored=True, field_boost=2.0),
        text=TEXT(analyzer=EARLIER, stored=True),
        lang=ID(stored=True),
        source=ID(stored=True, analyzer=IDTokenizer() | LowercaseFilter()),
        url=STORED(),
        published=NUMERIC(int, stored=True, sortable=True),
    )


def test_an_index_with_the_earlier_schema_still_serves_and_takes_writes(tmp_path: Path) -> None:
    root = tmp_path / "index"
    root.mkdir()
    gens = Generations(root)
    name = gens.create({"articles": earlier_schema()})
    old = open_dir(str(root / name / "articles"))
    writer = old.writer()
    writer.add_document(**schema.article_fields(make_article(1, "Choïgou a rencontré Austin à Genève.", "fr"), 1))
    writer.commit()
    old.close()
    gens.point_to(name)

    ix = SearchIndex(root)
    ix.initialize()
    try:
        assert not ix.recovered
        ix.submit([AddArticle(make_article(2, "Шойгу и Остин обсудили ситуацию.", "ru"), 2)]).result()
        assert [h["id"] for h in ix.search_articles("choigou")[1]] == ["art-1"]
        assert [h["id"] for h in ix.search_articles("остин")[1]] == ["art-2"]
        assert ix.max_seq() == 2
    finally:
        ix.shutdown()


def test_numbers_are_indexed_as_one_term_each(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    ix.initialize()
    try:
        ix.submit([AddArticle(make_article(n, f"Bulletin {n}."), n) for n in range(1, 4)]).result()
        with ix._lock:
            reader = ix._current().searchers["articles"].reader()
            assert len(list(reader.lexicon("seq"))) == 3
            assert len(list(reader.lexicon("published"))) == 3
    finally:
        ix.shutdown()
