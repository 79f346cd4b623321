"""The `newsbot` command line: ingest, ask, events, search, stats, reindex, export, import, run."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from index.engine import Engine
from index.models import Answer, Event, IngestReport

log = logging.getLogger("newsbot")


def default_data_dir() -> Path:
    """The data dir: NEWSBOT_DATA_DIR, else ./data."""
    return Path(os.environ.get("NEWSBOT_DATA_DIR") or "data")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per job."""
    p = argparse.ArgumentParser(prog="newsbot", description="Who talked to whom, and when: news events you can ask about.")
    p.add_argument("--data-dir", type=Path, default=None, help="where the store and index live (env NEWSBOT_DATA_DIR, default ./data)")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("ingest", help="add articles from .jsonl, .txt, .md, .html files or directories")
    s.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    s = sub.add_parser("ask", help="ask a question in English, French, Ukrainian or Russian")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("question", nargs="+", metavar="QUESTION")
    s = sub.add_parser("events", help="show what the engine extracted, and why")
    s.add_argument("--json", action="store_true")
    s.add_argument("--article", metavar="ID")
    s.add_argument("--actor", metavar="NAME")
    s.add_argument("--all", action="store_true", help="include planned, failed, cancelled and denied contacts")
    s = sub.add_parser("search", help="full-text search over the articles")
    s.add_argument("--json", action="store_true")
    s.add_argument("--page", type=int, default=1)
    s.add_argument("query", nargs="+")
    s = sub.add_parser("stats", help="collection statistics")
    s.add_argument("--json", action="store_true")
    sub.add_parser("reindex", help="rebuild the search index from the store")
    s = sub.add_parser("export", help="write every article as JSONL (to stdout or a file)")
    s.add_argument("-o", "--output", type=Path)
    s = sub.add_parser("import", help="read a JSONL export back in (same as ingest)")
    s.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    s = sub.add_parser("delete", help="delete an article and the events only it supports")
    s.add_argument("article_id")
    s = sub.add_parser("demo", help="ingest the seed articles and answer the seed question")
    s.add_argument("--seeds", type=Path, default=None)
    s = sub.add_parser("run", help="run the Telegram bot (long polling)")
    s.add_argument("--config", type=Path, default=None, help="TOML config (env NEWSBOT_CONFIG)")
    return p


