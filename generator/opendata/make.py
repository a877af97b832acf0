"""Open data outputs are made by Python instead of a template: the route stage names the maker as
the output's template, the renderer calls it, and the maker notes what it read for the live preview."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable

from ..i18n import Catalogue
from ..model import Site
from ..rollup import build_date
from ..route import BULK_CSV, BULK_JSON, FEED, SCHEMA, TWIN
from .bulk import bulk_json
from .feeds import feed
from .schema import schema_file
from .table import bulk_csv
from .twin import twin

DEFAULT_LICENCE = "CC BY 4.0"


def licence(settings: dict) -> str:
    return settings.get("data_licence") or DEFAULT_LICENCE


def twin_file(site: Site, output, base_url: str, catalogue: Catalogue, reads: set[str]) -> bytes:
    body = twin(output.record, base_url, reads)
    return (json.dumps(body, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


MAKERS: dict[str, Callable[[Site, object, str, Catalogue, set[str]], bytes]] = {
    TWIN: twin_file,
    BULK_JSON: lambda site, output, base_url, catalogue, reads: bulk_json(
        site, output.record, base_url, licence(site.settings), reads),
    BULK_CSV: lambda site, output, base_url, catalogue, reads: bulk_csv(site, output.record, base_url, build_date(), reads),
    FEED: lambda site, output, base_url, catalogue, reads: feed(
        site, output.record, output.path, base_url, licence(site.settings), catalogue, reads),
    SCHEMA: lambda site, output, base_url, catalogue, reads: schema_file(posixpath.basename(output.path), site.vocabularies),
}
