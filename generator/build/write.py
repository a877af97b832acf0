"""Write stage: build the new tree beside site/, then swap it into place.

A failure before the swap (a full disk, say) leaves the previous site/ exactly as it was.
Files whose bytes did not change are hard-linked from the previous tree, so they keep their
inode and modification time: hosts and rsync see them as untouched. Every tree carries the
marker (outdir.MARKER) listing its files, written into the staging folder first, so leftovers of
a killed build can be told apart from anybody else's files.

An output folder that is a mount point (a Docker volume, say) cannot be renamed: the new tree is
staged inside it and its files are moved into place one by one, so a failure before the moves
still leaves the previous site as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from generator.build.outdir import MARKER, is_site_like, marker_bytes, read_marker, walk_files, write_marker
from generator.core.workers import cores

FILES_PER_THREAD = 500  # fewer files are written by one thread


def write_tree(
    files: dict[str, bytes], out_dir: Path, stamps: dict[str, list[int]] | None = None, copies: dict[str, Path] | None = None
) -> tuple[int, int, int]:
    """Write `files` (path → bytes) as the new out_dir. Return (written, unchanged, removed).
    `stamps`: filled with [modification time in ns, size] of every file of the new tree.
    `copies`: path → a file elsewhere with the same bytes (the media cache's), linked rather than
    written again when the file system allows."""
    with TreeWriter(out_dir, stamps, copies) as tree:
        tree.add(files)
    return tree.counts


class TreeWriter:
    """The new out_dir, written in batches (so pages can be written while other files are still
    being made) and swapped into place when the `with` block ends without an error."""

    def __init__(self, out_dir: Path, stamps: dict[str, list[int]] | None = None, copies: dict[str, Path] | None = None):
        self.out_dir = out_dir.resolve()
        self.copies = copies or {}
        self.stamps = stamps  # taken as each file is written: a walk of the tree afterwards waits on the disk
        self.paths: set[str] = set()
        self.counts = (0, 0, 0)  # written, unchanged, removed; complete after the swap
        self.in_place = os.path.ismount(self.out_dir)

    def __enter__(self) -> TreeWriter:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        beside = self.out_dir if self.in_place else self.out_dir.parent
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-{os.getpid()}-", dir=beside))
        write_marker(self.staging, [])  # proves the folder is a build's own, should this process die
        return self

    def add(self, files: dict[str, bytes]) -> None:
        """Write `files` into the new tree (or leave them in place, or link them from the old tree, when
        their bytes did not change). Writing is mostly the kernel's work (a folder and a file
        created, the bytes copied), which threads share between the cores."""
        items = sorted(files.items())
        threads = min(cores(), max(1, len(items) // FILES_PER_THREAD))
        size = -(-len(items) // threads) if items else 0
        with ThreadPoolExecutor(threads) as pool:
            batches = [items[start : start + size] for start in range(0, len(items), size or 1)]
            counts = list(pool.map(lambda batch: self.put_all(batch, self.stamps), batches))
        self.took(files, sum(count[0] for count in counts), sum(count[1] for count in counts))

    def took(self, paths: Iterable[str], written: int, unchanged: int, stamps: dict[str, list[int]] | None = None) -> None:
        """Count files put into the new tree; `stamps`: theirs, when another process put them
        (put_all in a forked worker, which has the tree as it was at the fork)."""
        before_written, before_unchanged, _ = self.counts
        self.counts = (before_written + written, before_unchanged + unchanged, 0)
        self.paths.update(paths)
        if stamps is not None and self.stamps is not None:
            self.stamps.update(stamps)

    def put_all(self, items: list[tuple[str, bytes]], stamps: dict[str, list[int]] | None) -> tuple[int, int]:
        """Put these files into the new tree; (written, unchanged). `stamps`: filled with theirs."""
        written = unchanged = 0
        made: set[Path] = set()  # folders this thread made or found
        for rel, data in items:
            previous = self.out_dir / rel
            same = previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data
            if same and self.in_place:
                unchanged += 1
                stamp(rel, previous, stamps)
                continue
            target = self.staging / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if same:
                try:
                    os.link(previous, target)
                except OSError:
                    shutil.copy2(previous, target)
                unchanged += 1
            else:
                copy = self.copies.get(rel)
                if copy is None or not link_copy(copy, target, len(data)):
                    target.write_bytes(data)
                written += 1
            stamp(rel, target, stamps)
        return written, unchanged

    def __exit__(self, error_type: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        if error_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        try:
            old_files = previous_files(self.out_dir)
            keep_or_write_marker(self.staging, self.out_dir, self.paths)
            stamp(MARKER, self.staging / MARKER, self.stamps)
            if self.in_place:
                move_into(self.staging, self.out_dir, old_files - self.paths)
            else:
                swap(self.staging, self.out_dir)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        self.counts = (*self.counts[:2], len(old_files - self.paths))


def stamp(rel: str, path: Path, stamps: dict[str, list[int]] | None) -> None:
    """[modification time in ns, size] of the file just written, into `stamps`."""
    if stamps is not None:
        stat = path.stat()
        stamps[rel] = [stat.st_mtime_ns, stat.st_size]


def link_copy(copy: Path, target: Path, size: int) -> bool:
    """Link `copy` (a media cache file: the same bytes, written once and replaced, never changed in
    place) as `target`: no second file made. A new file costs more than its bytes: ext4 looks for a
    free inode past those freed in the last minutes, which after a large site was replaced took
    most of a build's time. False when it cannot (another file system, say): write the bytes."""
    try:
        if os.stat(copy).st_size != size:
            return False
        os.link(copy, target)
    except OSError:
        return False
    return True


