"""Read articles from files and uploads: JSONL (one article a line), plain text, Markdown and HTML."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import trafilatura
from pydantic import BaseModel

from index.models import ArticleIn
from index.text.clean import clean_text

SUPPORTED = (".jsonl", ".txt", ".md", ".html", ".htm")
SUPPORTED_TEXT = "supported: .jsonl, .txt, .md, .html"
OPTIONAL_FIELDS = ("title", "url", "published", "source", "lang")
# A JSON line may escape every character as \uXXXX (six bytes), and carries a few other fields besides.
JSON_BYTES_PER_CHAR = 6
JSON_LINE_SLACK = 64_000


class ReadError(BaseModel):
    """A file or line that could not be read, with a message meant for the person who sent it."""

    location: str
    message: str

    def __str__(self) -> str:
        """Render as "path:line: message"."""
        return f"{self.location}: {self.message}"


class Limits(BaseModel):
    """Size limits that keep one bad upload from exhausting memory."""

    max_article_chars: int = 200_000
    max_document_bytes: int = 20_000_000
    max_articles_per_file: int = 100_000


Item = ArticleIn | ReadError


def read_paths(paths: Iterable[Path], limits: Limits) -> Iterator[Item]:
    """Read files and directories (recursively, in name order, skipping hidden entries)."""
    for path in paths:
        path = Path(path)
        if not path.exists():
            yield ReadError(location=str(path), message="no such file or folder")
        elif path.is_dir():
            yield from _read_dir(path, limits)
        else:
            yield from _read_file(path, limits)


def read_bytes(name: str, data: bytes, limits: Limits) -> Iterator[Item]:
    """Read an uploaded document; the extension of its name picks the format."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        yield _unsupported(name, suffix)
    elif len(data) > limits.max_document_bytes:
        yield ReadError(location=name, message=_too_big(len(data), limits.max_document_bytes, "bytes", "file"))
    elif suffix == ".jsonl":
        yield from read_jsonl(io.BytesIO(data), name, limits)
    else:
        yield _read_document(name, suffix, data, limits)


