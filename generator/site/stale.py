"""`build.py check --stale`: what has gone out of date."""

from __future__ import annotations

import datetime as dt

from generator.model.records import DONE, Site


def stale_report(site: Site, days: int, today: dt.date) -> list[str]:
    lines = []
    for record in sorted(site.records.values(), key=lambda r: r.path):
        if record.type == "initiative":
            deadline, status = record.data.get("deadline"), record.data.get("status")
            if deadline and deadline.known and deadline.last_day() < today and status != DONE:
                lines.append(f"{record.path}: deadline: {deadline.iso()} has passed, but status is {status or 'not set'}")
            for number, measure in enumerate(record.data["measures"], 1):
                deadline = measure.get("deadline")
                if deadline and deadline.known and deadline.last_day() < today and measure.get("status") != DONE:
                    lines.append(
                        f"{record.path}: measures[{number}].deadline: {deadline.iso()} has passed, "
                        f"but status is {measure.get('status') or 'not set'}"
                    )
        if record.updated and (today - record.updated).days > days:
            lines.append(f"{record.path}: not updated for {(today - record.updated).days} days (since {record.updated.isoformat()})")
    return lines
