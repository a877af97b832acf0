"""Every open data file of a build. Made from pieces kept between builds (the live preview): a
record's JSON twin and an initiative's CSV rows are made again only when a record they read
changed; the bulk files are those pieces joined, and a feed is written again only when its
entries changed. A full build makes every piece once."""

from __future__ import annotations

import datetime as dt
import heapq
import json
from dataclasses import dataclass, field

from ..model import Record, Site, subtree
from ..readers import Readers
from ..rollup import build_date
from . import feeds, table, urls
from .licence import licence
from .schema import schema_files
from .twin import twin_bytes, twin_reads


@dataclass(eq=False)  # compared by identity: a piece made again is a new object
class Piece:
    reads: frozenset[str]
    file: bytes  # as its own file (a twin), or as its lines of a CSV file
    body: bytes | memoryview  # as it goes into a bulk file: a twin without its last newline, not copied


@dataclass(eq=False)
class Strategy:
    """A strategy's files, kept while none of its pieces was made again."""
    pieces: tuple[Piece, ...]
    json: bytes
    rows: bytes  # its initiatives' CSV rows, joined
    csv: bytes
    feed: bytes


BLOCK = 200  # records per cached stretch of the site's bulk JSON


@dataclass
class OpenData:
    twins: dict[str, Piece] = field(default_factory=dict)  # record id → its index.json
    rows: dict[str, Piece] = field(default_factory=dict)  # initiative id → its CSV rows
    strategies: dict[str, Strategy] = field(default_factory=dict)  # strategy id → its joined files
    blocks: dict[int, tuple[tuple[Piece, ...], bytes]] = field(default_factory=dict)  # stretch of alle.json
    site_feed: tuple[tuple, bytes] = ((), b"")
    site_files: dict[str, tuple[tuple, bytes]] = field(default_factory=dict)  # alle.json, indsatser.csv: (parts, bytes)
    shared: tuple = ()  # what every piece reads: settings, vocabularies, feed texts, the date
    signatures: dict[str, tuple] = field(default_factory=dict)  # record id → signature, as of the last build
    schemas: dict[str, bytes] = field(default_factory=dict)
    twin_readers: Readers = field(default_factory=Readers)  # read → the ids of the twins that read it
    row_readers: Readers = field(default_factory=Readers)  # read → the ids of the initiatives whose rows read it
    records: dict | None = None  # the site.records the last files were made from
    order: list[Record] = field(default_factory=list)  # its records by id, as the bulk files list them
    made: dict[str, bytes] = field(default_factory=dict)  # the last files

    def files(self, site: Site, signatures: dict[str, tuple] | None = None, changed: set[str] | None = None) -> dict[str, bytes]:
        """path → bytes of every open data file. `signatures` (incremental.signatures) tell which
        records changed since the last call; without them every piece is made again. `changed`:
        the ids of the records whose signatures changed, when the caller knows and the site is the
        last call's, changed in place (incremental.py, patch.py)."""
        today = build_date()
        shared = (repr(site.settings), repr(site.vocabularies), repr(next(iter(site.catalogues.values())).messages), today)
        if signatures is None or shared != self.shared:
            self.twins, self.rows, self.strategies, self.blocks, self.site_feed, self.site_files = {}, {}, {}, {}, ((), b""), {}
            self.twin_readers, self.row_readers, self.records = Readers(), Readers(), None
            self.schemas = schema_files(site.vocabularies)
            changed = set()
        elif changed is not None and site.records is self.records:
            self.signatures = signatures
            return self.update(site, today, changed)
        else:
            changed = {rid for rid, sig in signatures.items() if self.signatures.get(rid) != sig}
            changed |= self.signatures.keys() - signatures.keys()
        self.shared, self.signatures = shared, signatures or {}

        records = self.order = sorted(site.records.values(), key=lambda r: r.id)
        files: dict[str, bytes] = dict(self.schemas)
        for record in records:
            files[urls.twin_url(record)] = self.twin(record, changed).file
        kept = {}
        for strategy in (record for record in records if record.type == "strategy"):
            kept[strategy.id] = self.strategy(site, strategy, today, changed)
            strategy_files(files, strategy, kept[strategy.id])
        self.strategies = kept
        for gone in self.twins.keys() - site.records.keys():
            self.twin_readers.note(gone, self.twins.pop(gone), None)
        for gone in self.rows.keys() - site.records.keys():
            self.row_readers.note(gone, self.rows.pop(gone), None)
        return self.site_wide(site, files)

    def update(self, site: Site, today: dt.date, changed: set[str]) -> dict[str, bytes]:
        """The files again for the same records, `changed` of them changed: only the pieces that
        read those are made again, and only the strategies holding such a piece joined again."""
        files, records = dict(self.made), site.records
        twins, rows = self.twin_readers.of(changed), self.row_readers.of(changed)
        for record_id in twins:
            files[urls.twin_url(records[record_id])] = self.twin(records[record_id], changed).file
        holding = {ancestor.id for record_id in twins | rows for ancestor in [records[record_id], *records[record_id].ancestors()]
                   if ancestor.type == "strategy"}
        for strategy_id in holding:
            self.strategies[strategy_id] = self.strategy(site, records[strategy_id], today, changed)
            strategy_files(files, records[strategy_id], self.strategies[strategy_id])
        return self.site_wide(site, files)

    def site_wide(self, site: Site, files: dict[str, bytes]) -> dict[str, bytes]:
        """Add the site's bulk files and feed to `files`, and keep them as the last files made."""
        blocks = self.site_records([self.twins[record.id] for record in self.order])
        files[urls.SITE_JSON] = self.joined(urls.SITE_JSON, blocks, lambda: bulk_json(site.settings.get("title"), site.settings, blocks))
        rows = [done.rows for done in self.strategies.values()]
        files[urls.SITE_CSV] = self.joined(urls.SITE_CSV, rows, lambda: b"".join([table.HEADER, *rows]))
        files[urls.SITE_FEED] = self.site_feed_file(site, self.order)
        self.records, self.made = site.records, files
        return files

    def joined(self, path: str, parts: list[bytes], join) -> bytes:
        """A site-wide file joined from `parts` again only when one of them changed (compared by
        identity first, so an unchanged part costs nothing): the same bytes object is not written again."""
        cached = self.site_files.get(path)
        if cached is None or cached[0] != tuple(parts):
            cached = self.site_files[path] = (tuple(parts), join())
        return cached[1]

    def twin(self, record: Record, changed: set[str]) -> Piece:
        piece = self.twins.get(record.id)
        if piece is None or piece.reads & changed:
            data = twin_bytes(record)
            fresh = self.twins[record.id] = Piece(twin_reads(record), data, memoryview(data)[:-1])
            self.twin_readers.note(record.id, piece, fresh)
            piece = fresh
        return piece

    def row(self, site: Site, initiative: Record, today: dt.date, changed: set[str]) -> Piece:
        piece = self.rows.get(initiative.id)
        if piece is None or piece.reads & changed:
            data = table.encode(table.rows(site, initiative, today))
            fresh = self.rows[initiative.id] = Piece(table.row_reads(initiative), data, data)
            self.row_readers.note(initiative.id, piece, fresh)
            piece = fresh
        return piece

    def site_records(self, pieces: list[Piece]) -> list[bytes]:
        """The site's twins joined in stretches of BLOCK, each joined again only when one of its pieces changed."""
        joined, kept = [], {}
        for start in range(0, len(pieces), BLOCK):
            stretch = tuple(pieces[start:start + BLOCK])
            cached = self.blocks.get(start)
            if cached is None or cached[0] != stretch:
                cached = (stretch, b",\n".join(piece.body for piece in stretch))
            kept[start] = cached
            joined.append(cached[1])
        self.blocks = kept
        return joined

    def strategy(self, site: Site, strategy: Record, today: dt.date, changed: set[str]) -> Strategy:
        members = subtree(strategy)
        twins = [self.twins[record.id] for record in members]
        rows = [self.row(site, record, today, changed) for record in members if record.type == "initiative"]
        pieces = (*twins, *rows)
        cached = self.strategies.get(strategy.id)
        if cached is not None and cached.pieces == pieces:
            return cached
        entries = feeds.newest_first(members)[:feeds.ENTRIES]
        feed = feeds.feed(entries, strategy, urls.strategy_feed(strategy), urls.feed_base(site.settings), site.settings,
                          licence_text(site.settings, site.catalogues), next(iter(site.catalogues.values())))
        rows_joined = b"".join(piece.body for piece in rows)
        return Strategy(pieces, bulk_json(strategy.name, site.settings, [piece.body for piece in twins]), rows_joined,
                        table.HEADER + rows_joined, feed)

    def site_feed_file(self, site: Site, records: list[Record]) -> bytes:
        """The site's feed: its newest feeds.ENTRIES changes, written again only when they changed."""
        entries = heapq.nsmallest(feeds.ENTRIES, (r for r in records if r.updated is not None),
                                  key=lambda r: (-r.updated.toordinal(), r.id))
        shows = tuple(map(feeds.entry_signature, entries))
        if self.site_feed[0] != shows or not self.site_feed[1]:
            self.site_feed = (shows, feeds.feed(entries, None, urls.SITE_FEED, urls.feed_base(site.settings), site.settings,
                                                licence_text(site.settings, site.catalogues), next(iter(site.catalogues.values()))))
        return self.site_feed[1]


def strategy_files(files: dict[str, bytes], strategy: Record, done: Strategy) -> None:
    files[urls.strategy_json(strategy)], files[urls.strategy_csv(strategy)] = done.json, done.csv
    files[urls.strategy_feed(strategy)] = done.feed


def licence_text(settings: dict, catalogues: dict) -> str:
    stated = licence(settings)
    t = next(iter(catalogues.values()))
    return stated["name"] if stated else t("data_licence_not_stated")


def bulk_json(title: str | None, settings: dict, twins: list[bytes | memoryview]) -> bytes:
    """Records as in their index.json (`twins`: each, or stretches of them joined by ",\\n"), in one
    document without parsing them again."""
    head = {"title": title, "licence": licence(settings), "schema": urls.BULK_SCHEMA,
            "base_url": settings.get("base_url") or None}
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True, indent=2)[:-2] + ',\n  "records": [\n'
    parts = [opening.encode("utf-8")]
    for stretch in twins:
        parts += [stretch, b",\n"]
    parts[-1:] = [b"\n]}\n"]  # one join: the site's file is tens of megabytes
    return b"".join(parts)

