"""Cold start: the first questions after a start, arriving together, must not each pay the start-up cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASKERS = 3
# Runs in a fresh interpreter so that nothing is loaded yet; counts how often the 76 MB langid model loads.
PROBE = f"""
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from py3langid.langid import LanguageIdentifier

from index.engine import Engine

loads = []
load = LanguageIdentifier.from_model_file


def counting(*args, **kwargs):
    loads.append(1)
    return load(*args, **kwargs)


LanguageIdentifier.from_model_file = counting
engine = Engine(Path(sys.argv[1]))
engine.initialize()
with ThreadPoolExecutor({ASKERS}) as pool:
    answers = list(pool.map(engine.ask, ["When did Austin last talk to Shoigu?"] * {ASKERS}))
engine.shutdown()
print(len(loads), len(answers))
"""


def test_concurrent_first_questions_load_the_language_model_once(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    loads, answers = (int(n) for n in done.stdout.split())
    assert answers == ASKERS
    assert loads <= 1, f"{ASKERS} concurrent first questions loaded the language model {loads} times"
