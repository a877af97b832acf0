"""Bulk JSON: every record of a strategy, or of the whole site, in one file."""

from __future__ import annotations

import json

from ..model import SITE, Record, Site
from .twin import twin
from .urls import BULK_SCHEMA


def subtree(strategy: Record) -> list[Record]:
    """The strategy and everything below it (tracks, initiatives), in the order its pages show them."""
    found, todo = [], [strategy]
    while todo:
        record = todo.pop()
        found.append(record)
        todo.extend(reversed(record.children))
    return found


def strategies(site: Site) -> list[Record]:
    return sorted(site.of_type("strategy"), key=lambda r: r.id)


def scope(site: Site, strategy: Record | None, reads: set[str]) -> list[Record]:
    """The records a bulk file holds: the strategy's, or (None) all the site's, by id. Noted as reads,
    and for the whole site also which records exist."""
    if strategy is None:
        reads.add(SITE)
        records = sorted(site.records.values(), key=lambda r: r.id)
    else:
        records = subtree(strategy)
    reads.update(record.id for record in records)
    return records


def bulk_json(site: Site, strategy: Record | None, base_url: str, licence: str, reads: set[str]) -> bytes:
    records = scope(site, strategy, reads)
    body = {
        "title": strategy.name if strategy else site.settings.get("title"),
        "licence": licence,
        "schema": BULK_SCHEMA,
        "base_url": base_url or None,
        "records": [twin(record, base_url, reads) for record in records],
    }
    # Compact: the site-wide file holds every record.
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
