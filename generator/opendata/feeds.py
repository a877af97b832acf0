"""Atom feeds (RFC 4287) of the records that changed last: one for the site, one per strategy.

A record's change date is its `updated` (git history, else the file's modification time). Ids are
`urn:uuid:` names derived from the record id and its change date, so they are absolute IRIs
without knowing where the site is published, stay the same from build to build, survive a move to
another address, and a record changed again becomes a new entry. Links are absolute when the base
URL is known; otherwise they are relative to the feed file, which RFC 4287 allows for links."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from ..i18n import Catalogue
from ..links import relative_href
from ..model import Record, Site
from ..route import page_path
from .bulk import scope

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50  # per feed: the newest changes
NAMESPACE = uuid.UUID("5f0d6c1e-2b8a-4e43-9a57-0c1f3e2d7b90")  # Retning's, for uuid5 names
EPOCH = dt.date(1970, 1, 1)  # a feed of no records


def urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def rfc3339(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def newest(records: list[Record]) -> list[Record]:
    dated = [record for record in records if record.updated is not None]
    return sorted(dated, key=lambda r: (-r.updated.toordinal(), r.id))[:ENTRIES]


class FeedWriter:
    def __init__(self, feed_path: str, base_url: str):
        self.feed_path, self.base_url = feed_path, base_url

    def href(self, path: str, pretty_url: str | None = None) -> str:
        if self.base_url:
            return self.base_url + (pretty_url if pretty_url is not None else path)
        return relative_href(self.feed_path, path)

    def page(self, url: str) -> str:
        return self.href(page_path(url), url)


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def feed(site: Site, strategy: Record | None, feed_path: str, base_url: str, licence: str, catalogue: Catalogue,
         reads: set[str]) -> bytes:
    records = newest(scope(site, strategy, reads))
    writer = FeedWriter(feed_path, base_url)
    site_title = site.settings.get("title") or "Retning"
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": catalogue.language})
    add(root, "id", urn(f"feed:{strategy.id if strategy else ''}"))
    add(root, "title", catalogue("feed_title", title=strategy.name if strategy else site_title))
    add(root, "subtitle", catalogue("feed_subtitle"))
    add(root, "updated", rfc3339(records[0].updated if records else EPOCH))
    add(root, "link", rel="self", type="application/atom+xml", href=writer.href(feed_path))
    add(root, "link", rel="alternate", type="text/html", href=writer.page(strategy.url if strategy else ""))
    author = add(root, "author")
    add(author, "name", site.settings.get("publisher") or site_title)
    add(root, "rights", licence)
    add(root, "generator", "Retning")
    for record in records:
        entry = add(root, "entry")
        add(entry, "id", urn(f"{record.id}@{record.updated.isoformat()}"))
        add(entry, "title", record.name)
        add(entry, "updated", rfc3339(record.updated))
        add(entry, "link", rel="alternate", type="text/html", href=writer.page(record.url))
        add(entry, "category", term=record.type, label=catalogue(f"kind_{record.type}"))
        if record.data.get("summary"):
            add(entry, "summary", record.data["summary"])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=ATOM) + b"\n"
