"""Index generations: ``root/gen-NNNNNN`` directories and the atomically replaced ``root/CURRENT`` pointer."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
from pathlib import Path

from whoosh import index as windex
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

log = logging.getLogger(__name__)

POINTER = "CURRENT"
OWNER_LOCK = "OWNER.lock"
PARTS = ("articles",)
_GEN = re.compile(r"^gen-(\d{6,})$")


class IndexBusyError(RuntimeError):
    """Another process (or SearchIndex) owns this index directory."""


class Generations:
    """Owns an index root: its owner lock, its pointer and its generation directories."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._owner_fd: int | None = None

    def acquire(self) -> None:
        """Take the owner lock, so that we are the only writer and may clear leftovers."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / OWNER_LOCK, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise IndexBusyError(f"{self.root} is in use by another process") from None
        self._owner_fd = fd

    def release(self) -> None:
        """Drop the owner lock."""
        if self._owner_fd is not None:
            fcntl.flock(self._owner_fd, fcntl.LOCK_UN)
            os.close(self._owner_fd)
            self._owner_fd = None

    def current(self) -> str | None:
        """Return the live generation's directory name, if the pointer names an existing one."""
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if _GEN.match(name) and (self.root / name).is_dir() else None

    def create(self, schemas: dict[str, Schema]) -> str:
        """Create a new, empty generation directory with one index per part; return its name."""
        numbers = [int(m.group(1)) for p in self.root.iterdir() if (m := _GEN.match(p.name))]
        name = f"gen-{max(numbers, default=0) + 1:06d}"
        for part, schema in schemas.items():
            (self.root / name / part).mkdir(parents=True)
            windex.create_in(str(self.root / name / part), schema)
        return name

    def point_to(self, name: str) -> None:
        """Make ``name`` the live generation: write a temp file, fsync, rename over the pointer."""
        tmp = self.root / (POINTER + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.root / POINTER)
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself must reach the disk
        finally:
            os.close(dir_fd)

    def open(self, name: str, part: str) -> Index:
        """Open one part of a generation.

        Without mmap: mapped segment files count as resident memory for as long as a searcher is open, so a
        100k-article index would sit in the process's RSS; plain reads go through the OS page cache instead.
        """
        return FileStorage(self.folder(name, part), supports_mmap=False).open_index()

    def folder(self, name: str, part: str) -> str:
        """The directory of one part of a generation."""
        return str(self.root / name / part)

    def remove(self, name: str) -> None:
        """Delete a generation directory."""
        shutil.rmtree(self.root / name, ignore_errors=True)

    def remove_all_but(self, keep: str) -> None:
        """Delete every other generation (a replaced one, or the partial one of a crashed rebuild)."""
        for path in self.root.iterdir():
            if _GEN.match(path.name) and path.name != keep:
                shutil.rmtree(path, ignore_errors=True)
        (self.root / (POINTER + ".tmp")).unlink(missing_ok=True)

    def size_bytes(self) -> int:
        """Return the bytes used by every file under the root."""
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())

    def clear_stale_locks(self, name: str) -> None:
        """Remove Whoosh write-lock files that no live process holds; refuse if one is held."""
        for part in PARTS:
            storage = FileStorage(str(self.root / name / part))
            lock = storage.lock(f"{windex._DEF_INDEX_NAME}_WRITELOCK")
            if not lock.acquire(blocking=False):
                raise IndexBusyError(f"{self.root / name / part} is being written by another process")
            lock.release()
            path = Path(lock.filename)
            if path.exists():
                log.info("removing stale index lock %s", path)
                path.unlink()
