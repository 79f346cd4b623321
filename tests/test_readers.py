"""Reading JSONL, text, Markdown and HTML articles from files and uploads, with clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.models import ArticleIn
from index.readers import Limits, ReadError, read_bytes, read_paths
from tests.paths import SEEDS as _SEEDS, EVAL as _EVAL

SEEDS = _SEEDS
EVAL = _EVAL
LIMITS = Limits()

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Austin calls Shoigu | Wire Desk</title>
<meta property="og:title" content="Austin calls Shoigu">
<meta property="og:site_name" content="Wire Desk">
<meta property="article:published_time" content="2022-05-13T19:20:00+00:00">
<link rel="canonical" href="https://wiredesk.test/2022/05/13/austin-shoigu"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Austin calls Shoigu</h1>
<p>U.S. Defense Secretary Lloyd Austin spoke by phone with Russian Defense Minister Sergei Shoigu on Friday,
the first call between the two since the invasion began, the Pentagon said.</p>
<p>Austin urged an immediate ceasefire and stressed the importance of maintaining lines of communication,
a Pentagon spokesman told reporters after the hour-long call.</p></article>
<div class="comments"><p>Great article, thanks for sharing this with us all!</p></div>
<footer>Subscribe to our newsletter</footer></body></html>"""


def articles(items: list[ArticleIn | ReadError]) -> list[ArticleIn]:
    """The articles among read results."""
    return [i for i in items if isinstance(i, ArticleIn)]


def errors(items: list[ArticleIn | ReadError]) -> list[str]:
    """The errors among read results, as "location: message"."""
    return [str(i) for i in items if isinstance(i, ReadError)]


def line(**fields: object) -> str:
    """One JSONL line."""
    return json.dumps(fields, ensure_ascii=False)


# --- JSONL ------------------------------------------------------------------------------------------------


def test_eval_file_reads_completely() -> None:
    items = list(read_paths([EVAL], LIMITS))
    assert errors(items) == []
    got = articles(items)
    assert len(got) == 20
    first = got[0]
    assert (first.id, first.lang, first.source, first.origin) == ("s000", "en", "UNN", "jsonl")
    assert first.location == f"{EVAL}:1" and first.published is None
    assert got[1].published == datetime(2022, 5, 13, 20, 10, tzinfo=UTC)


def test_bad_lines_are_reported_and_good_lines_come_through(tmp_path: Path) -> None:
    rows = [
        line(id="a", text="First article.", published="2022-05-13T20:10:00+00:00", extra={"x": 1}),
        "",
        "{not json",
        "[1, 2]",
        line(id="b", title="No text"),
        line(id="c", text="   "),
        line(id="d", text=42),
        line(id="e", text="Bad date.", published="13/05/2022"),
        line(id="f", text="Bad title.", title=["x"]),
        line(id=7, text="Numeric id, date only.", published="2022-05-13", lang="FR"),
        line(text="Naive time is UTC.", published="2022-05-13T20:10:00"),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = list(read_paths([path], LIMITS))
    assert [a.id for a in articles(items)] == ["a", "7", None]
    assert errors(items) == [
        f"{path}:3: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{path}:4: expected a JSON object, found an array",
        f'{path}:5: the "text" field is missing',
        f'{path}:6: "text" is empty',
        f'{path}:7: "text" must be a string, not a number',
        f'{path}:8: "published" is not an ISO 8601 date: \'13/05/2022\' (example: 2022-05-13T20:10:00+00:00)',
        f'{path}:9: "title" must be a string, not an array',
    ]
    by_id = {a.text: a for a in articles(items)}
    assert by_id["Numeric id, date only."].published == datetime(2022, 5, 13, tzinfo=UTC)
    assert by_id["Numeric id, date only."].lang == "fr"
    assert by_id["Naive time is UTC."].published == datetime(2022, 5, 13, 20, 10, tzinfo=UTC)
    assert by_id["Naive time is UTC."].location == f"{path}:11"


def test_invalid_utf8_line_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + line(text="BOM first line.").encode() + b"\n"
        + b'{"text": "caf\xe9"}\n'
        + line(text="Третій рядок.").encode() + b"\n"
    )
    items = list(read_paths([path], LIMITS))
    assert [a.text for a in articles(items)] == ["BOM first line.", "Третій рядок."]
    assert errors(items) == [f"{path}:2: this line is not valid UTF-8 (byte 14)"]


def test_limits_on_articles_lines_and_counts(tmp_path: Path) -> None:
    limits = Limits(max_article_chars=100, max_articles_per_file=3)
    path = tmp_path / "big.jsonl"
    rows = [line(text="x" * 101), line(text="y" * 70_000), *[line(text=f"Article {i}.") for i in range(5)]]
    path.write_text("\n".join(rows), encoding="utf-8")
    items = list(read_paths([path], limits))
    assert [a.text for a in articles(items)] == ["Article 0.", "Article 1.", "Article 2."]
    assert errors(items) == [
        f"{path}:1: article is 101 characters; the limit is 100",
        f"{path}:2: line is longer than 64,600 bytes",
        f"{path}:6: the file has more than 3 articles; the rest were skipped",
    ]


