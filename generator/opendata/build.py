"""Every open data file of a build. Made from pieces kept between builds (the live preview): a
record's JSON twin and an initiative's CSV rows are made again only when a record they read
changed; the bulk files are those pieces joined, and a feed is written again only when its
entries changed. A full build makes every piece once."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ..model import Record, Site, nearest_of
from ..rollup import build_date
from . import feeds, table, urls
from .licence import licence
from .schema import schema_files
from .twin import twin_bytes, twin_reads


@dataclass
class Piece:
    reads: frozenset[str]
    body: bytes


@dataclass
class OpenData:
    twins: dict[str, Piece] = field(default_factory=dict)  # record id → its index.json
    rows: dict[str, Piece] = field(default_factory=dict)  # initiative id → its CSV rows
    feeds: dict[str, tuple[tuple, bytes]] = field(default_factory=dict)  # path → (what it shows, its bytes)
    shared: tuple = ()  # what every piece reads: settings, vocabularies, the date
    signatures: dict[str, tuple] = field(default_factory=dict)  # record id → signature, as of the last build
    schemas: dict[str, bytes] = field(default_factory=dict)

    def files(self, site: Site, signatures: dict[str, tuple] | None = None) -> dict[str, bytes]:
        """path → bytes of every open data file. `signatures` (incremental.signatures) tell which
        records changed since the last call; without them every piece is made again."""
        today = build_date()
        shared = (repr(site.settings), repr(site.vocabularies), repr(next(iter(site.catalogues.values())).messages), today)
        if signatures is None or shared != self.shared:
            self.twins, self.rows, self.feeds = {}, {}, {}
            self.schemas = schema_files(site.vocabularies)
            changed: set[str] = set()
        else:
            changed = {rid for rid, sig in signatures.items() if self.signatures.get(rid) != sig}
            changed |= self.signatures.keys() - signatures.keys()
        self.shared, self.signatures = shared, signatures or {}

        records = sorted(site.records.values(), key=lambda r: r.id)
        files: dict[str, bytes] = dict(self.schemas)
        for record in records:
            files[urls.twin_url(record)] = self.twin(record, changed)
        strategies = [record for record in records if record.type == "strategy"]
        rights = licence_text(site.settings, site.catalogues)
        for strategy in strategies:
            members = subtree(strategy)
            files[urls.strategy_json(strategy)] = bulk_json(strategy.name, site.settings, [files[urls.twin_url(r)] for r in members])
            files[urls.strategy_csv(strategy)] = self.csv([r for r in members if r.type == "initiative"], site, today, changed)
        files[urls.SITE_JSON] = bulk_json(site.settings.get("title"), site.settings, [files[urls.twin_url(r)] for r in records])
        in_order = [record for strategy in strategies for record in subtree(strategy) if record.type == "initiative"]
        files[urls.SITE_CSV] = self.csv(in_order, site, today, changed)
        files.update(self.feed_files(site, records, strategies, rights))
        self.twins = {rid: piece for rid, piece in self.twins.items() if rid in site.records}
        self.rows = {rid: piece for rid, piece in self.rows.items() if rid in site.records}
        return files

    def twin(self, record: Record, changed: set[str]) -> bytes:
        piece = self.twins.get(record.id)
        if piece is None or piece.reads & changed:
            piece = self.twins[record.id] = Piece(twin_reads(record), twin_bytes(record))
        return piece.body

    def csv(self, initiatives: list[Record], site: Site, today: dt.date, changed: set[str]) -> bytes:
        parts = [table.HEADER]
        for initiative in initiatives:
            piece = self.rows.get(initiative.id)
            if piece is None or piece.reads & changed:
                piece = self.rows[initiative.id] = Piece(table.row_reads(initiative), table.encode(table.rows(site, initiative, today)))
            parts.append(piece.body)
        return b"".join(parts)

    def feed_files(self, site: Site, records: list[Record], strategies: list[Record], rights: str) -> dict[str, bytes]:
        """The site's feed and each strategy's, each its newest feeds.ENTRIES changes."""
        newest = feeds.newest_first(records)
        strategy_of = nearest_of(site, "strategy")
        by_strategy: dict[str, list[Record]] = {strategy.id: [] for strategy in strategies}
        for record in newest:
            strategy = strategy_of.get(record.id)
            if strategy is not None and len(by_strategy[strategy.id]) < feeds.ENTRIES:
                by_strategy[strategy.id].append(record)
        base, t = urls.feed_base(site.settings), next(iter(site.catalogues.values()))
        wanted = [(urls.SITE_FEED, None, newest[:feeds.ENTRIES])]
        wanted += [(urls.strategy_feed(strategy), strategy, by_strategy[strategy.id]) for strategy in strategies]
        files, kept = {}, {}
        for path, strategy, entries in wanted:
            shows = (strategy and (strategy.id, strategy.version), *map(feeds.entry_signature, entries))
            cached = self.feeds.get(path)
            if cached is None or cached[0] != shows:
                cached = (shows, feeds.feed(entries, strategy, path, base, site.settings, rights, t))
            kept[path] = cached
            files[path] = cached[1]
        self.feeds = kept
        return files


def subtree(strategy: Record) -> list[Record]:
    """The strategy and everything below it (tracks, initiatives), in the order its pages show them."""
    found, todo = [], [strategy]
    while todo:
        record = todo.pop()
        found.append(record)
        todo.extend(reversed(record.children))
    return found


def licence_text(settings: dict, catalogues: dict) -> str:
    stated = licence(settings)
    t = next(iter(catalogues.values()))
    return stated["name"] if stated else t("data_licence_not_stated")


def bulk_json(title: str | None, settings: dict, twins: list[bytes]) -> bytes:
    """Records as in their index.json, joined into one document without parsing them again."""
    head = {"title": title, "licence": licence(settings), "schema": urls.BULK_SCHEMA,
            "base_url": settings.get("base_url") or None}
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True, indent=2)[:-2] + ',\n  "records": [\n'
    return opening.encode("utf-8") + b",\n".join(twin.rstrip(b"\n") for twin in twins) + b"\n]}\n"

