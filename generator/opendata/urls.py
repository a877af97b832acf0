"""Where the open data files live in site/ (paths relative to the site root). They are language
neutral: written once, at the main language's paths; every language's pages link to the same files."""

from __future__ import annotations

from generator.model.records import Record
from generator.site.route import absolute_base

DATA_PAGE = "data/"
SITE_JSON = "data/alle.json.gz"  # tens of megabytes at 10,000 records unpacked: a sixth of that packed
SITE_CSV = "data/indsatser.csv"
SITE_FEED = "atom.xml"
TWIN_SCHEMA = "data/schema/post.schema.json"  # one record's index.json
BULK_SCHEMA = "data/schema/samling.schema.json"  # data/alle.json.gz (unpacked) and a strategy's .json


def twin_url(record: Record) -> str:
    return record.url + "index.json"


def strategy_json(strategy: Record) -> str:
    return f"data/{strategy.id}.json"


def strategy_csv(strategy: Record) -> str:
    return f"data/{strategy.id}.csv"


def strategy_feed(strategy: Record) -> str:
    return strategy.url + "atom.xml"


def feed_base(settings: dict, feed_path: str) -> str:
    """What the links of the feed at `feed_path` start with: the configured base URL, else the way
    from the feed up to the site's root ("../../"; "./" at the root, as "" would name the feed
    itself). RFC 4287 resolves a relative reference against the feed's own address, as readers do."""
    return absolute_base(settings.get("base_url")) or "../" * feed_path.count("/") or "./"
