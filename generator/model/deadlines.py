"""Deadline state: whether an initiative or measure is on time, late, or late with nobody saying so.

Every initiative and measure gets one of five states, held against a reference date (the day of the
build; `build --today` or SOURCE_DATE_EPOCH fix it for reproducible builds). A status counts as
reported on its strategy's `as_of` (the date the content describes), or, without one, on the day
its record last changed. A deadline that passed with no status reported after it is not read as
success: it is "uden opfølgning".
"""

from __future__ import annotations

import datetime as dt
import os

from generator.core.dates import PartialDate
from generator.core.depends import note
from generator.model.records import DONE, Record

# In the order roll-ups show them: what needs attention first.
STATES = ("forsinket", "uden-opfoelgning", "frist-ikke-naaet", "gennemfoert", "ingen-frist")
OVERDUE = ("forsinket", "uden-opfoelgning")
SILENT = (None, "ukendt", "planlagt")  # statuses that report nothing about delivery

_fixed_day: dt.date | None = None


def fix_today(day: dt.date | None) -> None:
    """The reference date of this process's builds (None: the clock, or SOURCE_DATE_EPOCH)."""
    global _fixed_day
    _fixed_day = day


def today() -> dt.date:
    """The reference date, noted as read: what is late depends on it."""
    note(("today",))
    if _fixed_day is not None:
        return _fixed_day
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def state(status: str | None, deadline: PartialDate | None, reported: dt.date | None, on: dt.date) -> str:
    """The deadline state of an item with `status` and `deadline`, its status reported on `reported`."""
    if status == DONE:
        return "gennemfoert"
    if deadline is None or not deadline.known:
        return "ingen-frist"
    due = deadline.last_day()
    if due >= on:
        return "frist-ikke-naaet"
    if status in SILENT or reported is None or reported <= due:
        return "uden-opfoelgning"
    return "forsinket"


def reported_on(initiative: Record) -> dt.date | None:
    """When the statuses of an initiative were reported: its strategy's as_of (its first day: a status
    "as of 2023" cannot be shown to come after a deadline in 2023), else the record's last change."""
    strategy = initiative.nearest("strategy")
    as_of = strategy.data.get("as_of") if strategy is not None else None
    if as_of is not None and as_of.known:
        return as_of.first_day()
    return initiative.updated


def measure_deadline(initiative: Record, measure: dict) -> PartialDate | None:
    """A measure without a deadline of its own has its initiative's."""
    return measure.get("deadline") or initiative.data.get("deadline")


def measure_status(initiative: Record, measure: dict) -> str | None:
    return measure.get("status") or initiative.data.get("status")


def initiative_state(initiative: Record, on: dt.date | None = None) -> str:
    return state(initiative.data.get("status"), initiative.data.get("deadline"), reported_on(initiative), on or today())


def measure_state(initiative: Record, measure: dict, on: dt.date | None = None) -> str:
    return state(measure_status(initiative, measure), measure_deadline(initiative, measure), reported_on(initiative), on or today())
