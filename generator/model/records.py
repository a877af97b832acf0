"""Model stage: resolve references into a graph of records with parents, children and backlinks."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.content import schema as s
from generator.content.folder import Content, RawRecord
from generator.core.depends import note, note_all
from generator.core.problems import Problems
from generator.core.slugs import danish_sort_key

PARENT_TYPES = s.PARENT_TYPES  # which record types may hold which, found by walking up the folders
DONE = "gennemfoert"


@dataclass(eq=False, slots=True)
class Record:
    """One content record and its place in the graph. Templates read fields as `record.title`."""

    id: str
    type: str
    path: str
    rel: str
    data: dict
    parent: Record | None = None
    children: list[Record] = field(default_factory=list)
    mentioned_in: list[Record] = field(default_factory=list)
    decided: list[tuple[Record, int]] = field(default_factory=list)  # (meeting, number of its item) concerning this
    links: dict[str, Any] = field(default_factory=dict)  # resolved references by field name (a record or a list of them)
    updated: dt.date | None = None  # last change of the record's file (git history or modification time)
    history: tuple = ()  # its committed changes, newest first (changes.Change), from one pass over git history
    version: int = 0  # changes whenever the record's file is read again
    rank: int = 0  # where its file comes in the content folder (load.content_files): how ties are broken

    def __getitem__(self, key: str) -> Any:
        if key in self.links:
            return self.links[key]
        return self.data[key]

    @property
    def decisions(self) -> list[tuple[Record, dict]]:
        """(meeting, agenda item) of the decisions concerning this record, newest meeting first
        (noted as reads of the meetings)."""
        note_all(("record", meeting.id) for meeting, _ in self.decided)
        return [(meeting, meeting.data["items"][number]) for meeting, number in self.decided]

    def fingerprint(self) -> tuple:
        """Everything a reader of the record can see through it: its file's reading (version) and
        its place among the others, as ids."""
        return (
            self.version,
            self.type,
            tuple(a.id for a in self.ancestors()),
            tuple(c.id for c in self.children),
            tuple(m.id for m in self.mentioned_in),
            tuple((m.id, m.version, number) for m, number in self.decided),
            tuple((name, ids(value)) for name, value in self.links.items()) if self.links else (),
            self.updated,
            tuple(change.commit for change in self.history),
        )

    @property
    def url(self) -> str:
        return self.id + "/"

    @property
    def name(self) -> str:
        return self.data.get("title") or self.data.get("name") or self.id

    @property
    def sort_name(self) -> str:
        return danish_sort_key(self.name)

    @property
    def sort_date(self) -> dt.date:
        date = self.data.get("date")
        return date.first_day() if date is not None else dt.date.min

    def ancestors(self) -> list[Record]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def nearest(self, kind: str) -> Record | None:
        return next((a for a in reversed([*self.ancestors(), self]) if a.type == kind), None)

    def kids(self, kind: str) -> list[Record]:
        return [c for c in self.children if c.type == kind]

    def __repr__(self) -> str:
        return f"<{self.type} {self.id}>"


def ids(value: object) -> tuple | str | None:
    if isinstance(value, list):
        return tuple(v.id for v in value)
    return value.id if isinstance(value, Record) else None


_generations = itertools.count(1)


@dataclass
class Site:
    settings: dict
    vocabularies: dict[str, dict]
    records: dict[str, Record]
    outputs: list = field(default_factory=list)  # the pages, once routed (route.route_site)
    terms: dict = field(default_factory=dict)  # (vocabulary, key) → records carrying it (taxonomy.members)
    similar: dict[str, list[Record]] = field(default_factory=dict)  # initiative id → similar work (search/related.py)
    timeline: dict = field(default_factory=dict)  # year → its dated initiatives and measures (timeline.by_year)
    catalogues: dict = field(default_factory=dict)  # interface language → its i18n.Catalogue, the site root's first
    offer_filters: dict = field(default_factory=dict)  # filter → (value, label, offers) (route.offer_filter_values)
    images: dict = field(default_factory=dict)  # record id → its image's variants (images.inspect_images)
    icon: Any = None  # the source of the favicon and touch icons (icons.inspect_icon)
    generation: int = field(default_factory=lambda: next(_generations))  # made things holding its records carry it

    kinds: dict[str, list[Record]] = field(default_factory=dict, repr=False)  # of_type's answers: records and their types stay
    indexes: dict[str, dict] = field(default_factory=dict, repr=False)  # by_id's answers
    timeline_order: tuple | None = field(default=None, repr=False)  # what timeline() made it from, to work an edit into

    def of_type(self, kind: str) -> list[Record]:
        if kind not in self.kinds:
            self.kinds[kind] = [r for r in self.records.values() if r.type == kind]
        return list(self.kinds[kind])

    def by_id(self, *kinds: str) -> dict[str, Record]:
        """id → record of the given types (all without), in id order. Like of_type's, the answer
        holds for the site's life: an edit in place keeps every record and its type."""
        name = ",".join(kinds)
        if name not in self.indexes:
            self.indexes[name] = {r.id: r for r in sorted(self.records.values(), key=lambda r: r.id) if not kinds or r.type in kinds}
        return self.indexes[name]

    def label(self, vocabulary: str, key: str | None, lang: str = "da") -> str:
        note(("site", "vocabularies"))
        entry = self.vocabularies.get(vocabulary, {}).get(key or "")
        return entry.get(lang) or entry.get("da") if entry else (key or "")


