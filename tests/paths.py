"""Where the tests find shared sample data: the seed articles ship with the repo in examples/seeds."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SEED_EN = SEEDS / "000_82e3462890df7cb6.txt"
# The labelled dev set lives beside the repo (../shared/eval), as CI provides it.
EVAL = ROOT.parent / "shared" / "eval" / "articles.jsonl"
