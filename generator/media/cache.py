"""Made images (variants, share cards, icons) kept by a hash of everything that went into them:
in memory between builds of one process, and on disk in .cache/media/ between processes. An
unchanged image is never encoded or drawn again."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import PIL

CACHE_FOLDER = Path(".cache") / "media"


def default_cache_dir(content_dir: Path) -> Path:
    """.cache/media beside the content folder (the repository's .cache/ is git-ignored)."""
    return content_dir.resolve().parent / CACHE_FOLDER


def digest(*parts: object) -> str:
    """A hash of bytes and reprs of plain values: the key of a made file. Pillow's version is part
    of every key, since another version may encode the same image into other bytes."""
    hasher = hashlib.sha256(PIL.__version__.encode())
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


@dataclass
class MediaCache:
    folder: Path | None  # None: memory only
    memory: dict[str, bytes] = field(default_factory=dict)
    made: int = 0  # files encoded or drawn (cache misses) since the cache was created
    used: set[str] = field(default_factory=set)  # keys asked for since the last forget_unused()
    placed: dict[str, str] = field(default_factory=dict)  # site path → key of the made file it holds, this build

    def place(self, path: str, key: str) -> None:
        """The site's file `path` holds the made file `key` (disk_copies)."""
        self.placed[path] = key

    def disk_copies(self) -> dict[str, Path]:
        """Site path → the cache's file with the same bytes, for this build's made files: the write
        links them into the site (write.TreeWriter) rather than create every card a second time."""
        if self.folder is None:
            return {}
        return {path: self.file_of(key) for path, key in self.placed.items()}

    def file_of(self, key: str) -> Path:
        """Where the made file with this key is kept (callers check that there is a folder)."""
        assert self.folder is not None
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        data = self.memory.get(key)
        if data is None and self.folder is not None:
            path = self.file_of(key)
            if path.is_file():
                data = self.memory[key] = path.read_bytes()
        return data

    def put(self, key: str, data: bytes) -> None:
        self.remember(key, data)
        self.store(key, data)

    def remember(self, key: str, data: bytes) -> None:
        """In memory only (a worker process stored it on disk)."""
        self.used.add(key)
        self.memory[key] = data

    def store(self, key: str, data: bytes) -> None:
        """On disk only: what a worker process does with what it made."""
        if self.folder is not None:
            path = self.file_of(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{key}.{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(temporary, path)  # another build reading at the same time sees all or nothing

    def fetch(self, key: str, make: Callable[[], bytes]) -> bytes:
        data = self.get(key)
        if data is None:
            data = make()
            self.made += 1
            self.put(key, data)
        return data

    def forget_unused(self) -> None:
        """Forget in memory what the last build did not use (the disk copy stays)."""
        for key in self.memory.keys() - self.used:
            del self.memory[key]
        self.used = set()