def subtree(record: Record) -> list[Record]:
    """The record and everything below it, in the order its pages show them."""
    found, todo = [], [record]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(reversed(current.children))
    return found


def nearest_of(site: Site, kind: str) -> dict[str, Record | None]:
    """record id → record.nearest(kind), each ancestor looked at once."""
    found: dict[str, Record | None] = {}

    def nearest(record: Record) -> Record | None:
        if record.id not in found:
            found[record.id] = record if record.type == kind else nearest(record.parent) if record.parent else None
        return found[record.id]

    for record in site.records.values():
        nearest(record)
    return found


@functools.lru_cache(maxsize=100_000)
def natural_key(text: str | None) -> tuple:
    # isdecimal, not isdigit: "²" is a digit that int() refuses
    return tuple(int(part) if part.isdecimal() else danish_sort_key(part) for part in re.split(r"(\d+)", text or ""))


def order_key(record: Record) -> tuple:
    return (natural_key(record.data.get("number")), danish_sort_key(record.name))


def with_defaults(ftype: object, value: Any) -> Any:
    """Give every field of the schema a value (None or []), so templates need no guards."""
    if isinstance(ftype, s.Obj):
        value = value or {}
        return {
            name: with_defaults(sub, value.get(name)) if name in value else ([] if isinstance(sub, s.ListOf) else None)
            for name, sub in ftype.fields.items()
        } | {k: v for k, v in value.items() if k not in ftype.fields}
    if isinstance(ftype, s.ListOf):
        if not isinstance(ftype.item, s.Obj | s.ListOf):
            return list(value or ())
        return [with_defaults(ftype.item, item) for item in value or []]
    return value


def build_model(content: Content, problems: Problems) -> Site:
    records: dict[str, Record] = {}
    for rank, raw in enumerate(content.records):
        if raw.full_data is None:
            raw.full_data = with_defaults(s.RECORDS[raw.type], raw.data)
        records[raw.id] = Record(raw.id, raw.type, raw.path, raw.rel, raw.full_data, version=raw.version, rank=rank)
    by_path = {raw.path_id: records[raw.id] for raw in content.records}
    for raw in content.records:
        attach_parent(records[raw.id], raw, by_path, problems)
    for raw in content.records:
        resolve_refs(records[raw.id], raw, records)
    for record in records.values():
        link_both_ways(record, records)
    order_records(records.values())
    return Site(with_defaults(s.SETTINGS, content.settings), content.vocabularies, records)


