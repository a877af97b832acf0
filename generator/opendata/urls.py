"""Where the open data files live in site/ (paths relative to the site root)."""

from __future__ import annotations

from ..model import Record

DATA_PAGE = "data/"
SITE_JSON = "data/alt.json"
SITE_CSV = "data/indsatser.csv"
SITE_FEED = "atom.xml"
SCHEMA_FOLDER = "data/schema/"
TWIN_SCHEMA = SCHEMA_FOLDER + "post.schema.json"  # one record's index.json
BULK_SCHEMA = SCHEMA_FOLDER + "samling.schema.json"  # alt.json and a strategy's .json
# Published schemas: the JSON files', then the content files' (generator/jsonschema.py, for editors).
SCHEMAS = ("post.schema.json", "samling.schema.json", "record.schema.json", "site.schema.json", "vocabulary.schema.json")


def twin_url(record: Record) -> str:
    return record.url + "index.json"


def strategy_json(strategy: Record) -> str:
    return f"data/{strategy.id}.json"


def strategy_csv(strategy: Record) -> str:
    return f"data/{strategy.id}.csv"


def strategy_feed(strategy: Record) -> str:
    return strategy.url + "atom.xml"


def absolute(base_url: str, url: str) -> str | None:
    """The published address of a site path, when the base URL is known."""
    return base_url + url if base_url else None
