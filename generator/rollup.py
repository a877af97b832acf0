"""Progress of a strategy or track: its initiatives and measures counted by how far they have got."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .depends import note
from .model import DONE, Record

BUCKETS = {  # in the order a roll-up shows them → label
    "planlagt": "planlagt",
    "i-gang": "i gang",
    "gennemfoert": "gennemført",
    "forsinket": "forsinket",
    "opgivet": "opgivet",
    "ukendt": "ukendt",
}
STARTED = {"i-gang", "loebende"}
CURRENT = "vedtaget"  # only an adopted strategy's deadlines are held against today's date


def build_date() -> dt.date:
    note(("today",))  # what is late depends on it
    return dt.date.today()


def bucket(status: str | None, deadline, held_to_deadline: bool, today: dt.date) -> str:
    if status in (None, "ukendt"):
        return "ukendt"  # a passed deadline says nothing when nobody has said how far it got
    if status == DONE or status == "opgivet":
        return status
    if status == "udskudt" or (held_to_deadline and deadline and deadline.known and deadline.last_day() < today):
        return "forsinket"
    if status in STARTED:
        return "i-gang"
    return "planlagt"


def initiatives_below(record: Record) -> list[Record]:
    found, todo = [], list(record.children)
    while todo:
        child = todo.pop(0)
        if child.type == "initiative":
            found.append(child)
        elif child.type == "track":
            todo.extend(child.children)
    return found


def held_to_deadlines(record: Record) -> bool:
    """Whether the deadlines of the strategy a record belongs to count against today's date."""
    strategy = record if record.type == "strategy" else record.nearest("strategy")
    return strategy is not None and strategy.data.get("status") == CURRENT


def initiative_bucket(initiative: Record, held: bool, today: dt.date) -> str:
    return bucket(initiative.data.get("status"), initiative.data.get("deadline"), held, today)


def measure_bucket(initiative: Record, measure: dict, held: bool, today: dt.date) -> str:
    """A measure without a status or deadline of its own takes its initiative's."""
    deadline = measure.get("deadline") or initiative.data.get("deadline")
    return bucket(measure.get("status") or initiative.data.get("status"), deadline, held, today)


def rollup(record: Record, today: dt.date | None = None) -> dict[str, list[tuple[str, str, int]]]:
    """{"initiatives": [(bucket, label, count)], "measures": […]}, buckets with no items left out.
    An initiative's own roll-up counts itself."""
    today = today or build_date()
    held = held_to_deadlines(record)
    initiatives, measures = Counter(), Counter()
    for initiative in [record] if record.type == "initiative" else initiatives_below(record):
        initiatives[initiative_bucket(initiative, held, today)] += 1
        for measure in initiative.data["measures"]:
            measures[measure_bucket(initiative, measure, held, today)] += 1
    return {name: [(key, label, counts[key]) for key, label in BUCKETS.items() if counts[key]]
            for name, counts in (("initiatives", initiatives), ("measures", measures)) if counts}