class Cli:
    """Sub-command implementations sharing one engine."""

    def __init__(self, engine: Engine, out: TextIO, err: TextIO) -> None:
        self.engine = engine
        self.out = out
        self.err = err

    def say(self, text: str = "") -> None:
        """Print to stdout."""
        print(text, file=self.out)

    def ingest(self, args: argparse.Namespace) -> int:
        """Ingest paths, with a progress bar on a terminal and a summary at the end."""
        started = time.perf_counter()
        report = self.engine.ingest(self._progress(self._items(args.paths)))
        elapsed = time.perf_counter() - started
        self._summary(report)
        log.info("ingested %d articles in %.1f s (%.1f/s)", report.new, elapsed, report.new / max(elapsed, 1e-9))
        return 1 if report.skipped else 0

    def _items(self, paths: Sequence[Path]) -> Iterator[Any]:
        """Articles and read errors from the given paths."""
        from index.readers import read_paths

        yield from read_paths(paths, self.engine.limits)

    def _progress(self, items: Iterator[Any]) -> Iterator[Any]:
        """A progress bar on stderr when it is a terminal."""
        yield from tqdm(items, unit=" articles", file=self.err, disable=None, leave=False)

    def _summary(self, report: IngestReport) -> None:
        """The ingest summary line, and every skipped item with its location."""
        for error in report.errors:
            print(f"skipped {error}", file=self.err)
        self.say(f"new: {report.new}, duplicate: {report.duplicate}, skipped: {report.skipped}, events: {report.events}")

    def ask(self, args: argparse.Namespace) -> int:
        """Answer a question as text or one JSON object."""
        answer = self.engine.ask(" ".join(args.question))
        if args.json:
            self.say(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False))
        else:
            self.say(render_answer(answer))
        return 0

    def events(self, args: argparse.Namespace) -> int:
        """List extracted events with modality, precision, sources and evidence."""
        events = self.engine.events(article_id=args.article, actor=args.actor)
        if args.json:
            self.say(json.dumps([e.model_dump(mode="json") for e in events], ensure_ascii=False))
            return 0
        if not events:
            self.say("No events found." + (" Try `newsbot events` without filters." if args.article or args.actor else ""))
        for e in events:
            self.say(render_event(e))
        return 0

    def search(self, args: argparse.Namespace) -> int:
        """Full-text search."""
        page = self.engine.search(" ".join(args.query), page=args.page)
        if args.json:
            self.say(json.dumps(page.model_dump(mode="json"), ensure_ascii=False))
            return 0
        if page.error:
            print(page.error, file=self.err)
        self.say(f"{page.total} article(s), page {page.page}/{page.pages}")
        for h in page.hits:
            self.say(f"- [{h.article_id}] {h.title or ''} ({h.outlet or '?'}, {h.published or 'undated'})")
            if h.snippet:
                self.say(f"    {h.snippet}")
        return 0

    def stats(self, args: argparse.Namespace) -> int:
        """Collection statistics."""
        stats = self.engine.stats()
        if args.json:
            self.say(json.dumps(stats.model_dump(mode="json"), ensure_ascii=False))
        else:
            langs = ", ".join(f"{k}: {v}" for k, v in sorted(stats.languages.items())) or "none"
            self.say(f"articles: {stats.articles}\nevents: {stats.events}\nlanguages: {langs}\n"
                     f"index size: {stats.index_bytes / 1e6:.1f} MB\nlast ingest: {stats.last_ingest or 'never'}")
        return 0

    def reindex(self, args: argparse.Namespace) -> int:
        """Rebuild the index with a progress bar."""
        started = time.perf_counter()
        with tqdm(unit=" docs", file=self.err, disable=None, leave=False) as bar:
            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)
            n = self.engine.reindex(progress)
        elapsed = time.perf_counter() - started
        self.say(f"reindexed {n} documents in {elapsed:.1f} s")
        return 0

    def export(self, args: argparse.Namespace) -> int:
        """Write the collection as JSONL."""
        if args.output:
            with args.output.open("w", encoding="utf-8") as fh:
                n = sum(1 for line in self.engine.export_jsonl() if fh.write(line + "\n"))
            self.say(f"exported {n} articles to {args.output}")
        else:
            for line in self.engine.export_jsonl():
                self.say(line)
        return 0

    def delete(self, args: argparse.Namespace) -> int:
        """Delete one article."""
        if self.engine.delete(args.article_id):
            self.say(f"deleted {args.article_id}")
            return 0
        print(f"no article with id {args.article_id!r}; `newsbot search WORDS` shows ids", file=self.err)
        return 1

    def demo(self, args: argparse.Namespace) -> int:
        """Ingest the seed articles and answer the seed question."""
        seeds = args.seeds or Path(__file__).resolve().parents[1] / "examples" / "seeds"
        if not seeds.exists():
            print(f"seed folder {seeds} not found; pass --seeds DIR", file=self.err)
            return 2
        self._summary(self.engine.ingest_paths([seeds]))
        for q in ("when did Austin last talk to the Russian minister?", "Коли Остін востаннє розмовляв з російським міністром?"):
            self.say(f"\n> {q}")
            self.say(render_answer(self.engine.ask(q)))
        return 0


def render_event(e: Event) -> str:
    """One event as text: date and precision, kind, modality, people, initiator, sources and quotes."""
    when = f"{e.date} ({e.date_precision})" if e.date else "date unknown"
    people = ", ".join(a.name + (f" [{a.role}]" if a.role else "") for a in e.actors)
    lines = [f"{when}  {e.type} (CAMEO {e.cameo})  {e.modality.upper()}  {people}"]
    if e.initiator:
        lines.append(f"    initiated by: {e.initiator}")
    lines.append(f"    event id: {e.id}")
    for s in e.sources:
        where = ", ".join(x for x in (s.outlet, s.published, s.url) if x)
        lines.append(f"    source [{s.article_id}] {s.title or ''} ({where})")
        lines.append(f"      \u201c{s.quote}\u201d  [chars {s.start}-{s.end}]")
    return "\n".join(lines)


def render_answer(answer: Answer) -> str:
    """An answer as text: the answer, then its events' sources, or the search hits."""
    lines = [answer.answer]
    for e in answer.events[:5]:
        lines.append("")
        lines.append(render_event(e))
    total = max(answer.count or 0, len(answer.events))
    if total > 5:
        lines.append(f"\n… and {total - 5} more event(s); `newsbot events --actor NAME` lists every one.")
    for h in answer.hits:
        lines.append(f"- [{h.article_id}] {h.title or ''} ({h.outlet or '?'}, {h.published or 'undated'})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Entry point of the `newsbot` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "run":
        from bot.app import main as run_bot

        return run_bot(args.config, args.data_dir)
    command = "ingest" if args.command == "import" else args.command
    engine = Engine(args.data_dir or default_data_dir())
    try:
        engine.initialize()
        cli = Cli(engine, out or sys.stdout, err or sys.stderr)
        return int(getattr(cli, command)(args))
    finally:
        engine.shutdown()


if __name__ == "__main__":
    sys.exit(main())
