"""`build.py check --stale`: what has gone out of date."""

from __future__ import annotations

import datetime as dt

from generator.core.messages import Message, plural
from generator.model.records import DONE, Site


def stale_report(site: Site, days: int, today: dt.date) -> list[Message]:
    """One message per stale item, each starting with the record's file."""
    lines = []
    for record in sorted(site.records.values(), key=lambda r: r.path):
        if record.type == "initiative":
            deadline, status = record.data.get("deadline"), record.data.get("status")
            if deadline and deadline.known and deadline.last_day() < today and status != DONE:
                lines.append(
                    Message("msg_stale_deadline", path=record.path, field="deadline", deadline=deadline.iso(), status=status_of(status))
                )
            for number, measure in enumerate(record.data["measures"], 1):
                deadline = measure.get("deadline")
                if deadline and deadline.known and deadline.last_day() < today and measure.get("status") != DONE:
                    where, measure_status = f"measures[{number}].deadline", status_of(measure.get("status"))
                    lines.append(
                        Message("msg_stale_deadline", path=record.path, field=where, deadline=deadline.iso(), status=measure_status)
                    )
        if record.updated and (today - record.updated).days > days:
            since = record.updated.isoformat()
            lines.append(plural("msg_stale_not_updated", (today - record.updated).days, path=record.path, since=since))
    return lines


def status_of(status: str | None) -> Message | str:
    return status or Message("msg_status_not_set")