def _read_dir(root: Path, limits: Limits) -> Iterator[Item]:
    """Walk a directory depth-first in name order; symlinked directories are not followed (no loops)."""
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield ReadError(location=str(root), message=f"cannot list this folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _read_dir(entry, limits)
        else:
            yield from _read_file(entry, limits)


def _read_file(path: Path, limits: Limits) -> Iterator[Item]:
    """Read one file of any supported type."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield _unsupported(name, suffix)
        return
    try:
        if suffix == ".jsonl":
            with path.open("rb") as fh:
                yield from read_jsonl(fh, name, limits)
            return
        size = path.stat().st_size
        if size > limits.max_document_bytes:
            yield ReadError(location=name, message=_too_big(size, limits.max_document_bytes, "bytes", "file"))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(location=name, message=f"cannot read this file ({exc.strerror or exc})")
        return
    yield _read_document(name, suffix, data, limits)


def _unsupported(name: str, suffix: str) -> ReadError:
    """The error for a file type we do not read."""
    shown = suffix or "without an extension"
    return ReadError(location=name, message=f"unsupported file type {shown} ({SUPPORTED_TEXT})")


def _too_big(size: int, limit: int, unit: str, what: str = "article") -> str:
    """A size-limit message such as "article is 312,004 characters; the limit is 200,000"."""
    return f"{what} is {size:,} {unit}; the limit is {limit:,}"


def _read_document(name: str, suffix: str, data: bytes, limits: Limits) -> Item:
    """Read a whole-file article: HTML or text."""
    if suffix in (".html", ".htm"):
        item = html_article(data, name=name)
    else:
        item = text_article(data, name=name, markdown=suffix == ".md")
    if isinstance(item, ArticleIn) and len(item.text) > limits.max_article_chars:
        return ReadError(location=name, message=_too_big(len(item.text), limits.max_article_chars, "characters"))
    return item


# --- plain text and Markdown -------------------------------------------------------------------------------


def decode_text(data: bytes) -> str | None:
    """Decode UTF-8 (a BOM is allowed); None for binary or other encodings."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def text_article(data: bytes, *, name: str, markdown: bool = False, origin: str = "file") -> Item:
    """A text file is one article; its title is its first line of content."""
    text = decode_text(data)
    if text is None:
        return ReadError(
            location=name, message="this is not UTF-8 text (binary content or another encoding); save it as UTF-8"
        )
    return article_from_text(text, name=name, markdown=markdown, origin=origin)


def article_from_text(text: str, *, name: str, markdown: bool = False, origin: str = "file") -> Item:
    """A whole text as one article."""
    if not text.strip():
        return ReadError(location=name, message="the file is empty")
    return ArticleIn(text=text, title=_title(text, markdown), origin=origin, location=name)


def _title(text: str, markdown: bool) -> str | None:
    """The first non-empty line once page chrome (URL slugs, rubrics) is gone; Markdown '#' stripped."""
    for line in clean_text(text).splitlines():
        line = line.strip()
        if markdown:
            line = line.lstrip("#").strip()
        if line:
            return line
    return None


# --- HTML -----------------------------------------------------------------------------------------------------


def html_article(data: bytes | str, *, name: str, url: str | None = None, origin: str = "html") -> Item:
    """Extract the main text and metadata of a web page with trafilatura."""
    try:
        doc = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # A page's body text mentions many dates; only the page's own metadata gives a publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError:
        return ReadError(location=name, message="the HTML is nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted input; report, never crash
        return ReadError(location=name, message=f"the HTML could not be read ({type(exc).__name__})")
    text = _paragraphs(getattr(doc, "text", None) or "")
    if not text:
        return ReadError(location=name, message="no article text was found in this page")
    return ArticleIn(
        text=text,
        title=_clean_str(getattr(doc, "title", None)),
        url=_clean_str(getattr(doc, "url", None)) or url,
        published=_html_date(getattr(doc, "date", None)),
        source=_clean_str(getattr(doc, "sitename", None)),
        origin=origin,
        location=name,
    )


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph a line; the engine separates paragraphs by a blank line."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _clean_str(value: object) -> str | None:
    """A non-empty stripped string, or None."""
    return (value.strip() or None) if isinstance(value, str) else None


def _html_date(value: object) -> datetime | None:
    """trafilatura's "YYYY-MM-DD" as a UTC datetime."""
    if not isinstance(value, str):
        return None
    try:
        return parse_published(value)
    except ValueError:
        return None


# --- JSONL ----------------------------------------------------------------------------------------------------


def read_jsonl(stream: BinaryIO, name: str, limits: Limits) -> Iterator[Item]:
    """Stream a JSONL file line by line; a bad line is reported and the rest still come through."""
    max_line = limits.max_article_chars * JSON_BYTES_PER_CHAR + JSON_LINE_SLACK
    count = 0
    for lineno, raw in enumerate(_lines(stream, max_line), start=1):
        if raw is None:
            yield ReadError(location=f"{name}:{lineno}", message=f"line is longer than {max_line:,} bytes")
            continue
        if not raw.strip():
            continue
        if count >= limits.max_articles_per_file:
            yield ReadError(
                location=f"{name}:{lineno}",
                message=f"the file has more than {limits.max_articles_per_file:,} articles; the rest were skipped",
            )
            return
        item = _jsonl_item(raw, f"{name}:{lineno}", lineno == 1, limits)
        count += isinstance(item, ArticleIn)
        yield item


def _lines(stream: BinaryIO, max_line: int) -> Iterator[bytes | None]:
    """Yield raw lines, or None for a line over max_line bytes (skipped without holding it in memory)."""
    while True:
        line = stream.readline(max_line + 1)
        if not line:
            return
        if len(line) > max_line and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield None
            continue
        yield line


def _jsonl_item(raw: bytes, location: str, first: bool, limits: Limits) -> Item:
    """Parse and check one JSONL line."""
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        return ReadError(location=location, message=f"this line is not valid UTF-8 (byte {exc.start + 1})")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadError(location=location, message=f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(obj, dict):
        return ReadError(location=location, message=f"expected a JSON object, found {_json_type(obj)}")
    problem = _check_record(obj, limits)
    if problem:
        return ReadError(location=location, message=problem)
    try:
        published = parse_published(obj["published"]) if obj.get("published") else None
    except ValueError:
        return ReadError(
            location=location,
            message=f'"published" is not an ISO 8601 date: {obj["published"]!r} (example: 2022-05-13T20:10:00+00:00)',
        )
    fields = {key: _clean_str(obj.get(key)) for key in OPTIONAL_FIELDS if key != "published"}
    if fields["lang"]:
        fields["lang"] = fields["lang"].lower()
    return ArticleIn(
        text=obj["text"], id=_record_id(obj), published=published, origin="jsonl", location=location, **fields
    )


def _check_record(obj: dict[str, Any], limits: Limits) -> str | None:
    """What is wrong with a JSONL record, or None."""
    text = obj.get("text")
    if "text" not in obj:
        return 'the "text" field is missing'
    if not isinstance(text, str):
        return f'"text" must be a string, not {_json_type(text)}'
    if not text.strip():
        return '"text" is empty'
    if len(text) > limits.max_article_chars:
        return _too_big(len(text), limits.max_article_chars, "characters")
    ident = obj.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        return f'"id" must be a string or a number, not {_json_type(ident)}'
    for key in OPTIONAL_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return f'"{key}" must be a string, not {_json_type(value)}'
    return None


def _record_id(obj: dict[str, Any]) -> str | None:
    """The record's id as a string."""
    ident = obj.get("id")
    return None if ident is None else str(ident).strip() or None


def _json_type(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def parse_published(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time; a value without a zone is taken as UTC."""
    parsed = datetime.fromisoformat(value.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

