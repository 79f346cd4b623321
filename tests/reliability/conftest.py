"""Reliability fixtures: a real engine in a temporary directory, and the bot harness of tests/bot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.engine import Engine
from index.models import Stats
from tests.bot.conftest import admin, bot, clean_env, reader, settings  # noqa: F401 - fixtures re-used as they are

__all__ = ["Snapshot", "snapshot"]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A started engine over an empty data directory."""
    started = Engine(tmp_path / "engine")
    started.initialize()
    try:
        yield started
    finally:
        started.shutdown()


class Snapshot:
    """What a user could observe of a collection: its statistics and its full export."""

    def __init__(self, stats: Stats, export: list[str]) -> None:
        self.stats = stats
        self.export = export

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Snapshot) and (self.stats, self.export) == (other.stats, other.export)

    def __repr__(self) -> str:
        return f"Snapshot({self.stats!r}, {len(self.export)} exported lines)"


def snapshot(engine: Engine) -> Snapshot:
    """Capture the collection so a test can prove that nothing changed."""
    # The index's size on disk is no content: it shrinks whenever the idle writer merges segments.
    return Snapshot(engine.stats().model_copy(update={"index_bytes": 0}), list(engine.export_jsonl()))
