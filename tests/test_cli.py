"""The `newsbot` command line, driven through bot.cli.main with captured output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from bot.cli import main

GOOD_JSONL = [
    {"id": "j1", "title": "Kuleba and Baerbock spoke", "url": "https://example.org/j1", "source": "Example",
     "published": "2024-03-07T10:00:00", "lang": "en",
     "text": "Ukrainian Foreign Minister Dmytro Kuleba spoke by phone with his German counterpart Annalena Baerbock "
             "on March 6, 2024, discussing air defence."},
    {"id": "j3", "published": "2024-07-22",
     "text": "Erdogan and Putin spoke by phone on Saturday, July 20, the Turkish presidency said."},
]
BAD_LINE = '{"id": "j2", "text": "an unterminated string'
TXT = "Emmanuel Macron spoke by phone with Xi Jinping on Tuesday, March 5, 2024, the Elysee said.\n"
HTML = """<html><head><title>Lavrov meets Wang Yi</title>
<meta property="article:published_time" content="2024-04-09"></head>
<body><nav>Home | World | Popular</nav><article><h1>Lavrov meets Wang Yi in Beijing</h1>
<p>Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Beijing on Tuesday, April 9, 2024,
the Russian Foreign Ministry said.</p>
<p>The two ministers discussed the situation in Ukraine and the Asia-Pacific region, according to a statement
published after the talks.</p></article><footer>Copyright</footer></body></html>
"""
SUMMARY = re.compile(r"new: (\d+), duplicate: (\d+), skipped: (\d+), events: (\d+)")

# The `ask --json` contract of issue 2: key -> type, for the answer, each event, each actor and each source.
ANSWER_KEYS = {"question": str, "intent": str, "answer": str, "count": (int, type(None)), "events": list}
EVENT_KEYS = {"date": (str, type(None)), "date_precision": (str, type(None)), "type": str, "cameo": str,
              "modality": str, "actors": list, "initiator": (str, type(None)), "sources": list}
ACTOR_KEYS = {"id": (str, type(None)), "name": str, "role": (str, type(None))}
SOURCE_KEYS = {"article_id": str, "title": (str, type(None)), "url": (str, type(None)),
               "published": (str, type(None)), "quote": str}


class Run(NamedTuple):
    """One command's exit code and captured output."""

    code: int
    out: str
    err: str


