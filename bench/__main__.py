"""`python -m bench --articles N [--questions Q] [--json] [--data-dir DIR] [--repeat K]`."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench.drivers import KEYS, BenchConfig, Results, median_results, run

LABELS: dict[str, tuple[str, str]] = {
    "articles": ("articles", ""),
    "ingest_articles_per_s": ("ingest, end to end", "articles/s"),
    "whoosh_baseline_articles_per_s": ("raw Whoosh baseline", "articles/s"),
    "ingest_ratio": ("ingest / baseline", ""),
    "extract_sentences_per_s": ("extraction, one core", "sentences/s"),
    "ask_p50_ms": ("question p50", "ms"),
    "ask_p95_ms": ("question p95", "ms"),
    "ack_p50_ms": ("single-article ack p50", "ms"),
    "ack_p95_ms": ("single-article ack p95", "ms"),
    "peak_rss_mb": ("peak RSS", "MB"),
    "index_mb_per_1k_articles": ("index size", "MB per 1k articles"),
    "reindex_s": ("full reindex", "s"),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    ap = argparse.ArgumentParser(prog="python -m bench", description="Benchmark the newsbot engine on a synthetic corpus.")
    ap.add_argument("--articles", type=int, required=True, help="corpus size")
    ap.add_argument("--questions", type=int, default=200, help="questions in the ask mix (default 200)")
    ap.add_argument("--ack-samples", type=int, default=50, help="single-article ingests to time (default 50)")
    ap.add_argument("--extract-articles", type=int, default=500,
                    help="articles the extraction-only run uses, at most (default 500)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--data-dir", type=Path, help="keep the engine's data here (must be empty; default: a temp dir)")
    ap.add_argument("--repeat", type=int, default=1, help="run K times, each in a fresh process, and report medians")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)
    if args.articles < 1 or args.questions < 1 or args.ack_samples < 1 or args.repeat < 1:
        ap.error("--articles, --questions, --ack-samples and --repeat must be at least 1")
    if args.data_dir is not None and args.data_dir.is_dir() and any(args.data_dir.iterdir()):
        ap.error(f"--data-dir {args.data_dir} is not empty; the benchmark needs a fresh collection")
    return args


def child_command(args: argparse.Namespace, k: int) -> list[str]:
    """The command line for the k-th repetition, run in its own process so memory and caches start fresh."""
    cmd = [sys.executable, "-m", "bench", "--json", "--articles", str(args.articles), "--questions", str(args.questions),
           "--ack-samples", str(args.ack_samples), "--extract-articles", str(args.extract_articles),
           "--seed", str(args.seed)]
    if args.data_dir is not None:
        cmd += ["--data-dir", str(args.data_dir / f"run-{k}")]
    return cmd


def repeated(args: argparse.Namespace) -> Results:
    """Medians over args.repeat fresh-process runs."""
    runs: list[Results] = []
    for k in range(1, args.repeat + 1):
        out = subprocess.run(child_command(args, k), check=True, stdout=subprocess.PIPE, text=True).stdout
        runs.append(json.loads(out))
        print(f"run {k}/{args.repeat}: {out.strip()}", file=sys.stderr)
    return median_results(runs)


def table(results: Results, repeat: int) -> str:
    """A readable table of the results."""
    title = f"newsbot benchmark, {results['articles']} articles" + (f" (median of {repeat} runs)" if repeat > 1 else "")
    rows = [f"  {LABELS[k][0]:<26} {results[k]:>12,} {LABELS[k][1]}".rstrip() for k in KEYS if k != "articles"]
    return "\n".join([title, *rows])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print JSON or a table."""
    args = parse_args(argv)
    if args.repeat > 1:
        results = repeated(args)
    else:
        config = BenchConfig(articles=args.articles, questions=args.questions, ack_samples=args.ack_samples,
                             extract_articles=args.extract_articles, seed=args.seed, data_dir=args.data_dir,
                             progress=sys.stderr.isatty())
        results = run(config)
    print(json.dumps(results) if args.json else table(results, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