def test_jsonl_upload_streams_the_same_way() -> None:
    data = (line(id="u1", text="Uploaded.") + "\n\n" + "oops\n").encode()
    items = list(read_bytes("upload.jsonl", data, LIMITS))
    assert [a.id for a in articles(items)] == ["u1"]
    assert errors(items) == ["upload.jsonl:3: invalid JSON: Expecting value (column 1)"]


# --- text and Markdown ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("000_82e3462890df7cb6.txt",
         "Possible escalation was discussed: the U.S. and Russian defense ministers had a telephone conversation"),
        ("003_f2117a8896c249ee.txt",
         '"Nous le ferons": les ministres des États-Unis et de la défense russe ont raconté pour la première fois '
         "en quelques mois - les médias"),
    ],
)
def test_seed_text_files(name: str, title: str) -> None:
    path = SEEDS / name
    (item,) = read_paths([path], LIMITS)
    assert isinstance(item, ArticleIn)
    assert item.title == title
    assert item.text == path.read_text(encoding="utf-8")
    assert (item.origin, item.location) == ("file", str(path))


@pytest.mark.parametrize(
    ("name", "data", "title"),
    [
        ("note.md", "\n\n## Macron calls Putin\n\nThe call lasted two hours.".encode(), "Macron calls Putin"),
        ("note.txt", "\ufeffЗаголовок статті\n\nТекст статті.".encode(), "Заголовок статті"),
        ("bom.txt", b"\xef\xbb\xbfTitle\n\nBody.", "Title"),
    ],
)
def test_text_and_markdown_uploads(name: str, data: bytes, title: str) -> None:
    (item,) = read_bytes(name, data, LIMITS)
    assert isinstance(item, ArticleIn)
    assert item.title == title
    assert not item.text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.txt", b"%PDF-1.4\x00\x01\x02", "this is not UTF-8 text (binary content or another encoding)"),
        ("cp1251.txt", "Привіт".encode("cp1251"), "this is not UTF-8 text (binary content or another encoding)"),
        ("empty.md", b"  \n\n ", "the file is empty"),
        ("report.pdf", b"%PDF", "unsupported file type .pdf (supported: .jsonl, .txt, .md, .html)"),
        ("README", b"text", "unsupported file type without an extension (supported: .jsonl, .txt, .md, .html)"),
        ("long.txt", b"x" * 201, "article is 201 characters; the limit is 200"),
        ("huge.txt", b"x" * 1001, "file is 1,001 bytes; the limit is 1,000"),
    ],
)
def test_upload_errors(name: str, data: bytes, message: str) -> None:
    limits = Limits(max_article_chars=200, max_document_bytes=1000)
    (item,) = read_bytes(name, data, limits)
    assert isinstance(item, ReadError)
    assert item.location == name
    assert item.message.startswith(message)


# --- HTML ---------------------------------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    (item,) = read_bytes("page.html", PAGE.encode(), LIMITS)
    assert isinstance(item, ArticleIn)
    assert item.origin == "html"
    assert item.title == "Austin calls Shoigu"
    assert item.source == "Wire Desk"
    assert item.url == "https://wiredesk.test/2022/05/13/austin-shoigu"
    assert item.published == datetime(2022, 5, 13, tzinfo=UTC)
    assert "Lloyd Austin spoke by phone" in item.text
    assert "\n\n" in item.text  # paragraphs stay apart
    assert "Great article" not in item.text


def test_unclosed_tags_are_recovered() -> None:
    (item,) = read_bytes("sloppy.html", b"<html><body><p>Unclosed <b>tags <i>everywhere<p>and more", LIMITS)
    assert isinstance(item, ArticleIn)
    assert item.text == "Unclosed tags everywhere\n\nand more"


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>",
        b"",
        b"\x00\x01\x02binary",
        b"<html><head><title>Only a title</title></head><body></body></html>",
    ],
)
def test_broken_html_gives_an_error_not_a_crash(html: bytes) -> None:
    (item,) = read_bytes("broken.htm", html, LIMITS)
    assert isinstance(item, ReadError)
    assert item.location == "broken.htm"


# --- paths and directories ------------------------------------------------------------------------------------


def test_directories_are_read_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article\n\nBody two.", encoding="utf-8")
    (tmp_path / "a.md").write_text("# First\n\nBody one.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(line(text="Third."), encoding="utf-8")
    (tmp_path / "d.csv").write_text("x,y", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden too.", encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt", tmp_path / "missing-dir"], LIMITS))
    assert [a.title or a.text for a in articles(items)] == ["First", "Second article", "Third.", "Austin calls Shoigu"]
    assert errors(items) == [
        f"{tmp_path / 'd.csv'}: unsupported file type .csv (supported: .jsonl, .txt, .md, .html)",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
        f"{tmp_path / 'missing-dir'}: no such file or folder",
    ]


def test_a_large_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(line(id=str(i), text=f"Article number {i}.") + "\n")
    stream = read_paths([path], LIMITS)
    first = next(stream)
    assert isinstance(first, ArticleIn) and first.id == "0"
    assert sum(1 for _ in stream) == 19_999
