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
DEFAULT_BASE_URL = "http://localhost:8000/"  # the preview's address, when site.yaml names none


def twin_url(record: Record) -> str:
    return record.url + "index.json"


def strategy_json(strategy: Record) -> str:
    return f"data/{strategy.id}.json"


def strategy_csv(strategy: Record) -> str:
    return f"data/{strategy.id}.csv"


def strategy_feed(strategy: Record) -> str:
    return strategy.url + "atom.xml"


def feed_base(settings: dict) -> str:
    """Feeds need absolute addresses: the configured base URL, else the preview's."""
    return absolute_base(settings.get("base_url") or DEFAULT_BASE_URL)
