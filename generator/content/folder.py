"""Read and validate the whole content folder: settings, vocabularies and records."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.content import schema as s
from generator.content.load import LOADER, SourceFile, content_files, display_path, load_file
from generator.content.tree import Tree, check_folders
from generator.content.validate import Checker, PendingRef, describe
from generator.core.problems import Problems, did_you_mean
from generator.core.slugs import is_slug_path, slugify
from generator.core.workers import forked_map

SETTINGS_FILE = "site.yaml"
VOCAB_DIR = "vocabularies"


_versions = itertools.count(1)


@dataclass
class RawRecord:
    id: str
    path_id: str  # id from the file's place; parents are found through it
    type: str
    path: str  # as shown to editors
    rel: str  # relative to the content folder
    data: dict
    refs: list[PendingRef] = field(default_factory=list)
    version: int = field(default_factory=lambda: next(_versions))  # new for every reading of the file
    full_data: dict | None = None  # data with every schema field present (model.with_defaults), once


@dataclass
class FileCache:
    """Records read in an earlier build, by file: a file whose modification time and size are
    unchanged is not read again, as long as the vocabularies it was checked against are the same."""

    vocabularies: dict = field(default_factory=dict)
    entries: dict[str, tuple[tuple[int, int], RawRecord | None, list]] = field(default_factory=dict)  # by rel path
    images: dict = field(default_factory=dict)  # image files checked, by path, modification time and size
    listings: dict = field(default_factory=dict)  # folder listings (load.content_files)
    files: list[str] = field(default_factory=list)  # every content file, as of the last read
    others: dict[str, tuple[int, int]] = field(default_factory=dict)  # settings and vocabularies: rel path → stamp

    def forget(self, rels: Iterable[str]) -> None:
        """Read these files again next time, whatever their stamps say: a file saved twice within one
        tick of a coarse file system clock keeps its modification time (and often its size)."""
        for rel in rels:
            if rel in self.entries:
                self.entries[rel] = ((-1, -1), *self.entries[rel][1:])
            if rel in self.others:
                self.others[rel] = (-1, -1)

    def mtimes(self) -> dict[str, float]:
        """rel path → modification time, as read by the last read_content."""
        return {rel: when[0] / 1e9 for rel, (when, _, _) in self.entries.items()}


@dataclass
class Content:
    settings: dict
    vocabularies: dict[str, dict]
    records: list[RawRecord]
    files: list[str]  # every content file read, relative to the content folder


def field_node(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def read_content(content_dir: Path, cache: FileCache | None = None) -> tuple[Content, Problems]:
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(display_path(content_dir), 1, 1, "", "msg_content_folder_missing")
        return Content({}, {}, [], []), problems
    files = content_files(content_dir, cache.listings if cache is not None else None)
    if cache is not None:
        cache.files = files
        cache.others = {rel: stamp(content_dir / rel) for rel in files if is_settings(rel)}
    vocabularies = read_vocabularies(content_dir, [content_dir / rel for rel in files if rel.startswith(VOCAB_DIR + "/")], problems)
    settings = read_settings(content_dir, vocabularies, problems)
    if cache is not None and cache.vocabularies != vocabularies:
        cache.vocabularies, cache.entries = vocabularies, {}
    rels = [rel for rel in files if not is_settings(rel)]
    if cache is None:
        read = read_record_files(content_dir, rels, vocabularies)
    else:
        folder = str(content_dir)
        stamps = {rel: stamp(f"{folder}/{rel}") for rel in rels}
        stale = [rel for rel in rels if (entry := cache.entries.get(rel)) is None or entry[0] != stamps[rel]]
        for rel, (record, items) in zip(stale, read_record_files(content_dir, stale, vocabularies), strict=True):
            cache.entries[rel] = (stamps[rel], record, items)
        for gone in cache.entries.keys() - set(files):
            del cache.entries[gone]
        read = [cache.entries[rel][1:] for rel in rels]
    records = []
    for record, items in read:
        problems.items.extend(items)
        if record is not None:
            records.append(record)
    check_ids(records, problems)
    tree = Tree({rel: path_to_id(rel) for rel in rels}, {record.path_id: record.type for record in records})
    check_folders(tree, content_dir, problems)
    check_references(records, problems)
    check_cycles(records, problems)
    return Content(settings, vocabularies, records, files), problems


def is_settings(rel: str) -> bool:
    return rel == SETTINGS_FILE or rel.startswith(VOCAB_DIR + "/")


def stamp(path: str | Path) -> tuple[int, int]:
    """(modification time, size): a file whose stamp is unchanged is taken to be unchanged."""
    try:
        stat = os.stat(path)
    except OSError:  # a link to nothing or to itself: reported when the file is read
        stat = os.lstat(path)
    return stat.st_mtime_ns, stat.st_size


def edited_records(content_dir: Path, cache: FileCache, saved: set[str] | None = None) -> dict[str, tuple[int, int]] | None:
    """rel path → new stamp of each record file changed since read_content last filled `cache`,
    when that is all that changed; None when a file came or went, or settings or vocabularies changed.
    `saved`: the only paths that can have changed (a file watcher's), if known; when they are all
    record files read before, only they are looked at (a stat of 10,000 files costs 40-50 ms)."""
    if not cache.files or not content_dir.is_dir():
        return None
    if saved is not None and saved <= cache.entries.keys():
        changed = {}
        for rel in saved:
            try:
                now = stamp(f"{content_dir}/{rel}")
            except OSError:
                return None  # gone
            if cache.entries[rel][0] != now:
                changed[rel] = now
        return changed
    files = content_files(content_dir, cache.listings)
    if files != cache.files:
        return None
    folder, changed, entries = str(content_dir), {}, cache.entries
    for rel in files:
        now = stamp(f"{folder}/{rel}")
        entry = entries.get(rel)
        if entry is None:
            if cache.others.get(rel) != now:
                return None
        elif entry[0] != now:
            changed[rel] = now
    return changed


def read_record_files(content_dir: Path, rels: list[str], vocabularies: dict) -> list[tuple[RawRecord | None, list]]:
    """Each file's record (None if it has none) and the problems found in it, in order: read by
    forked workers when there are many, as parsing and checking YAML is most of loading a site."""

    def read(rel: str) -> tuple[RawRecord | None, list]:
        own = Problems()
        return read_record_file(content_dir / rel, content_dir, vocabularies, own), own.items

    return forked_map(read, rels)


def read_record_file(path: Path, content_dir: Path, vocabularies: dict, problems: Problems) -> RawRecord | None:
    source = load_file(path, content_dir, problems)
    return read_record(source, vocabularies, problems) if source is not None else None


def read_vocabularies(content_dir: Path, files: list[Path], problems: Problems) -> dict[str, dict]:
    """`files`: the content files below vocabularies/."""
    vocabularies: dict[str, dict] = {}
    vocab_dir = content_dir / VOCAB_DIR
    for path in files:
        if path.parent != vocab_dir:
            continue
        source = load_file(path, content_dir, problems)
        name = path.stem
        if name not in s.VOCABULARIES:
            hint = did_you_mean(name, s.VOCABULARIES)
            problems.add(display_path(path), 1, 1, "", "msg_unknown_vocabulary", name=name, hint=hint, known=", ".join(s.VOCABULARIES))
            continue
        if source is None:
            vocabularies.setdefault(name, {})
            continue
        checker = Checker(source.path, source.line_offset, problems, {})
        entries = {}
        keys = [str(key_node.value) for key_node, _ in source.node.value]
        for key_node, value_node in source.node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # str() of an aliased list can be endless
                checker.report(key_node, "", "msg_vocabulary_id_not_slug", got=describe(key_node))
                continue
            key = str(key_node.value)
            if not is_slug_path(key) or "/" in key:
                checker.report(key_node, key, "msg_vocabulary_id_try", slug=slugify(key))
                continue
            entry = checker.check(value_node, s.VOCAB_ENTRIES.get(name, s.VOCAB_ENTRY), key)
            if entry is not None:
                entries[key] = entry
                check_within(checker, key, entry, value_node, keys)
        vocabularies[name] = entries
    for name in s.VOCABULARIES:
        if name not in vocabularies and name in s.OPTIONAL_VOCABULARIES:
            vocabularies[name] = {}
        elif name not in vocabularies:
            problems.add(display_path(vocab_dir / f"{name}.yaml"), 1, 1, "", "msg_vocabulary_file_missing")
            vocabularies[name] = {}
    return vocabularies


def check_within(checker: Checker, key: str, entry: dict, node: yaml.Node, keys: list[str]) -> None:
    """A place's `within` names another place of the same vocabulary."""
    within = entry.get("within")
    if within is not None and within not in keys:
        at = next((value for name, value in node.value if name.value == "within"), node)
        checker.report(at, f"{key}.within", "msg_not_a_place", place=within, hint=did_you_mean(str(within), keys))


def first_language(content_dir: Path) -> str | None:
    """The site's first interface language as site.yaml gives it, or None: read before anything
    else (it is the language of every message), and never a problem here (`check` reports those)."""
    try:
        settings = yaml.compose((content_dir / SETTINGS_FILE).read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, ValueError, RecursionError, yaml.YAMLError):
        return None
    languages = field_node(settings, "languages") if isinstance(settings, yaml.MappingNode) else None
    first = languages.value[0] if isinstance(languages, yaml.SequenceNode) and languages.value else None
    return first.value if isinstance(first, yaml.ScalarNode) else None


def read_settings(content_dir: Path, vocabularies: dict, problems: Problems) -> dict:
    path = content_dir / SETTINGS_FILE
    if not os.path.lexists(path):
        problems.add(display_path(path), 1, 1, "", "msg_settings_missing")
        return {}
    source = load_file(path, content_dir, problems)
    if source is None:
        return {}
    checker = Checker(source.path, source.line_offset, problems, vocabularies)
    return checker.check(source.node, s.SETTINGS, "") or {}


def read_record(source: SourceFile, vocabularies: dict, problems: Problems) -> RawRecord | None:
    checker = Checker(source.path, source.line_offset, problems, vocabularies)
    type_node = field_node(source.node, "type")
    if type_node is None:
        checker.report(source.node, "type", "msg_type_missing", known=", ".join(s.RECORDS))
        return None
    if not isinstance(type_node, yaml.ScalarNode):  # str() of an aliased list can be endless
        checker.report(type_node, "type", "msg_type_not_a_word", known=", ".join(s.RECORDS), got=describe(type_node))
        return None
    kind = str(type_node.value)
    if kind not in s.RECORDS:
        checker.report(type_node, "type", "msg_unknown_record_type", kind=kind, hint=did_you_mean(kind, s.RECORDS))
        return None
    data = checker.check(source.node, s.RECORDS[kind], "")
    if data is None:
        return None
    if source.body is not None:
        if "body" in data:
            checker.report(field_node(source.node, "body") or source.node, "body", "msg_body_field_in_markdown")
        data["body"] = source.body
        checker.collect_id_links(source.body, source.body_line, 1, "body")
        checker.report_placeholders(source.body, source.body_line, 1, "body")
    check_periods(checker, source.node, data)
    check_measure_ids(checker, source.node)
    check_image(checker, source.node, data)
    path_id = path_to_id(source.rel)
    record_id = data.get("id", path_id).strip().strip("/")
    if not path_id:
        checker.report(source.node, "", "msg_index_is_home_page")
        return None
    # Not the YAML nodes: a record is checked once, and its nodes (a fifth of the memory a site's
    # records take at 10,000 of them, every copy-on-write worker's share of it included) are not read again.
    return RawRecord(record_id, path_id, kind, source.path, source.rel, data, checker.refs)


def check_periods(checker: Checker, node: yaml.MappingNode, data: dict) -> None:
    """An end or deadline certainly before the start (its last possible day before the start's first)."""
    start, end, deadline = data.get("start"), data.get("end"), data.get("deadline")
    if not start or not start.known:
        return
    if end and end.known and end.last_day() < start.first_day():
        checker.report(field_node(node, "end") or node, "end", "msg_period_ends_before_start", end=end.iso(), start=start.iso())
    if deadline and deadline.known and deadline.last_day() < start.first_day():
        checker.report(
            field_node(node, "deadline") or node, "deadline", "msg_deadline_before_start", deadline=deadline.iso(), start=start.iso()
        )


def check_measure_ids(checker: Checker, node: yaml.MappingNode) -> None:
    """A measure's id is its anchor on the initiative's page (a measure without one is maalepunkt-N):
    a slug, used once on the page."""
    measures = field_node(node, "measures")
    if not isinstance(measures, yaml.SequenceNode):
        return
    seen: dict[str, int] = {}
    for number, item in enumerate(measures.value, 1):
        id_node = field_node(item, "id") if isinstance(item, yaml.MappingNode) else None
        if isinstance(id_node, yaml.ScalarNode) and id_node.value:
            anchor, where = id_node.value, f"measures[{number}].id"
            if not is_slug_path(anchor) or "/" in anchor:
                checker.report(id_node, where, "msg_measure_id_not_slug", id=anchor, slug=slugify(anchor))
                continue
        else:
            anchor, where, id_node = f"maalepunkt-{number}", f"measures[{number}]", item
        if anchor in seen:
            checker.report(id_node, where, "msg_measure_id_taken", id=anchor, number=seen[anchor])
        else:
            seen[anchor] = number


def check_image(checker: Checker, node: yaml.MappingNode, data: dict) -> None:
    """Alt text is required unless the image is marked decorative; the file itself is checked
    once the records are known (images.inspect_images)."""
    image = data.get("image")
    image_node = field_node(node, "image")
    if image is None or not isinstance(image_node, yaml.MappingNode):
        return
    alt, decorative = (image.get("alt") or "").strip(), image.get("decorative", False)
    alt_node = field_node(image_node, "alt") or image_node
    if not decorative and not alt:
        checker.report(alt_node, "image.alt", "msg_image_alt_missing")
    elif decorative and alt:
        checker.report(alt_node, "image.alt", "msg_image_alt_decorative")
    src = image.get("src", "")
    if "src" in image and not src.strip():
        checker.report(field_node(image_node, "src") or image_node, "image.src", "msg_image_src_empty")
    elif src.startswith("/") or "://" in src or src.startswith(("data:", "\\")):
        checker.report(field_node(image_node, "src") or image_node, "image.src", "msg_image_src_address")


def path_to_id(rel: str) -> str:
    stem = rel.rsplit(".", 1)[0]
    if stem == "index":
        return ""
    return stem.removesuffix("/index")


def check_ids(records: list[RawRecord], problems: Problems) -> None:
    seen: dict[str, RawRecord] = {}
    for record in records:
        if not is_slug_path(record.id):
            suggestion = "/".join(slugify(part) for part in record.id.split("/"))
            problems.add(record.path, 1, 1, "id", "msg_id_not_slug", id=record.id, slug=suggestion)
        if record.id in seen:
            problems.add(record.path, 1, 1, "id", "msg_id_duplicate", id=record.id, other=seen[record.id].path)
        else:
            seen[record.id] = record


CHAINS = {"parent": ("organisation", "strategy"), "supersedes": ("strategy",)}  # fields that must not go round


def check_cycles(records: list[RawRecord], problems: Problems) -> None:
    """One problem per circle of parent (or supersedes) links, a → b → a, at the field of its first
    record by id (a record naming itself is reported by check_references)."""
    by_id = {record.id: record for record in records}

    def follow(record: RawRecord, name: str) -> RawRecord | None:
        target = by_id.get(record.data.get(name) or "")
        return target if target is not None and target.type == record.type and target is not record else None

    for name, kinds in CHAINS.items():
        state: dict[str, bool] = {}  # record id → still on the chain being followed
        for record in records:
            if record.type not in kinds:
                continue
            chain: list[RawRecord] = []
            current: RawRecord | None = record
            while current is not None and current.id not in state:
                state[current.id] = True
                chain.append(current)
                current = follow(current, name)
            if current is not None and state[current.id]:
                circle = chain[[r.id for r in chain].index(current.id) :]  # by id: ids may be duplicates here
                first = circle.index(min(circle, key=lambda r: r.id))
                circle = circle[first:] + circle[:first]
                ref = next((r for r in circle[0].refs if r.field == name), None)
                names = " → ".join(r.id for r in [*circle, circle[0]])
                path, line, col = (ref.path, ref.line, ref.col) if ref else (circle[0].path, 1, 1)
                problems.add(path, line, col, name, "msg_links_in_a_circle", field=name, circle=names)
            for seen in chain:
                state[seen.id] = False


def check_references(records: list[RawRecord], problems: Problems) -> None:
    by_id = {record.id: record for record in records}
    for record in records:
        for ref in record.refs:
            target = by_id.get(ref.target)
            if target is None:
                pool = [r.id for r in records if not ref.kinds or r.type in ref.kinds]
                hint = did_you_mean(ref.target, pool)
                if ref.kinds:
                    problems.add(
                        ref.path, ref.line, ref.col, ref.field, "msg_ref_to_nothing", target=ref.target, kinds=ref.kinds, hint=hint
                    )
                else:
                    problems.add(ref.path, ref.line, ref.col, ref.field, "msg_ref_to_no_record", target=ref.target, hint=hint)
            elif ref.kinds and target.type not in ref.kinds:
                problems.add(
                    ref.path, ref.line, ref.col, ref.field, "msg_ref_wrong_type", target=ref.target, type=target.type, kinds=ref.kinds
                )
            elif target is record:
                problems.add(ref.path, ref.line, ref.col, ref.field, "msg_ref_to_itself")
