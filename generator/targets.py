"""How far a measure has come toward its target, and the dated values it has on the way."""

from __future__ import annotations

import math

from .linechart import progress_share


def series_of(item: dict) -> list[dict]:
    """A measure's or key figure's dated values, oldest first (unknown dates left out)."""
    return sorted(
        (point for point in item.get("values") or [] if point["date"].known),
        key=lambda point: (point["date"].first_day(), point["date"].last_day()),
    )


def actual_of(measure: dict) -> float | None:
    """The value reached: `actual`, or else the newest of its dated values."""
    if measure.get("actual") is not None:
        return measure["actual"]
    series = series_of(measure)
    return series[-1]["value"] if series else None


def percent(measure: dict) -> int | None:
    """How far the measure has come from baseline to target (linechart.progress_share), as a whole
    percentage (what pages and the CSV show); rounded down, so a target is never reached early."""
    share = progress_share(measure.get("baseline"), measure.get("target"), actual_of(measure))
    return None if share is None else math.floor(100 * share + 1e-9)
