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
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    written = unchanged = 0
    try:
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out_dir / rel
            if previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data:
                try:
                    os.link(previous, target)
                except OSError:
                    shutil.copy2(previous, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        old_files = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()} if out_dir.exists() else set()
        swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written, unchanged, len(old_files - files.keys())


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
