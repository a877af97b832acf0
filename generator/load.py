"""Load stage: read content files into YAML node trees with their provenance.

Nothing here interprets values; validate.py walks the nodes against the schema, so that
every value keeps the line and column it came from.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problems

CONTENT_SUFFIXES = {".yaml", ".yml", ".md"}
# libyaml parses about five times faster than the pure-Python parser and keeps line and column.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SETTLE_NS = 2_000_000_000
ALL = "\0all"  # in a folder listing cache (content_files): every file found, sorted


@dataclass
class SourceFile:
    path: str  # as shown to editors: relative to the working directory when possible
    rel: str  # relative to the content folder, with / separators
    node: yaml.MappingNode
    line_offset: int  # added to YAML's 0-based line to get the file's 1-based line
    body: str | None = None  # Markdown after the front matter
    body_line: int = 0  # file line of the body's first line


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def content_files(content_dir: Path, listings: dict[str, tuple] | None = None) -> list[str]:
    """Content files (paths relative to content_dir, with "/") in path order; names starting with
    "." or "_" (and their folders) are skipped. `listings` (folder → what it held, kept between
    calls) spares listing a folder again while its modification time stays: adding, removing or
    renaming an entry sets it. A folder changed in the last seconds is listed again next time,
    since two changes within one tick of the file system's clock leave the same time."""
    settled = time.time_ns() - SETTLE_NS
    found, todo, kept, listed = [], [""], {}, False
    while todo:
        rel = todo.pop()
        folder = f"{content_dir}/{rel}" if rel else str(content_dir)
        mtime = os.stat(folder).st_mtime_ns
        listing = listings.get(rel) if listings is not None else None
        if listing is None or listing[0] != mtime:
            listing, listed = (mtime if mtime < settled else -1, *list_folder(folder)), True
        kept[rel] = listing
        _, folders, files = listing
        todo.extend(f"{rel}/{name}" if rel else name for name in folders)
        found += [f"{rel}/{name}" if rel else name for name in files]
    if listings is None:
        return sorted(found, key=lambda rel: rel.split("/"))
    if listed or ALL not in listings:  # else every folder holds what it held: the same files
        kept[ALL] = sorted(found, key=lambda rel: rel.split("/"))
    else:
        kept[ALL] = listings[ALL]
    listings.clear()
    listings.update(kept)
    return list(kept[ALL])


def list_folder(folder: str) -> tuple[list[str], list[str]]:
    """(sub-folders, content files) of a folder, as os.walk sees them (a link to a folder is not followed)."""
    folders, files = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    folders.append(name)
            elif os.path.splitext(name)[1] in CONTENT_SUFFIXES:
                files.append(name)
    return folders, files


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(shown, line, col, "", f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.add(shown, 1, 1, "", "the file is empty")
        return None
    return text


def split_front_matter(text: str, shown: str, problems: Problems) -> tuple[str, str, int] | None:
    """Split Markdown into (front matter, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        problems.add(shown, 1, 1, "", "a Markdown record must start with front matter: a line '---', the YAML fields, and a closing '---'")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    problems.add(shown, 1, 1, "", "the front matter opened here never closes; add a line '---' after the last field")
    return None


def compose(text: str, shown: str, line_offset: int, problems: Problems) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or "YAML syntax error"
        if error.context:
            message = f"{message} ({error.context})"
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
        problems.add(shown, line, col, "", f"YAML syntax error: {message}")
    except yaml.YAMLError as error:
        problems.add(shown, 1, 1, "", f"YAML error: {error}")
    return None


def load_file(path: Path, content_dir: Path, problems: Problems) -> SourceFile | None:
    shown = display_path(path)
    rel = path.relative_to(content_dir).as_posix()
    text = read_text(path, shown, problems)
    if text is None:
        return None
    body, body_line, offset = None, 0, 0
    if path.suffix == ".md":
        parts = split_front_matter(text, shown, problems)
        if parts is None:
            return None
        text, body, body_line = parts
        offset = 1
    if body is not None and not text.strip():
        problems.add(shown, 2, 1, "", "the front matter is empty; it needs at least 'type:' and 'title:'")
        return None
    known = len(problems.items)
    node = compose(text, shown, offset, problems)
    if node is None:
        if len(problems.items) == known:
            problems.add(shown, 1, 1, "", "the file holds only comments; it needs at least 'type:' and 'title:'")
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.add(shown, node.start_mark.line + 1 + offset, node.start_mark.column + 1, "",
                     "a record must be a mapping of fields (field: value), not a single value or a list")
        return None
    return SourceFile(shown, rel, node, offset, body, body_line)
