"""What the Data page lists: the whole site's files, and each strategy's by organisation."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.slugs import danish_sort_key
from generator.model.records import Record, Site
from generator.opendata import urls
from generator.opendata.licence import licence


@dataclass(frozen=True)
class StrategyFiles:
    strategy: Record
    json: str
    csv: str
    feed: str


def downloads(site: Site) -> dict:
    """The files and licence the Data page shows. Every strategy is listed, so the page reads them all."""
    strategies = sorted(site.of_type("strategy"), key=lambda s: (danish_sort_key(owner_name(s)), s.sort_name, s.id))
    return {
        "site": {"json": urls.SITE_JSON, "csv": urls.SITE_CSV, "feed": urls.SITE_FEED},
        "schemas": {"twin": urls.TWIN_SCHEMA, "bulk": urls.BULK_SCHEMA},
        "licence": licence(site.settings),
        "strategies": [StrategyFiles(s, urls.strategy_json(s), urls.strategy_csv(s), urls.strategy_feed(s)) for s in strategies],
    }


def owner_name(strategy: Record) -> str:
    owner = strategy.nearest("organisation")
    return owner.name if owner else ""


def data_reads(site: Site) -> set[str]:
    """The records the Data page depends on: every strategy (name, place) and their owners."""
    found = set()
    for strategy in site.of_type("strategy"):
        found.add(strategy.id)
        found.update(ancestor.id for ancestor in strategy.ancestors())
    return found
