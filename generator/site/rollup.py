"""Progress of a strategy, track or term: its initiatives and measures counted by deadline state."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from generator.model.deadlines import STATES, initiative_state, measure_state, today
from generator.model.records import Record


def initiatives_below(record: Record) -> list[Record]:
    found, todo = [], list(record.children)
    while todo:
        child = todo.pop(0)
        if child.type == "initiative":
            found.append(child)
        elif child.type == "track":
            todo.extend(child.children)
    return found


def count_states(initiatives: list[Record], on: dt.date | None = None) -> dict[str, list[tuple[str, int]]]:
    """{"initiatives": [(state, count)], "measures": […]} in the order of STATES, states with no items left out."""
    on = on or today()
    counted: dict[str, Counter] = {"initiatives": Counter(), "measures": Counter()}
    for initiative in initiatives:
        counted["initiatives"][initiative_state(initiative, on)] += 1
        for measure in initiative.data["measures"]:
            counted["measures"][measure_state(initiative, measure, on)] += 1
    return {name: [(key, counts[key]) for key in STATES if counts[key]] for name, counts in counted.items() if counts}


def rollup(record: Record, on: dt.date | None = None) -> dict[str, list[tuple[str, int]]]:
    """The counts of a strategy's or track's initiatives; an initiative's own roll-up counts itself."""
    return count_states([record] if record.type == "initiative" else initiatives_below(record), on)