def keep_or_write_marker(staging: Path, out_dir: Path, paths: set[str]) -> None:
    """The marker for the new tree: the old one, hard-linked, when it lists the same files."""
    data = marker_bytes(paths)
    previous = out_dir / MARKER
    try:
        if previous.is_file() and not previous.is_symlink() and previous.read_bytes() == data:
            temporary = staging / f"{MARKER}.new"
            os.link(previous, temporary)
            os.replace(temporary, staging / MARKER)
            return
    except OSError:
        pass
    write_marker(staging, paths)


def previous_files(out_dir: Path) -> set[str]:
    """The files of the tree being replaced (outdir.prepare_output proved them a build's own)."""
    if not out_dir.is_dir():
        return set()
    listed = read_marker(out_dir)
    if listed is not None:
        return {rel for rel in listed if (out_dir / rel).is_file()}
    return {rel for rel in walk_files(out_dir) if is_site_like(rel)}  # an old site: nothing else was there


def swap(staging: Path, out_dir: Path) -> None:
    """Put staging in out_dir's place with two renames; the old tree is deleted afterwards.
    A process killed between the renames leaves the old tree as .NAME.old-PID-RANDOM, which the next
    build puts back (outdir.recover)."""
    staging.chmod(0o755)
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def move_into(staging: Path, out_dir: Path, gone: set[str]) -> None:
    """Move the staged files over the old ones inside out_dir (which cannot be renamed), the marker
    last, then remove the old files the new tree does not have, and folders they leave empty."""
    for root, _, names in os.walk(staging):
        for name in names:
            source = Path(root, name)
            rel = source.relative_to(staging).as_posix()
            if rel != MARKER:
                target = out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
    os.replace(staging / MARKER, out_dir / MARKER)
    shutil.rmtree(staging, ignore_errors=True)
    for rel in gone:
        remove_file(out_dir, rel)


def remove_file(out_dir: Path, rel: str) -> None:
    """Remove a file a build wrote, then the folders above it that it leaves empty."""
    target = out_dir / rel
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == out_dir:
            break
        try:
            folder.rmdir()  # only if empty
        except OSError:
            break
