"""A record as JSON (its page's index.json): its fields, its resolved references and what the site
computes about it. URLs are relative to the site's root, so the same file is right wherever the
site is published (the bulk files name the base URL)."""

from __future__ import annotations

import json
from dataclasses import asdict

from generator.core.dates import PartialDate
from generator.model.deadlines import initiative_state, measure_state
from generator.model.records import REF_FIELDS, Record, subtree
from generator.model.targets import percent
from generator.site.rollup import rollup

PROGRESS_TYPES = ("strategy", "track", "initiative")
STATUS_TYPES = ("strategy", "initiative")  # types whose `status` field says how far they have got


def plain(value: object) -> object:
    """Field values as JSON: partial dates as ISO text (2021-H2), the rest as it is."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def reference(record: Record) -> dict:
    return {"id": record.id, "url": record.url}


def references(record: Record) -> dict:
    links: dict = {name: [] if many else None for name, many in REF_FIELDS[record.type]}
    for name, value in record.links.items():
        links[name] = [reference(r) for r in value] if isinstance(value, list) else reference(value)
    return {
        "parent": reference(record.parent) if record.parent else None,
        "children": [reference(child) for child in record.children],
        "links": links,
        "mentioned_in": [reference(other) for other in record.mentioned_in],
        "decisions": [decision(meeting, item) for meeting, item in record.decisions],
    }


def decision(meeting: Record, item: dict) -> dict:
    """A decision about the record: the meeting, and the agenda item (its anchor on the meeting's page)."""
    return {
        "meeting": reference(meeting),
        "item": item["number"],
        "url": f"{meeting.url}#punkt-{item['number']}",
        "outcome": item.get("outcome"),
    }


def progress(record: Record) -> dict | None:
    """Initiatives and measures counted by how far they got (an initiative counts itself)."""
    if record.type not in PROGRESS_TYPES:
        return None
    return {name: dict(states) for name, states in rollup(record).items()}


def measures(record: Record) -> list[dict] | None:
    """What the site computes for each of an initiative's measures, in the order of fields.measures."""
    if record.type != "initiative":
        return None
    return [
        {
            "anchor": measure.get("id") or f"maalepunkt-{number}",
            "deadline_state": measure_state(record, measure),
            "share_of_way": percent(measure),
        }
        for number, measure in enumerate(record.data["measures"], 1)
    ]


def twin_reads(record: Record) -> list[Record]:
    """The records a twin depends on: itself (its references are in its own signature, as ids), and
    for progress its ancestors (is its strategy adopted?) and everything below it (which tracks hold
    which initiatives, and their statuses)."""
    if record.type not in PROGRESS_TYPES:
        return [record]
    return [*record.ancestors(), *subtree(record)]


def twin(record: Record) -> dict:
    return {
        "id": record.id,
        "type": record.type,
        "title": record.name,
        "url": record.url,
        "updated": record.updated.isoformat() if record.updated else None,
        "status": record.data.get("status") if record.type in STATUS_TYPES else None,
        "progress": progress(record),
        "deadline_state": initiative_state(record) if record.type == "initiative" else None,
        "measures": measures(record),
        "history": [
            {
                "date": change.date.isoformat(),
                "commit": change.commit,
                "note": change.note or None,
                "changes": [asdict(item) for item in change.items],
            }
            for change in record.history
        ],
        "fields": {name: plain(value) for name, value in record.data.items() if name not in ("type", "id")},
        "references": references(record),
    }


def twin_bytes(record: Record) -> bytes:
    """Compact, on one line: json's C encoder writes it (indented JSON goes through its Python code,
    three times slower: a third of the open data's time at 10,000 records), it is a fifth smaller,
    and the bulk files hold one record a line. Browsers show JSON indented anyway."""
    return (json.dumps(twin(record), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
