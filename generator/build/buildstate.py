"""What the last full build read and wrote, kept in .cache/ beside the content, so that a build
whose inputs and output folder are exactly as that build left them writes nothing and ends at once.

The inputs are every file below the content, layouts and assets folders (by hash of their bytes,
so a fresh checkout with a restored .cache/ matches too; a file whose modification time and size
are as recorded is not read again), Retning's own code and the versions of the packages that make
the bytes, the build's options, the date (what is late depends on it) and what the pages' "last
updated" dates come from (the git commit checked out, and the files git sees changed, whose dates
are their modification times). The output folder must hold exactly the files the build wrote,
each with its recorded modification time and size."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import CODE
from generator.content.history import head
from generator.core.workers import forked_map

STATE_FILE = Path(".cache") / "build-state.json"  # beside the content folder
FORMAT = 1
PACKAGES = ("jinja2", "markdown-it-py", "pillow", "pyyaml", "whoosh", "markupsafe", "zlib-ng")


def state_path(content_dir: Path) -> Path:
    return content_dir.resolve().parent / STATE_FILE


def walk(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path below `folder`, its stat) of every file, in no particular order."""
    stack = [(folder, "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), rel + "/"))
            else:
                try:
                    yield rel, entry.stat()
                except OSError:
                    yield rel, entry.stat(follow_symlinks=False)


def file_hash(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()


def code_key() -> str:
    """Retning's code and the packages and Python that turn content into bytes."""
    hasher = hashlib.blake2b(sys.version.encode())
    for name in PACKAGES:
        try:
            hasher.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{name} -\n".encode())
    for rel, _ in sorted(walk(CODE)):
        if rel.endswith(".py"):
            hasher.update(rel.encode() + b"\0" + (CODE / rel).read_bytes() + b"\0")
    return hasher.hexdigest()


def uncommitted(content_dir: Path) -> list[str] | None:
    """`git status` of the content folder (files whose "last updated" date is their modification
    time), or None outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return sorted(result.stdout.splitlines()) if result.returncode == 0 else None


@dataclass
class Inputs:
    """Everything a full build's bytes depend on, as of now; `files`: path → [mtime_ns, size, hash]."""

    key: dict
    files: dict[str, list]

    @classmethod
    def now(cls, content_dir: Path, folders: dict[str, Path], options: dict, known: dict[str, list] | None = None) -> Inputs:
        known = known or {}
        files: dict[str, list] = {}
        unknown: dict[str, Path] = {}  # path → file, for those to hash
        for name, folder in folders.items():
            for rel, stat in walk(folder):
                path = f"{name}/{rel}"
                before = known.get(path)
                if before is not None and before[:2] == [stat.st_mtime_ns, stat.st_size]:
                    files[path] = before
                else:
                    files[path] = [stat.st_mtime_ns, stat.st_size]
                    unknown[path] = folder / rel
        # Every file of a first build (1.8 s at 30,000 records in one process): on every core.
        for path, digest in zip(unknown, forked_map(file_hash, list(unknown.values())), strict=True):
            files[path].append(digest)
        status = uncommitted(content_dir)
        # Outside git every file's date is its modification day; in git, only uncommitted files'.
        dated = sorted(files) if status is None else [f"content/{line[3:].strip()}" for line in status]
        days = {path: dt.date.fromtimestamp(files[path][0] / 1e9).isoformat() for path in dated if path in files}
        key = {
            "format": FORMAT,
            "code": code_key(),
            "options": options,
            "head": head(content_dir),
            "uncommitted": status,
            "days": days,
            "folders": {name: str(folder.resolve()) for name, folder in folders.items()},
        }
        return cls(key, files)

    def same_as(self, other: Inputs) -> bool:
        return self.key == other.key and {path: entry[2] for path, entry in self.files.items()} == {
            path: entry[2] for path, entry in other.files.items()
        }


def output_stamps(out_dir: Path) -> dict[str, list[int]]:
    return {rel: [stat.st_mtime_ns, stat.st_size] for rel, stat in walk(out_dir)}


@dataclass
class BuildState:
    inputs: Inputs
    out_dir: str
    outputs: dict[str, list[int]]

    @classmethod
    def read(cls, path: Path) -> BuildState | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            return cls(Inputs(data["key"], data["files"]), data["out_dir"], data["outputs"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(
            json.dumps(
                {"format": FORMAT, "key": self.inputs.key, "files": self.inputs.files, "out_dir": self.out_dir, "outputs": self.outputs},
                separators=(",", ":"),
            ),
            encoding="utf-8",
        )
        os.replace(temporary, path)

    def holds(self, out_dir: Path) -> bool:
        """Whether the output folder is exactly as this build left it."""
        return str(out_dir.resolve()) == self.out_dir and output_stamps(out_dir) == self.outputs
