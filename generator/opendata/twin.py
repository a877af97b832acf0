"""A record as JSON: its fields, its resolved references and what the site computes about it."""

from __future__ import annotations

from ..dates import PartialDate
from ..model import REF_FIELDS, Record
from ..rollup import initiatives_below, rollup
from .urls import absolute

PROGRESS_TYPES = ("strategy", "track", "initiative")
STATUS_FIELDS = {"strategy", "initiative"}  # types whose `status` field says how far they have got


def plain(value):
    """Field values as JSON: partial dates as ISO text (2021-H2), the rest as it is."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def reference(record: Record, base_url: str, fragment: str = "") -> dict:
    url = record.url + (f"#{fragment}" if fragment else "")
    found = {"id": record.id, "url": url}
    if base_url:
        found["absolute_url"] = absolute(base_url, url)
    return found


def references(record: Record, base_url: str) -> dict:
    links: dict = {name: [] if many else None for name, many in REF_FIELDS[record.type]}
    for name, value in record.links.items():
        links[name] = [reference(r, base_url) for r in value] if isinstance(value, list) else reference(value, base_url)
    return {
        "parent": reference(record.parent, base_url) if record.parent else None,
        "children": [reference(child, base_url) for child in record.children],
        "links": links,
        "mentioned_in": [reference(other, base_url) for other in record.mentioned_in],
        "decisions": [decision(meeting, item, base_url) for meeting, item in record.decisions],
    }


def decision(meeting: Record, item: dict, base_url: str) -> dict:
    """A decision about the record: the meeting, and the agenda item (its anchor on the meeting's page)."""
    at = reference(meeting, base_url, f"punkt-{item['number']}")
    del at["id"]
    return {"meeting": reference(meeting, base_url), "item": {"number": item["number"], **at}, "outcome": item.get("outcome")}


def progress(record: Record) -> dict | None:
    """Initiatives and measures counted by how far they got (an initiative counts itself)."""
    if record.type not in PROGRESS_TYPES:
        return None
    return {name: {key: count for key, _, count in buckets} for name, buckets in rollup(record).items()}


def twin(record: Record, base_url: str, reads: set[str]) -> dict:
    """The record's JSON twin; notes in `reads` the records it depends on besides itself."""
    reads.add(record.id)  # its references are part of its own signature (ids only, no titles)
    if record.type in PROGRESS_TYPES:
        reads.update(initiative.id for initiative in initiatives_below(record))
        reads.update(ancestor.id for ancestor in record.ancestors())  # whether its strategy is adopted
    found = {
        "id": record.id,
        "type": record.type,
        "title": record.name,
        "url": record.url,
        "updated": record.updated.isoformat() if record.updated else None,
        "status": record.data.get("status") if record.type in STATUS_FIELDS else None,
        "progress": progress(record),
        "fields": {name: plain(value) for name, value in record.data.items() if name not in ("type", "id")},
        "references": references(record, base_url),
    }
    if base_url:
        found["absolute_url"] = absolute(base_url, record.url)
    return found
