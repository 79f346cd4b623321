"""A Whoosh segment writer that reads each document's field lengths once when it writes postings.

Whoosh writes a segment's postings at commit, and for every posting it reads the document's field length back
from the segment's length column (for the block statistics). That read costs about 5 µs, so at ~170 postings per
article it was a fifth of the commit. The lengths do not change while the segment is written, so remembering
them is safe; the files written are byte for byte the same.
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh.index import Index
from whoosh.writing import SegmentWriter


class _Lengths:
    """A closed segment's per-document reader, remembering the field lengths it has read."""

    def __init__(self, reader: Any, doc_count: int) -> None:
        self._reader = reader
        self._size = doc_count + 1  # Whoosh's own check lets docnum == doc_count through
        self._fields: dict[str, array[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        """The length of a field in a document, read from the segment the first time only."""
        if default != 0:
            return int(self._reader.doc_field_length(docnum, fieldname, default))
        known = self._fields.get(fieldname)
        if known is None:
            known = self._fields[fieldname] = array("i", [-1]) * self._size
        length = known[docnum]
        if length < 0:
            length = known[docnum] = self._reader.doc_field_length(docnum, fieldname)
        return length

    def close(self) -> None:
        """Close the underlying reader."""
        self._reader.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class LengthCachingWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's SegmentWriter, with field lengths remembered while the postings are written."""

    def per_document_reader(self) -> Any:
        """The per-document reader of the segment being written, with its field lengths remembered."""
        return _Lengths(super().per_document_reader(), self.doc_count())


def open_writer(ix: Index, limitmb: int) -> SegmentWriter:
    """A single writer on an index (like ``ix.writer(limitmb=...)``), with the faster commit."""
    return LengthCachingWriter(ix, limitmb=limitmb)
