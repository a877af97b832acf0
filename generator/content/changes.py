"""What changed in each content record, and when ("Ændringer" on a record's page), read from git
history in one pass: a single `git log` over the content folder and a single `git cat-file --batch`
for the file versions it names. Only the record's own fields are described, and the commit message
only through its `Ændringsnote:` trailer: authors, e-mail addresses and the rest of the message
never leave this module. Outside a git checkout, or without git, there is no history: {}.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content import schema as s
from generator.content.folder import is_settings
from generator.content.load import CONTENT_SUFFIXES, compose, split_front_matter
from generator.core.dates import PartialDate, parse_date
from generator.core.problems import Problems


@dataclass(frozen=True)
class ChangeItem:
    """One thing a commit changed in a record.

    kind      field                     before / after
    created   ""                        None / None (the file was added)
    moved     ""                        old / new path, relative to the content folder
    status    "status"                  vocabulary keys (None: not given)
    deadline  "deadline"                dates as written (2025, 2025-H2, 2025-06-14)
    date      start, end, as_of, adopted.date …   dates as written
    number    budget_dkk, menu …        numbers as written in YAML
    text      title, summary, body, contact.phone …   None / None: only that it was revised
    list      themes, partners, goals, sections …   None / None
    measure_added / measure_removed     "measures"; subject: the measure's text; None / None
    measure_changed                     the measure's field; subject: its text; values for status,
                                        deadline, target, actual and baseline, else None / None
    """

    kind: str
    field: str
    subject: str = ""
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class Change:
    commit: str  # full hash
    date: dt.date  # committer date
    note: str  # the commit message's Ændringsnote trailer, "" without one
    items: tuple[ChangeItem, ...]


GIT_TIMEOUT = 120
NO_BLOB = "0" * 40
GITLINK = "160000"  # a submodule: its "blob" is a commit elsewhere
# Settings that would change what `git log` prints, pinned to the defaults this module reads.
GIT = [
    "git",
    "--literal-pathspecs",
    "-c",
    "log.showSignature=false",
    "-c",
    "log.showRoot=true",
    "-c",
    "diff.relative=false",
    "-c",
    "i18n.logOutputEncoding=UTF-8",
    "-c",
    "core.quotePath=false",
]
COMMIT_MARK = "COMMIT "
LOG_FORMAT = f"--format=%x00{COMMIT_MARK}%H %P%x00%cI%x00%B%x00"
NOTE_LINE = re.compile(r"(?:ændringsnote|aendringsnote)[ \t]*:(.*)", re.IGNORECASE)

PROSE_LISTS = frozenset({"actions"})  # lists of sentences: revised like a text, not a list of things
VALUED_MEASURE_FIELDS = ("status", "deadline", "target", "actual", "baseline")
NOT_DESCRIBED_MEASURE_FIELDS = frozenset({"id"})  # the anchor, not what readers read


# ---------------------------------------------------------------- git


def run_git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run([*GIT, *args], cwd=cwd, input=stdin, capture_output=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


@dataclass(frozen=True)
class Repository:
    root: Path
    prefix: str  # the content folder relative to root, "" or ending in "/"
    shallow: frozenset[str]  # commits whose parents a shallow clone left out


def locate(content_dir: Path) -> Repository | None:
    out = run_git(["rev-parse", "--show-toplevel", "--show-prefix", "--git-path", "shallow"], content_dir)
    if out is None:
        return None
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3:
        return None
    shallow_file = content_dir / lines[2]
    shallow = frozenset(shallow_file.read_text().split()) if shallow_file.is_file() else frozenset()
    return Repository(Path(lines[0]), lines[1], shallow)


def pathspec(repo: Repository) -> list[str]:
    return ["--", repo.prefix] if repo.prefix else []


def files_in_head(repo: Repository) -> list[str] | None:
    """Record files committed in HEAD, relative to the content folder."""
    out = run_git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", "HEAD", *pathspec(repo)], repo.root)
    if out is None:
        return None
    paths = (path.removeprefix(repo.prefix) for path in decode(out).split("\0") if path.startswith(repo.prefix))
    return [path for path in paths if is_record(path)]


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def is_record(rel: str | None) -> bool:
    """Named like a record file the loader reads (load.content_files, content.read_content)."""
    if not rel or is_settings(rel) or Path(rel).suffix not in CONTENT_SUFFIXES:
        return False
    return not any(part.startswith((".", "_")) for part in rel.split("/"))


# ---------------------------------------------------------------- the log


@dataclass(frozen=True)
class Entry:
    """One file in one commit's diff. A merge's entry (combined diff) lists a file that differs from
    every parent: old_blobs holds its blob in each parent (NO_BLOB where a parent lacks it)."""

    status: str  # A, D, M, T, R, or "merge"
    old_path: str | None  # relative to the content folder; None outside it
    new_path: str | None
    old_blobs: tuple[str, ...]
    new_blob: str


@dataclass(frozen=True)
class Commit:
    hash: str
    parents: tuple[str, ...]
    date: dt.date
    note: str
    entries: tuple[Entry, ...]


def read_log(repo: Repository) -> list[Commit] | None:
    """Commits that touched the content folder, newest first, every parent after all its children.

    Merges show no diff of their own (a branch's changes appear once, in the branch's own commits),
    except through -c: files that differ from every parent, i.e. what resolving the merge changed."""
    # -c (after "log"): a merge's combined diff; --parents: parents as the path-limited history links them
    out = run_git(
        [
            "log",
            "--raw",
            "--no-abbrev",
            "-M",
            "-c",
            "-z",
            "--parents",
            "--date-order",
            "--no-color",
            "--no-notes",
            LOG_FORMAT,
            "HEAD",
            *pathspec(repo),
        ],
        repo.root,
    )
    return None if out is None else parse_log(decode(out), repo.prefix)


def parse_log(text: str, prefix: str) -> list[Commit]:
    tokens = text.split("\0")
    commits: list[Commit] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if not token.startswith(COMMIT_MARK):
            continue
        hash_, *parents = token.removeprefix(COMMIT_MARK).split()
        date, message = dt.date.fromisoformat(tokens[index][:10]), tokens[index + 1]
        index += 2
        entries = []
        while index < len(tokens) and not tokens[index].lstrip("\n").startswith(COMMIT_MARK):
            raw = tokens[index].lstrip("\n")
            if not raw.startswith(":"):
                index += 1
                continue
            entry, index = parse_raw(raw, tokens, index + 1, prefix)
            if entry is not None:
                entries.append(entry)
        note = change_note(message).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        commits.append(Commit(hash_, tuple(parents), date, note, tuple(entries)))
    return commits


def parse_raw(raw: str, tokens: list[str], index: int, prefix: str) -> tuple[Entry | None, int]:
    """`:mode… blob… STATUS` then its path(s); returns the entry and the index after it."""
    parents = len(raw) - len(raw.lstrip(":"))
    fields = raw.lstrip(":").split()
    modes, blobs, status = fields[: parents + 1], fields[parents + 1 : 2 * parents + 2], fields[-1]
    paths = 2 if status[0] in "RC" and parents == 1 else 1
    names = [relative(path, prefix) for path in tokens[index : index + paths]]
    index += paths
    if GITLINK in modes:
        return None, index
    if parents > 1:
        return Entry("merge", names[0], names[0], tuple(blobs[:-1]), blobs[-1]), index
    if status[0] == "R":
        return Entry("R", names[0], names[1], (blobs[0],), blobs[1]), index
    if status[0] == "C":  # a copy (diff.renames=copies): its source stays as it was
        return Entry("A", names[1], names[1], (NO_BLOB,), blobs[1]), index
    return Entry(status[0], names[0], names[0], (blobs[0],), blobs[1]), index


def relative(path: str, prefix: str) -> str | None:
    return path.removeprefix(prefix) if path.startswith(prefix) else None


def change_note(message: str) -> str:
    """The text of the message's `Ændringsnote:` (or `Aendringsnote:`) trailers, any case, with
    their indented continuation lines; nothing else of the message."""
    notes = []
    lines = message.splitlines()
    for index, line in enumerate(lines):
        match = NOTE_LINE.fullmatch(line)
        if match is None:
            continue
        parts = [match.group(1).strip()]
        for more in lines[index + 1 :]:
            if not more[:1].isspace() or not more.strip():
                break
            parts.append(more.strip())
        notes.append(" ".join(part for part in parts if part))
    return " ".join(note for note in notes if note)


# ---------------------------------------------------------------- following files through history


@dataclass(frozen=True)
class Step:
    """A commit's change to one life of a file: from creation (or re-creation after a deletion) on,
    through renames, a file is one life."""

    commit: int  # index in the log, 0 = newest
    old_path: str | None  # None: created here
    new_path: str
    old_blobs: tuple[str, ...]  # the versions before; several for a merge
    new_blob: str
    merge: bool = False


def follow_lives(commits: list[Commit], shallow: frozenset[str]) -> tuple[dict[str, int], list[list[Step]]]:
    """Walk the commits oldest first, keeping for each commit which life each path holds; return
    the newest commit's paths → life, and every life's steps."""
    lives: list[list[Step]] = []
    waiting = Counter(parent for commit in commits for parent in commit.parents)
    states: dict[str, dict[str, int]] = {}  # commit → path → life, kept until all its children are walked
    state: dict[str, int] = {}
    for index in range(len(commits) - 1, -1, -1):
        commit = commits[index]
        state = inherit(commit.parents, states, waiting)
        for entry in commit.entries:
            apply_entry(entry, index, commit.hash in shallow, state, lives)
        if waiting[commit.hash]:
            states[commit.hash] = state
    return state, lives


def inherit(parents: tuple[str, ...], states: dict[str, dict[str, int]], waiting: Counter) -> dict[str, int]:
    """The paths a commit starts from: its parents' together. Where parents disagree on a path the
    newer life wins: a file deleted and added again on one side starts afresh after the merge too."""
    merged: dict[str, int] | None = None
    for parent in parents:
        state = states.get(parent)
        if state is None:  # outside the walk (a shallow clone's edge)
            continue
        waiting[parent] -= 1
        if waiting[parent] == 0:
            del states[parent]
        elif merged is None:
            state = dict(state)  # another child still needs it as it is
        if merged is None:
            merged = state
            continue
        for path, life in state.items():
            if merged.get(path, -1) < life:
                merged[path] = life
    return merged if merged is not None else {}


def apply_entry(entry: Entry, index: int, boundary: bool, state: dict[str, int], lives: list[list[Step]]) -> None:
    old, new = entry.old_path, entry.new_path
    life = state.pop(old, None) if old is not None and entry.status != "A" else None
    if new is None or entry.status == "D" or not is_record(new) or entry.new_blob == NO_BLOB:
        return
    present = tuple(blob for blob in entry.old_blobs if blob != NO_BLOB)
    if entry.status == "A" or (entry.status == "merge" and not present) or (life is None and not is_record(old)):
        state[new] = new_life(lives)
        if not boundary:  # a shallow clone's oldest commit adds every file: not their creation
            lives[state[new]].append(Step(index, None, new, (), entry.new_blob))
        return
    if life is None:  # a record whose creation lies outside the walk
        life = new_life(lives)
    state[new] = life
    merge = entry.status == "merge"
    lives[life].append(Step(index, old, new, present if merge else entry.old_blobs, entry.new_blob, merge))


def new_life(lives: list[list[Step]]) -> int:
    lives.append([])
    return len(lives) - 1


# ---------------------------------------------------------------- reading versions


def read_blobs(repo: Repository, blobs: set[str]) -> dict[str, bytes]:
    if not blobs:
        return {}
    out = run_git(["cat-file", "--batch"], repo.root, "".join(f"{blob}\n" for blob in sorted(blobs)).encode())
    found: dict[str, bytes] = {}
    position = 0
    while out and position < len(out):
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split()
        position = end + 1
        if len(header) == 3:  # "<blob> blob <size>"; else "<blob> missing"
            size = int(header[2])
            if header[1] == b"blob":
                found[header[0].decode()] = out[position : position + size]
            position += size + 1
    return found


@dataclass(frozen=True)
class Raw:
    """A value of the wrong shape (a list where a date belongs): compared as written, never shown."""

    text: str


@dataclass(frozen=True)
class Version:
    schema: s.Obj
    data: dict


def parse_version(data: bytes, path: str) -> Version | None:
    """The record's fields in one version of its file, or None when that version does not read as a
    record. Nothing is reported: the problems of old versions are not the build's."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    if not text.strip():
        return None
    body = None
    if path.endswith(".md"):
        parts = split_front_matter(text, path, Problems())
        if parts is None:
            return None
        text, body, _ = parts
    try:
        node = compose(text, path, 0, Problems())
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    kind = next(
        (
            value.value
            for key, value in node.value
            if isinstance(key, yaml.ScalarNode) and key.value == "type" and isinstance(value, yaml.ScalarNode)
        ),
        None,
    )
    if kind not in s.RECORDS:
        return None
    schema = s.RECORDS[kind]
    fields = plain(node, schema, text)
    assert isinstance(fields, dict)  # a mapping, read as an object of the schema
    if body is not None:
        fields["body"] = body
    return Version(schema, fields)


