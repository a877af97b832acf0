"""How far a measure has come toward its target, and the dated values it has on the way."""

from __future__ import annotations

import math
from typing import TypeGuard


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
    """How far the measure has come from baseline to target (progress_share), as a whole
    percentage (what pages and the CSV show); rounded down, so a target is never reached early."""
    share = progress_share(measure.get("baseline"), measure.get("target"), actual_of(measure))
    return None if share is None else math.floor(100 * share + 1e-9)


def progress_share(baseline: float | None, target: float | None, actual: float | None) -> float | None:
    """How far along the way from `baseline` to `target` the `actual` value has come: 0.0 at the
    baseline, 1.0 at the target, above 1.0 past it and below 0.0 when it went the other way. Works
    the same for a reduction (target below baseline). None when a value is missing or not a number,
    or when target and baseline are equal (there is no way to go)."""
    if not (finite(baseline) and finite(target) and finite(actual)) or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def finite(value: object) -> TypeGuard[float]:
    """A number that can be drawn and computed with (not a bool, not infinite, not NaN)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
