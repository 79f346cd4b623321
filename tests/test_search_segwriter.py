"""The length-remembering segment writer must write exactly what Whoosh's own writer writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import Index, create_in

from index.searchindex.schema import article_schema
from index.searchindex.segwriter import open_writer
from index.searchindex.writer import merge_tiny
from tests.paths import ROOT

DATA = ROOT / "tests" / "data"

Writer = str  # "whoosh" or "ours"


def documents() -> list[dict[str, Any]]:
    """The labelled and holdout articles as index documents: four languages, real lengths."""
    docs: list[dict[str, Any]] = []
    for name in ("labelled", "holdout"):
        for line in (DATA / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            docs.append({"id": row["id"], "seq": len(docs) + 1, "title": row.get("title") or "x",
                         "text": row["text"], "lang": row.get("lang") or "en", "published": 20240101})
    return docs


def build(folder: Path, writer: Writer, batches: list[list[dict[str, Any]]]) -> Index:
    """Write the batches as separate commits; the last one merges the small segments into one."""
    folder.mkdir()
    ix = create_in(str(folder), article_schema())
    for i, batch in enumerate(batches):
        w = ix.writer(limitmb=16) if writer == "whoosh" else open_writer(ix, 16)
        for doc in batch:
            w.update_document(**doc)
        w.commit(mergetype=merge_tiny if i == len(batches) - 1 else None, merge=i == len(batches) - 1)
    return ix


def postings(ix: Index) -> dict[tuple[str, bytes], tuple[Any, ...]]:
    """Every term's statistics (including each block's length bounds) and its postings."""
    out = {}
    with ix.reader() as r:
        for field, term in r.all_terms():
            info = r.term_info(field, term)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            m = r.postings(field, term)
            items = []
            while m.is_active():
                items.append((m.id(), m.weight(), m.value(), m.block_min_length(), m.block_max_length()))
                m.next()
            out[(field, term)] = (stats, tuple(items))
    return out


@pytest.mark.parametrize("split", [1, 3])
def test_same_postings_and_lengths_as_whoosh(tmp_path: Path, split: int) -> None:
    docs = documents()
    batches = [docs[i::split] for i in range(split)]
    theirs, ours = build(tmp_path / "whoosh", "whoosh", batches), build(tmp_path / "ours", "ours", batches)
    with ours.reader() as r:
        assert r.doc_count() == len(docs)
    assert postings(ours) == postings(theirs)
    with ours.reader() as a, theirs.reader() as b:
        for field in ("title", "text"):
            assert [a.doc_field_length(d, field) for d in a.all_doc_ids()] == \
                   [b.doc_field_length(d, field) for d in b.all_doc_ids()]
