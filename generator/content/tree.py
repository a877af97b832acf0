"""Folders mean something: a record's parents come from the folders above it, so a folder inside an
organisation or strategy that holds records needs a record of its own (index.yaml or index.md).
Without one, its records would silently belong to the record above it: a folder misspelt
`transprt/` would put its initiatives straight under the strategy. Only a folder of offers and
meetings in an organisation's folder (`tilbud/`, `moeder/`) may do without: they belong to the
nearest organisation whatever folder they lie in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.load import display_path
from generator.core.messages import Message
from generator.core.problems import Problems, did_you_mean

CONTAINERS = ("organisation", "strategy")  # inside these, every folder that holds records must mean one
GROUPED = frozenset(("offer", "meeting"))  # what an organisation may keep in folders without a record


def parent_of(path: str) -> str:
    return path.rpartition("/")[0]


def name_of(path: str) -> str:
    return path.rpartition("/")[2]


def folders_above(path: str) -> list[str]:
    """The folders a path lies in, outermost first: a/b/c → a, a/b."""
    parts = path.split("/")
    return ["/".join(parts[:depth]) for depth in range(1, len(parts))]


@dataclass
class Tree:
    """What the content folder's paths say about its folders. `files`: every record file (relative
    to the content folder) → the id its path gives it (folder.path_to_id), in path order;
    `kinds`: path id → type, of the records read (all, or all that a question needs)."""

    files: dict[str, str]
    kinds: dict[str, str]
    own: set[str] = field(init=False)  # the path ids of the records: a folder among them has its record
    folders: set[str] = field(init=False)  # every folder that holds a record file, at any depth
    kinds_below: dict[str, set[str]] = field(init=False)  # folder → types of the records read below it
    verdicts: dict[str, bool] = field(init=False, default_factory=dict)  # folder → lacks a record it needs

    def __post_init__(self) -> None:
        self.own = set(self.files.values())
        inside: dict[str, set[str]] = defaultdict(set)  # folder → types of the records right in it
        for rel, path_id in self.files.items():
            kinds = inside[parent_of(rel)]
            if path_id in self.kinds:
                kinds.add(self.kinds[path_id])
        self.folders, self.kinds_below = set(), defaultdict(set)
        for folder, kinds in inside.items():
            for above in [*folders_above(folder), folder] if folder else []:
                self.folders.add(above)
                self.kinds_below[above] |= kinds

    def container(self, folder: str) -> str | None:
        """The type of the nearest organisation or strategy above `folder`, or None."""
        kinds = (self.kinds.get(above) for above in reversed(folders_above(folder)))
        return next((kind for kind in kinds if kind in CONTAINERS), None)

    def is_grouping(self, folder: str) -> bool:
        """A folder of offers and meetings only, in an organisation's folder (not in its strategies)."""
        return self.container(folder) == "organisation" and self.kinds_below[folder] <= GROUPED

    def lacks_record(self, folder: str) -> bool:
        """True for a folder inside an organisation or strategy that needs a record of its own and has none."""
        if folder not in self.verdicts:
            self.verdicts[folder] = folder not in self.own and self.container(folder) is not None and not self.is_grouping(folder)
        return self.verdicts[folder]

    def first_without_record(self, path: str) -> str | None:
        """The outermost folder above `path` that lacks the record it needs, or None."""
        return next((folder for folder in folders_above(path) if self.lacks_record(folder)), None)

    def hint(self, folder: str) -> Message | str:
        """' (did you mean …?)' with the closest sibling folder that has a record of its own (or is a
        folder of offers and meetings), or ''."""
        parent = parent_of(folder)
        siblings = {
            name_of(other) for other in self.folders if parent_of(other) == parent and (other in self.own or self.is_grouping(other))
        }
        siblings.discard(name_of(folder))
        return did_you_mean(name_of(folder), sorted(siblings))

    def why(self, folder: str) -> Message:
        if self.container(folder) == "organisation":
            return Message("msg_folder_why_organisation")
        return Message("msg_folder_why_strategy")


def check_folders(tree: Tree, content_dir: Path, problems: Problems) -> None:
    """One problem per folder that lacks its record (the outermost, when such folders nest), at the
    first record file inside it."""
    looked_at, reported = set(), set()
    for rel in tree.files:
        if parent_of(rel) in looked_at:  # the first file in a folder stands for all of them
            continue
        looked_at.add(parent_of(rel))
        folder = tree.first_without_record(rel)
        if folder is None or folder in reported:
            continue
        reported.add(folder)
        problems.add(
            display_path(content_dir / rel),
            1,
            1,
            "folder",
            "msg_folder_without_record",
            folder=folder,
            hint=tree.hint(folder),
            why=tree.why(folder),
        )
