"""Every open data file of a build, each piece made through the dependency store (depends.py): a
record's JSON twin and an initiative's CSV rows are made again only when something they read
changed, and the files joined from pieces (a strategy's files, stretches of the site's bulk JSON,
the site's CSV and feed) only when one of their pieces did. A full build makes every piece once."""

from __future__ import annotations

import json

from zlib_ng import zlib_ng  # zlib's interface over zlib-ng: level 6 in half the time, and a little smaller

from generator.core.depends import Run, note, note_all
from generator.model.deadlines import today
from generator.model.records import Record, Site, subtree
from generator.opendata import feeds, table, urls
from generator.opendata.licence import licence
from generator.opendata.schema import schema_files
from generator.opendata.twin import twin_bytes, twin_reads

BLOCK = 200  # records per stretch of the site's bulk JSON made and kept as one piece
PACKING = 6  # gzip level of the site's bulk JSON: 9 packs 2 % smaller at twice the time


def open_data_files(site: Site, run: Run) -> dict[str, bytes]:
    """path → bytes of every open data file."""
    files: dict[str, bytes] = dict(run.take("schemas", lambda: schemas(site)))
    files.update(run.each("twin", twin_paths(site), made_twin))
    run.each("rows", site.by_id("initiative"), lambda initiative: made_rows(site, initiative))
    strategies = run.each("strategy", site.by_id("strategy"), lambda strategy: strategy_files(run, site, strategy))
    for done, _ in strategies.values():
        files.update(done)
    blocks = stretches(site)
    run.each("stretch", blocks, lambda block: packed(b",\n".join(memoryview(twin(run, record))[:-1] for record in block)))

    def bulk() -> bytes:
        stretches = run.read("stretch")
        return packed_bulk_json(site.settings.get("title"), settings(site), [stretches[ids] for ids in blocks])

    def csv() -> bytes:
        done = run.read("strategy")
        return b"".join([table.HEADER, *(done[strategy_id][1] for strategy_id in sorted(done))])

    files[urls.SITE_JSON] = run.take(urls.SITE_JSON, bulk)
    files[urls.SITE_CSV] = run.take(urls.SITE_CSV, csv)
    files[urls.SITE_FEED] = run.take(urls.SITE_FEED, lambda: site_feed(site, list(site.by_id().values())))
    return files


def schemas(site: Site) -> dict[str, bytes]:
    note(("site", "vocabularies"))
    return schema_files(site.vocabularies)


def settings(site: Site) -> dict:
    note(("site", "settings"))
    return site.settings


def twin_paths(site: Site) -> dict[str, Record]:
    """Each record's twin by its path, kept with the site (like Site.by_id)."""
    if "twin paths" not in site.indexes:
        site.indexes["twin paths"] = {urls.twin_url(record): record for record in site.by_id().values()}
    return site.indexes["twin paths"]


def stretches(site: Site) -> dict[tuple[str, ...], list[Record]]:
    """The records in stretches of BLOCK, by their ids, as the bulk JSON lists them (kept with the site)."""
    if "stretches" not in site.indexes:
        order = list(site.by_id().values())
        site.indexes["stretches"] = {
            tuple(record.id for record in order[start : start + BLOCK]): order[start : start + BLOCK]
            for start in range(0, len(order), BLOCK)
        }
    return site.indexes["stretches"]


def made_twin(record: Record) -> bytes:
    note_all(("record", r.id) for r in twin_reads(record))
    return twin_bytes(record)


def made_rows(site: Site, initiative: Record) -> bytes:
    note_all(("record", r.id) for r in table.row_reads(initiative))
    settings(site)  # the base URL
    return table.encode(table.rows(site, initiative, today()))


def twin(run: Run, record: Record) -> bytes:
    """A record's twin, read by something made of it."""
    return run.make(("twin", urls.twin_url(record)), lambda: made_twin(record))


def rows(run: Run, site: Site, initiative: Record) -> bytes:
    """An initiative's CSV rows, read by something made of them."""
    return run.make(("rows", initiative.id), lambda: made_rows(site, initiative))


def strategy_files(run: Run, site: Site, strategy: Record) -> tuple[dict[str, bytes], bytes]:
    """A strategy's JSON, CSV and feed, and its initiatives' CSV rows joined (for the site's CSV)."""
    members = subtree(strategy)
    note_all(("record", record.id) for record in members)
    twins: list[bytes | memoryview] = [memoryview(twin(run, record))[:-1] for record in members]
    joined = b"".join(rows(run, site, record) for record in members if record.type == "initiative")
    main = next(iter(site.catalogues.values()))
    feed = feeds.feed(
        feeds.newest(members),
        strategy,
        urls.strategy_feed(strategy),
        urls.feed_base(settings(site), urls.strategy_feed(strategy)),
        site.settings,
        licence_text(site.settings, site.catalogues),
        main,
        lambda vocabulary, key: site.label(vocabulary, key, main.language),
    )
    return {
        urls.strategy_json(strategy): bulk_json(strategy.name, site.settings, twins),
        urls.strategy_csv(strategy): table.HEADER + joined,
        urls.strategy_feed(strategy): feed,
    }, joined


def site_feed(site: Site, records: list[Record]) -> bytes:
    """The site's feed: its newest feeds.ENTRIES changes."""
    note_all(("record", record.id) for record in records)
    main = next(iter(site.catalogues.values()))
    return feeds.feed(
        feeds.newest(records),
        None,
        urls.SITE_FEED,
        urls.feed_base(settings(site), urls.SITE_FEED),
        site.settings,
        licence_text(site.settings, site.catalogues),
        main,
        lambda vocabulary, key: site.label(vocabulary, key, main.language),
    )


def licence_text(settings: dict, catalogues: dict) -> str:
    stated = licence(settings)
    t = next(iter(catalogues.values()))
    return stated["name"] if stated else t("data_licence_not_stated")


def packed(data: bytes) -> bytes:
    """A gzip member; members joined are one gzip file (RFC 1952), so an edit packs one stretch
    again, not the whole file. No time in the header: the same records give the same bytes."""
    return zlib_ng.compress(data, PACKING, wbits=31)  # 16 + 15: a gzip member, its time 0


SEPARATOR = packed(b",\n")


def packed_bulk_json(title: str | None, settings: dict, stretches: list[bytes]) -> bytes:
    """bulk_json's document, gzip-compressed, from stretches packed on their own (packed())."""
    return b"".join([packed(bulk_opening(title, settings)), SEPARATOR.join(stretches), packed(BULK_CLOSING)])


def bulk_json(title: str | None, settings: dict, twins: list[bytes | memoryview]) -> bytes:
    """Records as in their index.json (`twins`: each, or stretches of them joined by ",\n"), in one
    document without parsing them again."""
    parts: list[bytes | memoryview] = [bulk_opening(title, settings)]
    for stretch in twins:
        parts += [stretch, b",\n"]
    parts[-1:] = [BULK_CLOSING] if twins else [parts[-1], BULK_CLOSING]  # one join: the site's file is tens of megabytes
    return b"".join(parts)


def bulk_opening(title: str | None, settings: dict) -> bytes:
    head = {"title": title, "licence": licence(settings), "schema": urls.BULK_SCHEMA, "base_url": settings.get("base_url") or None}
    return (json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[:-1] + ',"records":[\n').encode("utf-8")


BULK_CLOSING = b"\n]}\n"
