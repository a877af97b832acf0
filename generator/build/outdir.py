"""Which folders a build may write into, and the marker that proves a folder is a build's own.

A build replaces its output folder as a whole, so the folder must hold nothing but what earlier
builds wrote. Every build leaves a marker file (MARKER) listing the files it wrote; the next build
accepts a folder only when it is missing, empty, or holds exactly those files (plus the marker).
Folders no marker can vouch for (the content, the project, the home folder, `/`) are refused
whatever they hold. Leftovers of killed builds (staging folders beside the output, named with the
dead process's id) are restored or removed, but only when they carry the marker too.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.core.messages import Message, MessageError, plural

MARKER = ".retning-site"
MARKER_HEADER = "# Written by Retning (retning build). The next build replaces the files listed here."
# A site built before the marker existed is accepted only if it has these and nothing but site-like files.
LEGACY_SIGNS = ("index.html", "sitemap.xml", "site.webmanifest", "search", "assets")
SITE_SUFFIXES = {
    ".html",
    ".json",
    ".gz",
    ".js",
    ".css",
    ".xml",
    ".csv",
    ".txt",
    ".ico",
    ".webmanifest",
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
    ".gif",
    ".svg",
    ".avif",
}
SHOWN_STRAYS = 3


class UnsafeOutput(MessageError):
    """The output folder is not one a build may write into; nothing has been touched."""


@dataclass(frozen=True)
class Protected:
    """Folders an output folder may never be, contain, or (for `inside`) lie within."""

    folders: tuple[Path, ...]  # never the output folder or one of its descendants
    inside: tuple[Path, ...]  # nor may the output lie inside these


def protected_folders(content_dir: Path, *tool_folders: Path) -> Protected:
    """The content, the templates and assets, the working folder and the home folder."""
    content, tools = content_dir.resolve(), tuple(folder.resolve() for folder in tool_folders)
    folders = (content, *tools, Path.cwd().resolve(), Path.home().resolve())
    return Protected(folders, (content, *tools))


def check_output(out_dir: Path, protected: Protected, look_inside: bool = True) -> None:
    """Raise UnsafeOutput (naming the folder and why) unless a build may replace out_dir.
    Without look_inside, only where the folder is counts, not what it holds."""
    shown = str(out_dir)
    target = out_dir.resolve()
    if target == Path(target.anchor):
        raise UnsafeOutput(Message("msg_output_is_root", folder=shown))
    for folder in protected.folders:
        if target == folder or target in folder.parents:
            key = "msg_output_is" if target == folder else "msg_output_contains"
            raise UnsafeOutput(Message(key, folder=shown, protected=describe(folder, protected)))
    for folder in protected.inside:
        if folder in target.parents:
            raise UnsafeOutput(Message("msg_output_inside", folder=shown, protected=describe(folder, protected)))
    if not look_inside or not target.exists():
        return
    if not target.is_dir():
        raise UnsafeOutput(Message("msg_output_is_a_file", folder=shown))
    strays = stray_files(target)
    if strays:
        more = plural("msg_and_more", len(strays) - SHOWN_STRAYS) if len(strays) > SHOWN_STRAYS else ""
        raise UnsafeOutput(Message("msg_output_has_strays", folder=shown, files=", ".join(strays[:SHOWN_STRAYS]), more=more))


def describe(folder: Path, protected: Protected) -> Message:
    if folder == protected.folders[0]:
        return Message("msg_folder_content", folder=str(folder))
    if folder == Path.home().resolve():
        return Message("msg_folder_home", folder=str(folder))
    if folder == Path.cwd().resolve():
        return Message("msg_folder_current", folder=str(folder))
    return Message("msg_folder_retning", folder=str(folder))


def stray_files(out_dir: Path) -> list[str]:
    """Files in out_dir that no build can be shown to have written, by path."""
    found = sorted(walk_files(out_dir))
    written = read_marker(out_dir)
    if written is None:
        if not found or looks_like_site(out_dir, found):
            return []
        return sorted(found, key=lambda rel: is_site_like(rel))  # the ones no build makes first
    return [rel for rel in found if rel != MARKER and rel not in written and not is_temporary(rel, written)]


def walk_files(folder: Path) -> list[str]:
    """Every entry that is not a folder (files, links, pipes…), relative, with "/"; links are not followed."""
    found: list[str] = []
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(os.path.join(folder, rel) if rel else folder) as entries:
            for entry in entries:
                name = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    todo.append(name)
                else:
                    found.append(name)
    return found


def looks_like_site(out_dir: Path, files: list[str]) -> bool:
    """A site written before builds left a marker: Retning's signature files, and nothing else."""
    return all((out_dir / sign).exists() for sign in LEGACY_SIGNS) and all(map(is_site_like, files))