def newsbot(data_dir: Path, *argv: str) -> Run:
    """Run `newsbot --data-dir DATA_DIR ARGV...` in-process, like a CLI test runner."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *argv], out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def summary(run: Run) -> tuple[int, ...]:
    """The ingest summary as (new, duplicate, skipped, events)."""
    found = SUMMARY.search(run.out)
    assert found, run
    return tuple(int(n) for n in found.groups())


def as_json(run: Run) -> Any:
    """The single JSON document a --json command printed."""
    assert run.code == 0 and "Traceback" not in run.err, run
    assert len(run.out.strip().splitlines()) == 1, run.out
    return json.loads(run.out)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of inputs: good and bad JSONL lines, a nested .txt, an .html page, an unsupported .pdf."""
    root = tmp_path_factory.mktemp("inbox")
    lines = [json.dumps(GOOD_JSONL[0]), BAD_LINE, json.dumps(GOOD_JSONL[1])]
    (root / "good.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "macron.txt").write_text(TXT, encoding="utf-8")
    (root / "page.html").write_text(HTML, encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not really")
    return root


class Loaded(NamedTuple):
    """A data dir after ingesting the inbox and a missing path, with that ingest's run."""

    data_dir: Path
    ingest: Run
    inbox: Path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, inbox: Path) -> Loaded:
    """Ingest the inbox directory plus a path that does not exist."""
    data_dir = tmp_path_factory.mktemp("data")
    return Loaded(data_dir, newsbot(data_dir, "ingest", str(inbox), str(inbox / "missing.jsonl")), inbox)


def test_ingest_keeps_the_good_and_reports_the_bad(loaded: Loaded) -> None:
    """Bad line (path:line), unsupported file and missing path are reported; the good ones are stored."""
    run = loaded.ingest
    assert run.code != 0
    assert summary(run) == (4, 0, 3, 4)
    assert f"{loaded.inbox / 'good.jsonl'}:2" in run.err
    assert "notes.pdf" in run.err and "missing.jsonl" in run.err
    assert "Traceback" not in run.err
    stats = as_json(newsbot(loaded.data_dir, "stats", "--json"))
    assert (stats["articles"], stats["events"]) == (4, 4)


def test_ingest_again_is_all_duplicate(loaded: Loaded) -> None:
    """Ingesting the same good files again stores nothing new and exits 0."""
    run = newsbot(loaded.data_dir, "ingest", str(loaded.inbox / "good.jsonl"), str(loaded.inbox / "sub"))
    assert summary(run) == (0, 3, 1, 0) and run.code != 0  # line 2 of good.jsonl is still bad
    run = newsbot(loaded.data_dir, "ingest", str(loaded.inbox / "sub"), str(loaded.inbox / "page.html"))
    assert (run.code, summary(run)) == (0, (0, 2, 0, 0))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("nothing-here.jsonl", None, "no such file"),
    ("slides.pdf", b"%PDF-1.4", "unsupported"),
    ("broken.jsonl", b'{"text": "ok line"}\n{not json}\n', "broken.jsonl:2"),
    ("empty.txt", b"", "empty.txt"),
])
def test_ingest_of_one_bad_input_fails(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    """A missing path, an unsupported extension, a bad JSON line or an empty file gives a non-zero exit and a reason."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    run = newsbot(tmp_path / "data", "ingest", str(path))
    assert run.code != 0 and message in run.err and "Traceback" not in run.err, run


def check_keys(obj: dict[str, Any], contract: dict[str, Any]) -> None:
    """Every contract key is present with its type."""
    for key, kind in contract.items():
        assert key in obj and isinstance(obj[key], kind), (key, obj)


def test_ask_json_follows_the_contract(loaded: Loaded) -> None:
    """`ask --json` prints one object with the contract's keys and types, events newest first for 'last'."""
    answer = as_json(newsbot(loaded.data_dir, "ask", "--json", "when did Erdogan last talk to Putin?"))
    check_keys(answer, ANSWER_KEYS)
    assert (answer["question"], answer["intent"]) == ("when did Erdogan last talk to Putin?", "last")
    for event in answer["events"]:
        check_keys(event, EVENT_KEYS)
        for actor in event["actors"]:
            check_keys(actor, ACTOR_KEYS)
        for source in event["sources"]:
            check_keys(source, SOURCE_KEYS)
    top = answer["events"][0]
    assert (top["date"], top["date_precision"], top["type"], top["cameo"], top["modality"]) == (
        "2024-07-20", "day", "phone_call", "041", "happened")
    assert sorted(a["name"] for a in top["actors"]) == ["Recep Tayyip Erdoğan", "Vladimir Putin"]
    assert [s["article_id"] for s in top["sources"]] == ["j3"]


def test_ask_json_with_no_answer(loaded: Loaded) -> None:
    """A question nothing answers is still one contract object, with no dated event."""
    answer = as_json(newsbot(loaded.data_dir, "ask", "--json", "How many times did Scholz and Xi Jinping talk?"))
    check_keys(answer, ANSWER_KEYS)
    assert (answer["intent"], answer["count"], answer["events"]) == ("count", 0, [])


def test_ask_text(loaded: Loaded) -> None:
    """Plain `ask` prints the answer with the date and the evidence quote."""
    run = newsbot(loaded.data_dir, "ask", "Quand", "Lavrov", "a-t-il", "rencontré", "Wang", "Yi", "?")
    assert run.code == 0 and "9 avril 2024" in run.out and "Lavrov" in run.out, run


def test_stats_json(loaded: Loaded) -> None:
    """`stats --json` gives counts, languages and index size."""
    stats = as_json(newsbot(loaded.data_dir, "stats", "--json"))
    assert stats["articles"] == 4 and stats["events"] == 4
    assert stats["languages"] == {"en": 4} and stats["index_bytes"] > 0


def test_events_json_for_one_article(loaded: Loaded) -> None:
    """`events --json --article ID` lists only that article's events."""
    events = as_json(newsbot(loaded.data_dir, "events", "--json", "--article", "j1"))
    assert [sorted(a["id"] for a in e["actors"]) for e in events] == [["annalena-baerbock", "dmytro-kuleba"]]
    assert all("j1" in [s["article_id"] for s in e["sources"]] for e in events)
    assert as_json(newsbot(loaded.data_dir, "events", "--json", "--article", "no-such-id")) == []


def test_events_json_for_one_actor(loaded: Loaded) -> None:
    """`events --json --actor NAME` lists only that person's events, from the HTML page here."""
    events = as_json(newsbot(loaded.data_dir, "events", "--json", "--actor", "Lavrov"))
    assert [(e["date"], e["type"], sorted(a["id"] for a in e["actors"])) for e in events] == [
        ("2024-04-09", "meeting", ["sergei-lavrov", "wang-yi"])]
    source = events[0]["sources"][0]
    assert source["published"].startswith("2024-04-09") and "Lavrov" in (source["title"] or "")
    assert "Popular" not in source["quote"] and "Copyright" not in source["quote"]


def test_events_text_shows_modality_precision_sources_and_quote(loaded: Loaded) -> None:
    """The text listing shows each event's modality, date precision, source and evidence quote."""
    run = newsbot(loaded.data_dir, "events", "--actor", "Kuleba")
    assert run.code == 0
    assert "2024-03-06 (day)" in run.out and "HAPPENED" in run.out and "[j1]" in run.out
    assert "spoke by phone with his German counterpart" in run.out


def test_search_with_bad_syntax_gives_a_hint(loaded: Loaded) -> None:
    """Bad query syntax exits 0 with a hint, and searches the words literally."""
    run = newsbot(loaded.data_dir, "search", "title:*", "OR", "(")
    assert run.code == 0 and run.err.strip() and "Traceback" not in run.err, run
    page = as_json(newsbot(loaded.data_dir, "search", "--json", "Lavrov AND (Wang"))
    assert page["error"]


def test_search_finds_the_article(loaded: Loaded) -> None:
    """A plain word search lists the article with its id."""
    page = as_json(newsbot(loaded.data_dir, "search", "--json", "Baerbock"))
    assert [h["article_id"] for h in page["hits"]] == ["j1"]


def test_reindex_keeps_the_answers(tmp_path: Path, inbox: Path) -> None:
    """`reindex` rebuilds the index from the store and every answer stays the same."""
    data_dir = tmp_path / "data"
    newsbot(data_dir, "ingest", str(inbox / "sub"), str(inbox / "page.html"))
    question = ("ask", "--json", "When did Macron last talk to Xi Jinping?")
    before = as_json(newsbot(data_dir, *question))
    run = newsbot(data_dir, "reindex")
    assert run.code == 0 and "reindexed" in run.out
    assert as_json(newsbot(data_dir, *question)) == before
    assert before["events"][0]["date"] == "2024-03-05"


def event_digest(data_dir: Path) -> list[tuple[Any, ...]]:
    """What users see of each event, without ids: date, precision, type, modality, people, sources."""
    events = as_json(newsbot(data_dir, "events", "--json"))
    return sorted((e["date"], e["date_precision"], e["type"], e["modality"],
                   tuple(sorted(a["id"] or a["name"] for a in e["actors"])),
                   tuple(sorted((s["article_id"], s["quote"]) for s in e["sources"]))) for e in events)


def test_export_then_import_round_trips(tmp_path: Path, loaded: Loaded) -> None:
    """`export` then `import` into a fresh data dir gives the same articles and events."""
    exported = tmp_path / "export.jsonl"
    run = newsbot(loaded.data_dir, "export", "-o", str(exported))
    assert run.code == 0 and len(exported.read_text(encoding="utf-8").splitlines()) == 4
    fresh = tmp_path / "fresh"
    run = newsbot(fresh, "import", str(exported))
    assert (run.code, summary(run)) == (0, (4, 0, 0, 4)), run
    assert as_json(newsbot(fresh, "stats", "--json"))["articles"] == 4
    assert event_digest(fresh) == event_digest(loaded.data_dir)
    stdout_export = newsbot(loaded.data_dir, "export")
    assert stdout_export.out.splitlines() == exported.read_text(encoding="utf-8").splitlines()