def plain(node: yaml.Node, ftype: object, text: str) -> object:
    """A node as the schema expects it: dicts, lists and scalars as written (strings), None for an
    empty value. Only the schema's fields are followed, so anchors cannot lead round in circles."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return None
    if isinstance(ftype, s.Obj) and isinstance(node, yaml.MappingNode):
        found: dict = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name in ftype.fields and name not in found:
                found[name] = plain(value, ftype.fields[name], text)
        return found
    if isinstance(ftype, s.ListOf) and isinstance(node, yaml.SequenceNode):
        return [plain(item, ftype.item, text) for item in node.value]
    if not isinstance(ftype, (s.Obj, s.ListOf)) and isinstance(node, yaml.ScalarNode):
        return node.value
    return Raw(text[node.start_mark.index : node.end_mark.index])


# ---------------------------------------------------------------- describing a change


def field_types(schema: s.Obj) -> dict[str, object]:
    return {**schema.fields, "body": schema.fields.get("body", s.Markdown())}


def canonical(value: object, ftype: object) -> object:
    """What counts when two versions of a value are compared: numbers by value, dates by what they
    mean, text without trailing spaces; empty is the same as absent."""
    if isinstance(value, Raw) or value is None:
        return value
    if isinstance(value, dict) and isinstance(ftype, s.Obj):
        found = {name: canonical(item, ftype.fields[name]) for name, item in value.items()}
        return {name: item for name, item in found.items() if item is not None} or None
    if isinstance(value, list) and isinstance(ftype, s.ListOf):
        return tuple(canonical(item, ftype.item) for item in value) or None
    if not isinstance(value, str):
        return value
    if isinstance(ftype, (s.Text, s.Markdown)) and not isinstance(ftype, s.Url):
        return "\n".join(line.rstrip() for line in value.strip().splitlines()) or None
    value = value.strip()
    if not value:
        return None
    if isinstance(ftype, s.Number):
        return as_number(value)
    if isinstance(ftype, s.Date):
        return as_date(value)
    return value


def as_number(value: str) -> int | float | str:
    for kind in (int, float):  # int first: a float keeps only 15-17 digits
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def as_date(value: str) -> PartialDate | str:
    try:
        return parse_date(value)
    except ValueError:
        return value


def shown(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def describe(old: Version, new: Version) -> list[ChangeItem]:
    items = []
    for name, ftype in field_types(new.schema).items():
        items += describe_field(name, ftype, old.data.get(name), new.data.get(name))
    return items


def describe_field(path: str, ftype: object, before: object, after: object) -> list[ChangeItem]:
    if canonical(before, ftype) == canonical(after, ftype):
        return []
    name = path.rsplit(".", 1)[-1]
    if path == "measures" and isinstance(ftype, s.ListOf) and isinstance(ftype.item, s.Obj):
        return describe_measures(ftype.item, as_list(before), as_list(after))
    if isinstance(ftype, s.Obj) and not isinstance(before, Raw) and not isinstance(after, Raw):
        return [
            item
            for field, sub in ftype.fields.items()
            for item in describe_field(f"{path}.{field}", sub, as_dict(before).get(field), as_dict(after).get(field))
        ]
    if name == "status" and isinstance(ftype, s.Vocab):
        return [ChangeItem("status", path, "", shown(before), shown(after))]
    if isinstance(ftype, s.Date):
        return [ChangeItem("deadline" if name == "deadline" else "date", path, "", shown(before), shown(after))]
    if isinstance(ftype, s.Number):
        return [ChangeItem("number", path, "", shown(before), shown(after))]
    if isinstance(ftype, s.ListOf) and name not in PROSE_LISTS:
        return [ChangeItem("list", path)]
    return [ChangeItem("text", path)]


def as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def measure_key(measure: object, name: str) -> str:
    value = as_dict(measure).get(name)
    return value.strip() if isinstance(value, str) else ""


def pair_measures(old: list, new: list) -> dict[int, int]:
    """new index → old index of the same measure: the same id, else the same text, else the same
    place in the list (a measure whose text was revised), unless both have ids, different ones."""
    pairs: dict[int, int] = {}
    unpaired = set(range(len(old)))
    for name in ("id", "text"):
        by_key: dict[str, list[int]] = defaultdict(list)
        for index in sorted(unpaired):
            if measure_key(old[index], name):
                by_key[measure_key(old[index], name)].append(index)
        for index, measure in enumerate(new):
            candidates = by_key.get(measure_key(measure, name)) if index not in pairs else None
            if candidates:
                pairs[index] = candidates.pop(0)
                unpaired.discard(pairs[index])
    for index in range(len(new)):
        if index not in pairs and index in unpaired and not (measure_key(old[index], "id") and measure_key(new[index], "id")):
            pairs[index] = index
            unpaired.discard(index)
    return pairs


def describe_measures(measure: s.Obj, old: list, new: list) -> list[ChangeItem]:
    pairs = pair_measures(old, new)
    items = []
    for index, after in enumerate(new):
        subject = measure_key(after, "text")
        if index not in pairs:
            items.append(ChangeItem("measure_added", "measures", subject))
            continue
        before = as_dict(old[pairs[index]])
        subject = subject or measure_key(before, "text")
        for name, ftype in measure.fields.items():
            if name in NOT_DESCRIBED_MEASURE_FIELDS or canonical(before.get(name), ftype) == canonical(as_dict(after).get(name), ftype):
                continue
            valued = name in VALUED_MEASURE_FIELDS
            items.append(
                ChangeItem(
                    "measure_changed",
                    name,
                    subject,
                    shown(before.get(name)) if valued else None,
                    shown(as_dict(after).get(name)) if valued else None,
                )
            )
    removed = sorted(set(range(len(old))) - set(pairs.values()))
    items += [ChangeItem("measure_removed", "measures", measure_key(old[index], "text")) for index in removed]
    return items


# ---------------------------------------------------------------- a life's changes


@dataclass
class Versions:
    """The file versions read, each parsed once."""

    blobs: dict[str, bytes]
    parsed: dict[tuple[str, bool], Version | None]

    def version(self, blob: str, path: str) -> Version | None:
        key = (blob, path.endswith(".md"))
        if key not in self.parsed:
            data = self.blobs.get(blob)
            self.parsed[key] = parse_version(data, path) if data is not None else None
        return self.parsed[key]

    def last_good(self, blob: str, path: str, made_from: dict[str, tuple[str, str]]) -> Version | None:
        """This version, or when it does not read as a record, the last one before it that does.
        `made_from`: blob → (the blob it was made from, that one's path), within one file's life."""
        seen = set()
        while blob not in seen:
            seen.add(blob)
            found = self.version(blob, path)
            if found is not None or blob not in made_from:
                return found
            blob, path = made_from[blob]
        return None


def step_items(step: Step, versions: Versions, made_from: dict[str, tuple[str, str]]) -> list[ChangeItem]:
    if step.old_path is None:
        return [ChangeItem("created", "")]
    if step.merge:
        return merge_items(step, versions, made_from)
    items = [ChangeItem("moved", "", "", step.old_path, step.new_path)] if step.old_path != step.new_path else []
    if step.new_blob != step.old_blobs[0]:
        new = versions.version(step.new_blob, step.new_path)
        old = versions.last_good(step.old_blobs[0], step.old_path, made_from) if new is not None else None
        if old is not None and new is not None:
            items += describe(old, new)
    return items


def merge_items(step: Step, versions: Versions, made_from: dict[str, tuple[str, str]]) -> list[ChangeItem]:
    """What resolving a merge changed: what the result has that no parent had, i.e. the items found
    against every parent (an item found against one parent only came from another parent's side)."""
    new = versions.version(step.new_blob, step.new_path)
    if new is None:
        return []
    found = []
    for blob in step.old_blobs:
        old = versions.last_good(blob, step.new_path, made_from)
        if old is None:
            return []
        found.append(describe(old, new))
    others = [{(item.kind, item.field, item.subject, item.after) for item in items} for items in found[1:]]
    return [item for item in found[0] if all((item.kind, item.field, item.subject, item.after) in keys for keys in others)]


def changed_steps(life: list[Step]) -> list[Step]:
    """Steps that changed the file's content (not only created, renamed or touched)."""
    return [step for step in life if step.old_path is not None and step.new_blob not in step.old_blobs]


def life_changes(life: list[Step], commits: list[Commit], versions: Versions) -> tuple[Change, ...]:
    made_from = {step.new_blob: (step.old_blobs[0], step.old_path or step.new_path) for step in changed_steps(life)}
    by_commit: dict[int, list[ChangeItem]] = defaultdict(list)
    for step in life:
        by_commit[step.commit] += step_items(step, versions, made_from)
    return tuple(
        Change(commits[index].hash, commits[index].date, commits[index].note, tuple(items))
        for index, items in sorted(by_commit.items())
        if items
    )


def record_histories(content_dir: Path) -> dict[str, tuple[Change, ...]]:
    """Each record file in HEAD (path relative to content_dir, with "/") → its changes, newest first.
    Files without any described change are left out. Uncommitted changes are not history."""
    repo = locate(content_dir)
    current = files_in_head(repo) if repo is not None else None
    commits = read_log(repo) if repo is not None and current else None
    if repo is None or current is None or not commits:
        return {}
    paths, lives = follow_lives(commits, repo.shallow)
    wanted = {rel: lives[paths[rel]] for rel in sorted(current) if rel in paths}
    needed = {blob for life in wanted.values() for step in changed_steps(life) for blob in (*step.old_blobs, step.new_blob)}
    versions = Versions(read_blobs(repo, needed), {})
    histories = {rel: life_changes(life, commits, versions) for rel, life in wanted.items()}
    return {rel: changes for rel, changes in histories.items() if changes}
