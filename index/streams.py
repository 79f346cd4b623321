"""Helpers for streams read lazily (articles from files, documents from the store)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of up to ``size`` items, read lazily (the input may be a stream of files)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