def edges(raw: RawRecord) -> tuple:
    """What the graph takes from a record's file: its id, type, folder and references. An edit
    that leaves these as they were leaves every parent, child and link; only the orders by name,
    number or date (order_records) can move."""
    return raw.id, raw.path_id, raw.type, [(ref.target, ref.kinds, ref.field) for ref in raw.refs]


def order_records(records: Iterable[Record]) -> set[Record]:
    """Order every record's lists as its pages show them: children by number and name (those found
    by folder, then offers naming it as provider, in file order), backlinks by name, decisions
    newest first. Returns the records whose lists moved."""
    moved = set()
    for record in records:
        if record.children:
            found = sorted((c for c in record.children if not provided_offer(c)), key=lambda c: (order_key(c), c.rank))
            if len(found) < len(record.children):
                found += sorted((c for c in record.children if provided_offer(c)), key=lambda c: c.rank)
            if found != record.children:
                record.children[:] = found
                moved.add(record)
        if len(record.mentioned_in) > 1:
            found = sorted(record.mentioned_in, key=lambda r: (danish_sort_key(r.name), r.rank))
            if found != record.mentioned_in:
                record.mentioned_in[:] = found
                moved.add(record)
        if len(record.decided) > 1:  # a meeting without a valid date is reported
            by_date = sorted(record.decided, key=lambda pair: (-pair[0].sort_date.toordinal(), pair[0].rank, pair[1]))
            if by_date != record.decided:
                record.decided[:] = by_date
                moved.add(record)
    return moved


def provided_offer(record: Record) -> bool:
    return record.type == "offer" and bool(record.data.get("provider"))


def attach_parent(record: Record, raw: RawRecord, by_path: dict[str, Record], problems: Problems) -> None:
    wanted = PARENT_TYPES.get(record.type)
    if not wanted:
        return
    if record.type == "offer" and record.data.get("provider"):
        return  # linked in link_both_ways
    parts = raw.path_id.split("/")
    for depth in range(len(parts) - 1, 0, -1):
        candidate = by_path.get("/".join(parts[:depth]))
        if candidate is not None and candidate.type in wanted:
            record.parent = candidate
            candidate.children.append(record)
            return
    problems.add(record.path, 1, 1, "type", "msg_parent_folder_missing", type=record.type, kinds=wanted)


REF_FIELDS = {
    kind: [
        (name, isinstance(ftype, s.ListOf))
        for name, ftype in schema.fields.items()
        if isinstance(ftype, s.Ref) or (isinstance(ftype, s.ListOf) and isinstance(ftype.item, s.Ref))
    ]
    for kind, schema in s.RECORDS.items()
}


def resolve_refs(record: Record, raw: RawRecord, records: dict[str, Record]) -> None:
    data = record.data
    for name, many in REF_FIELDS[record.type]:
        if many:
            record.links[name] = [records[i] for i in data.get(name, []) if i in records]
        elif data.get(name) in records:
            record.links[name] = records[data[name]]
    for ref in raw.refs:
        target = records.get(ref.target)
        if target is not None and not ref.kinds and record not in target.mentioned_in:
            target.mentioned_in.append(record)


def link_both_ways(record: Record, records: dict[str, Record]) -> None:
    """Make relations visible from both ends: offers and initiatives, decisions, chapters."""
    data = record.data
    if record.type == "offer":
        provider = record.links.get("provider")
        if provider is not None:
            record.parent = provider
            provider.children.append(record)
        for initiative in record.links.get("initiatives", []):
            if record not in initiative.links.setdefault("offers", []):
                initiative.links["offers"].append(record)
    if record.type == "initiative":
        for offer in record.links.get("offers", []):
            if record not in offer.links.setdefault("initiatives", []):
                offer.links["initiatives"].append(record)
    if record.type == "meeting":
        for number, item in enumerate(data["items"]):
            for target_id in item.get("concerns", []):
                if target_id in records:
                    records[target_id].decided.append((record, number))
    if record.type == "strategy":
        if record.links.get("parent") is not None:
            record.links["parent"].links.setdefault("chapters", []).append(record)
        for owner in record.links.get("owners", []):
            owner.links.setdefault("owned_strategies", []).append(record)
