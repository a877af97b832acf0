"""When each content file last changed: from git history (one `git log` for the whole tree), or
from the file's modification time outside a git checkout and for uncommitted changes."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


FEW = 20


def head(content_dir: Path) -> str | None:
    """The commit checked out (None outside a git checkout): while it stays, only edited files can
    have new last-changed dates."""
    found = _git(["rev-parse", "HEAD"], content_dir)
    return found.strip() if found else None


def last_changed(content_dir: Path, rel_paths: list[str], mtimes: dict[str, float] | None = None) -> dict[str, dt.date]:
    """rel path (below content_dir) → date of its last change (`mtimes`: modification times already read)."""
    if not rel_paths:
        return {}
    content_dir = content_dir.resolve()
    dates: dict[str, dt.date] = {}
    top = _git(["rev-parse", "--show-toplevel"], content_dir)
    if top:
        root = Path(top.strip())
        prefix = content_dir.relative_to(root).as_posix()
        # A few files (the live preview's edits) are looked up alone: the whole tree's history is long.
        paths = [prefix] if len(rel_paths) > FEW else [f"{prefix}/{rel}" if prefix != "." else rel for rel in rel_paths]
        dirty_out = _git(["status", "--porcelain", "--untracked-files=all", "--", *paths], root) or ""
        dirty = {line[3:].strip().strip('"') for line in dirty_out.splitlines()}
        committed = [rel for rel in rel_paths if f"{prefix}/{rel}" not in dirty and rel not in dirty]
        # an edit in the live preview is uncommitted: its date is its modification time, no history needed
        log = (_git(["log", "--format=#%cs", "--name-only", "--", *paths], root) or "") if committed else ""
        current = None
        for line in log.splitlines():
            if line.startswith("#"):
                current = dt.date.fromisoformat(line[1:])
            elif line and current:
                rel = line.removeprefix(prefix + "/") if prefix != "." else line
                dates.setdefault(rel, current)
        for rel in set(rel_paths) - set(committed):
            dates.pop(rel, None)
    mtimes = mtimes or {}
    for rel in rel_paths:
        if rel not in dates:
            mtime = mtimes.get(rel)
            dates[rel] = dt.date.fromtimestamp(mtime if mtime is not None else (content_dir / rel).stat().st_mtime_ns / 1e9)
    return {rel: dates[rel] for rel in rel_paths}
