"""Atom feeds (RFC 4287) of the newest changes: one for the site, one per strategy.

Each committed change of a record (its history, from git) is an entry that says in words what
changed, with the commit's change note; a record without history (outside a git checkout) is one
entry dated by its `updated` (the file's modification time). Entry ids are `urn:uuid:` names
derived from the record id and the commit (or that date) (uuid5), so they are absolute IRIs that
stay the same from build to build and survive a move to another address. Links are absolute
when the site has a base URL (site.yaml's base_url or build --base-url); without one they are
relative to the feed's own address, which RFC 4287 allows and readers resolve (urls.feed_base).
A feed holds the ENTRIES newest changes; it is dated by its newest entry, never by the build's clock."""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from generator.content.changes import Change
from generator.core.i18n import Catalogue
from generator.model.records import Record
from generator.opendata.urls import twin_url
from generator.site.change_text import describe_change

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50  # per feed: the newest changes
NAMESPACE = uuid.UUID("5f0d6c1e-2b8a-4e43-9a57-0c1f3e2d7b90")  # Retning's, for uuid5 names
EPOCH = dt.date(1970, 1, 1)  # the date of a feed without entries


def urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


@dataclass(frozen=True)
class Entry:
    record: Record
    date: dt.date
    key: str  # the commit, or the date of a record without history
    change: Change | None


def entries_of(record: Record) -> list[Entry]:
    if record.history:
        return [Entry(record, change.date, change.commit, change) for change in record.history]
    return [Entry(record, record.updated, record.updated.isoformat(), None)] if record.updated else []


def order(entry: Entry) -> tuple:
    return -entry.date.toordinal(), entry.record.id, entry.key


def entry_id(entry: Entry) -> str:
    return urn(f"{entry.record.id}@{entry.key}")


def rfc3339(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def newest(records: list[Record]) -> list[Entry]:
    """The ENTRIES newest changes of `records`, newest first."""
    return heapq.nsmallest(ENTRIES, (entry for record in records for entry in entries_of(record)), key=order)


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def feed(
    entries: list[Entry],
    strategy: Record | None,
    feed_path: str,
    base: str,
    settings: dict,
    rights: str,
    t: Catalogue,
    label: Callable[[str, str], str],
) -> bytes:
    """The feed of `entries` (newest first): of `strategy`, or of the whole site for None."""
    site_title = settings.get("title") or "Retning"
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": t.language})  # written as is: children need no prefix
    add(root, "id", urn(f"feed:{strategy.id if strategy else ''}"))
    add(root, "title", t("feed_title", title=strategy.name if strategy else site_title))
    add(root, "subtitle", t("feed_subtitle"))
    add(root, "updated", rfc3339(entries[0].date if entries else EPOCH))
    add(root, "link", rel="self", type="application/atom+xml", href=base + feed_path)
    add(root, "link", rel="alternate", type="text/html", href=base + (strategy.url if strategy else ""))
    author = add(root, "author")
    add(author, "name", settings.get("publisher") or site_title)
    add(root, "rights", rights)
    add(root, "generator", "Retning")
    for found in entries:
        record = found.record
        words = describe_change(found.change, record.type, t, label) if found.change else []
        entry = add(root, "entry")
        add(entry, "id", entry_id(found))
        add(entry, "title", t("change_feed_title", title=record.name, change=words[0]) if words else record.name)
        add(entry, "updated", rfc3339(found.date))
        add(entry, "link", rel="alternate", type="text/html", href=base + record.url)
        add(entry, "link", rel="alternate", type="application/json", href=base + twin_url(record))
        add(entry, "category", term=record.type, label=t(f"feed_kind_{record.type}"))
        if found.change:
            note = f" {t('change_note_label')}: {found.change.note}" if found.change.note else ""
            add(entry, "summary", ". ".join(words) + "." + note)
        else:
            summary = record.data.get("summary")
            add(entry, "summary", summary if isinstance(summary, str) and summary else t("feed_changed", title=record.name))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
