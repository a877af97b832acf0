"""Load stage: read content files into YAML node trees with their provenance.

Nothing here interprets values; validate.py walks the nodes against the schema, so that
every value keeps the line and column it came from.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import yaml

from generator.core.messages import Message
from generator.core.problems import Problems

CONTENT_SUFFIXES = {".yaml", ".yml", ".md"}
# Names an editor may give a content file that are not read as one: listed, so that they are reported.
MISNAMED_SUFFIXES = {".yaml", ".yml", ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"}
# libyaml parses about five times faster than the pure-Python parser and keeps line and column.
BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, remembering the tag of each short plain scalar (field names, statuses,
    dates, numbers): PyYAML finds a scalar's tag by trying regular expressions in Python, a sixth
    of composing a file, while most short values repeat across files."""

    tags: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or len(value) > 40:
            return super().resolve(kind, value, implicit)
        tag = self.tags.get((value, implicit))
        if tag is None:
            if len(self.tags) > 100_000:  # many distinct short values: start over rather than grow
                self.tags.clear()
            tag = self.tags[value, implicit] = super().resolve(kind, value, implicit)
        return tag


LOADER = Loader
SETTLE_NS = 2_000_000_000
MAX_ALIASED = 10_000  # values that aliases (*name) may add to a file by repeating anchored ones (&name)
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
    """The path as an editor would type it: relative to the working directory when inside it."""
    folder = folder_inside(str(path.parent), os.getcwd())
    if folder is None:
        return str(path)
    return path.name if folder == "." else os.path.join(folder, path.name)


@functools.lru_cache(maxsize=4096)
def folder_inside(folder: str, cwd: str) -> str | None:
    """The folder relative to the working directory `cwd` (None outside it), found once per folder,
    and from the folder above it unless it is a link: resolving every file's whole path looked at
    each folder above it again (a tenth of loading 10,000 records)."""
    above, name = os.path.split(folder)
    if above and name and name not in (".", "..") and not os.path.islink(folder):
        shown = folder_inside(above, cwd)
        if shown is not None:
            return name if shown == "." else os.path.join(shown, name)
    try:
        return str(Path(folder).resolve().relative_to(Path(cwd).resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working directory, or a link loop
        return None


def content_files(content_dir: Path, listings: dict[str, tuple | list[str]] | None = None) -> list[str]:
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
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link that points to itself: a file, reported when it has a content name
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append(name)
            elif os.path.splitext(name)[1].lower() in MISNAMED_SUFFIXES:  # misnamed ones are reported (load_file)
                files.append(name)
    return folders, files


def unreadable(path: Path) -> Message | None:
    """Why `path` cannot be read as a content file, or None. Never opens it: a named pipe would
    block the build forever."""
    name = path.name
    suffix = os.path.splitext(name)[1]
    if suffix not in CONTENT_SUFFIXES:
        wanted = suffix.lower() if suffix.lower() in CONTENT_SUFFIXES else ".md"
        return Message("msg_file_misnamed", name=f"{name[: len(name) - len(suffix)]}{wanted}")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Message("msg_file_link_to_nothing")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Message("msg_file_link_loop")
        return Message("msg_file_unreadable", reason=error.strerror)
    if not stat.S_ISREG(mode):
        return Message("msg_file_not_ordinary")
    return None


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(shown, 1, 1, "", "msg_file_cannot_be_read", reason=error.strerror)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(shown, line, col, "", "msg_file_not_utf8", byte=f"0x{data[error.start]:02x}")
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.add(shown, 1, 1, "", "msg_file_empty")
        return None
    return text


def split_front_matter(text: str, shown: str, problems: Problems) -> tuple[str, str, int] | None:
    """Split Markdown into (front matter, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        problems.add(shown, 1, 1, "", "msg_front_matter_missing")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    problems.add(shown, 1, 1, "", "msg_front_matter_unclosed")
    return None


def compose(text: str, shown: str, line_offset: int, problems: Problems) -> yaml.Node | None:
    try:
        node = yaml.compose(text, Loader=LOADER)
        return None if node is not None and "*" in text and not aliases_ok(node, shown, line_offset, problems) else node
    except yaml.MarkedYAMLError as error:
        from generator.content.yaml_errors import syntax_problem  # it reads tokens with this module's LOADER

        found = syntax_problem(error, text, line_offset)
        problems.add_message(shown, found.line, found.col, "", found.message)
    except yaml.YAMLError as error:
        problems.add(shown, 1, 1, "", "msg_yaml_error", detail=str(error))
    return None


def aliases_ok(root: yaml.Node, shown: str, line_offset: int, problems: Problems) -> bool:
    """Report aliases (*name) that repeat a value inside itself, or that repeat values so often (a
    "billion laughs") that checking and publishing the file would never end; False if there are any."""
    sizes: dict[int, int] = {}  # id(node) → nodes it stands for with every alias written out
    entered: set[int] = set()
    todo = [root]
    while todo:
        node = todo[-1]
        if id(node) in sizes:
            todo.pop()
            continue
        children = (
            [part for pair in node.value for part in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
            if isinstance(node, yaml.SequenceNode)
            else []
        )
        if id(node) in entered:
            todo.pop()
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            continue
        entered.add(id(node))
        for child in children:
            if id(child) in entered and id(child) not in sizes:
                problems.add(shown, node.start_mark.line + 1 + line_offset, node.start_mark.column + 1, "", "msg_yaml_alias_recursive")
                return False
        todo.extend(child for child in children if id(child) not in sizes)
    if sizes[id(root)] - len(sizes) <= MAX_ALIASED:
        return True
    problems.add(
        shown, root.start_mark.line + 1 + line_offset, root.start_mark.column + 1, "", "msg_yaml_aliases_too_many", count=MAX_ALIASED
    )
    return False


def load_file(path: Path, content_dir: Path, problems: Problems) -> SourceFile | None:
    shown = display_path(path)
    rel = path.relative_to(content_dir).as_posix()
    reason = unreadable(path)
    if reason is not None:
        problems.add_message(shown, 1, 1, "", reason)
        return None
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
        problems.add(shown, 2, 1, "", "msg_front_matter_empty")
        return None
    known = len(problems.items)
    node = compose(text, shown, offset, problems)
    if node is None:
        if len(problems.items) == known:
            problems.add(shown, 1, 1, "", "msg_file_only_comments")
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.add(shown, node.start_mark.line + 1 + offset, node.start_mark.column + 1, "", "msg_record_not_a_mapping")
        return None
    return SourceFile(shown, rel, node, offset, body, body_line)