def is_site_like(rel: str) -> bool:
    return Path(rel).suffix in SITE_SUFFIXES and not rel.startswith(".") and "/." not in rel


def is_temporary(rel: str, written: set[str]) -> bool:
    """The live preview's half-written replacement of a file it wrote (.NAME.new beside NAME)."""
    folder, _, name = rel.rpartition("/")
    if not (name.startswith(".") and name.endswith(".new")):
        return False
    original = name[1 : -len(".new")]
    return (f"{folder}/{original}" if folder else original) in written


def read_marker(folder: Path) -> set[str] | None:
    """The files the marker says a build wrote; None when there is no marker of ours."""
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.splitlines()
    if not lines or lines[0] != MARKER_HEADER:
        return None
    return set(lines[1:])


def marker_bytes(files: Iterable[str]) -> bytes:
    return "\n".join([MARKER_HEADER, *sorted(files)]).encode() + b"\n"


def write_marker(folder: Path, files: Iterable[str]) -> None:
    """Write the marker through a temporary file, so it is never half there."""
    temporary = folder / f"{MARKER}.new"
    temporary.write_bytes(marker_bytes(files))
    os.replace(temporary, folder / MARKER)


# Staging folders beside the output: .NAME.new-PID-RANDOM (being written), .NAME.old-PID-RANDOM
# (the previous site between the two renames of the swap).
def staging_pattern(out_dir: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(out_dir.name)}\.(new|old)-(\d+)(-[A-Za-z0-9_]+)?", re.ASCII)


def left_by_dead_builds(out_dir: Path) -> list[tuple[str, Path]]:
    """("new" or "old", folder) of every staging folder a dead build left beside out_dir (or in it)."""
    out_dir = out_dir.resolve()
    pattern = staging_pattern(out_dir)
    leftovers = []
    for folder in (out_dir.parent, out_dir):  # a mount point stages inside itself
        entries = sorted(folder.iterdir(), key=lambda path: path.name) if folder.is_dir() and not folder.is_symlink() else []
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir() and not entry.is_symlink() and not process_alive(int(match[2])) and read_marker(entry) is not None:
                leftovers.append((match[1], entry))
    return leftovers


def recover(out_dir: Path) -> list[Message]:
    """Tidy what killed builds left beside out_dir; return what was done, for the log.

    A build killed between the swap's two renames leaves no out_dir but the previous site as
    .NAME.old-PID-RANDOM: it is put back. Other leftovers of dead processes are removed when they carry
    the marker (a build writes it into a staging folder before anything else)."""
    out_dir = out_dir.resolve()
    leftovers = left_by_dead_builds(out_dir)
    done: list[Message] = []
    if not os.path.lexists(out_dir):
        restorable = [entry for kind, entry in leftovers if kind == "old"]
        if restorable:
            newest = max(restorable, key=lambda path: path.stat().st_mtime_ns)
            os.rename(newest, out_dir)
            done.append(Message("msg_output_restored", folder=out_dir.name, leftover=newest.name))
            leftovers = [(kind, entry) for kind, entry in leftovers if entry != newest]
    for _, entry in leftovers:
        shutil.rmtree(entry, ignore_errors=True)
        done.append(Message("msg_output_leftover_removed", leftover=entry.name))
    return done


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def prepare_output(out_dir: Path, content_dir: Path, *tool_folders: Path) -> list[Message]:
    """Check that a build may write into out_dir (UnsafeOutput if not), after tidying leftovers of
    killed builds beside it. Returns what the tidying did."""
    protected = protected_folders(content_dir, *tool_folders)
    check_output(out_dir, protected, look_inside=False)  # where it is, before anything beside it is touched
    done = recover(out_dir)
    check_output(out_dir, protected)
    return done
