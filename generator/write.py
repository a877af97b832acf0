"""Write stage: build the new tree beside site/, then swap it into place.

A failure before the swap (a full disk, say) leaves the previous site/ exactly as it was.
Files whose bytes did not change are hard-linked from the previous tree, so they keep their
inode and modification time: hosts and rsync see them as untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_tree(files: dict[str, bytes], out_dir: Path) -> tuple[int, int, int]:
    """Write `files` (path → bytes) as the new out_dir. Return (written, unchanged, removed)."""
    with TreeWriter(out_dir) as tree:
        tree.add(files)
    return tree.counts


class TreeWriter:
    """The new out_dir, written in batches (so pages can be written while other files are still
    being made) and swapped into place when the `with` block ends without an error."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.paths: set[str] = set()
        self.counts = (0, 0, 0)  # written, unchanged, removed; complete after the swap

    def __enter__(self) -> TreeWriter:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-", dir=self.out_dir.parent))
        return self

    def add(self, files: dict[str, bytes]) -> None:
        written, unchanged, _ = self.counts
        for rel, data in sorted(files.items()):
            target = self.staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = self.out_dir / rel
            if previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data:
                try:
                    os.link(previous, target)
                except OSError:
                    shutil.copy2(previous, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        self.paths.update(files)
        self.counts = (written, unchanged, 0)

    def __exit__(self, error_type, error, traceback) -> None:
        if error_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            old_files = {p.relative_to(self.out_dir).as_posix() for p in self.out_dir.rglob("*") if p.is_file()} \
                if self.out_dir.exists() else set()
            swap(self.staging, self.out_dir)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        self.counts = (*self.counts[:2], len(old_files - self.paths))


def swap(staging: Path, out_dir: Path) -> None:
    """Put staging in out_dir's place with two renames; the old tree is deleted afterwards."""
    staging.chmod(0o755)
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)
