"""Line charts drawn at build time: a dated series as inline SVG, with a title, a description that
reads every value (and the target) in the page's language, and the values written beside the points
where there is room. No script, no colour-only meaning: the target is a dashed line with its own
label and a hollow diamond at its date; the series is a solid line with filled dots.

Every stroke and fill is also given as an attribute (currentColor or a grey), so the chart prints and
reads in black even where the stylesheet is missing; the stylesheet only refines it."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from markupsafe import Markup

from generator.core.dates import PartialDate
from generator.core.i18n import Catalogue
from generator.model.targets import finite, progress_share

WIDTH = 360  # viewBox units; shown at 100 % width, so about 1:1 on a 375 px phone
FONT = 13
CHAR = 0.6 * FONT  # a generous estimate of one character's advance
PLOT_HEIGHT = 170
TOP = 24  # above the top gridline: room for a label above the highest point or the target
RIGHT = 10  # right of the last point: room for its marker
INSET = 8  # between the y labels' gutter and the first point
ROW = 17  # one line of date labels under the plot
RADIUS = 4
GOAL = 6  # half the diagonal of the target's diamond


def _quote(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _middle(date: PartialDate) -> float:
    """Where a date of any precision sits on the time axis: the middle of the period it names, so a
    year, a month and a day can be drawn on one axis and keep their order."""
    return (date.first_day().toordinal() + date.last_day().toordinal()) / 2


def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10**exponent
    for multiple in (1, 2, 2.5, 5, 10):
        if fraction <= multiple + 1e-9:
            return multiple * 10**exponent
    return 10 * 10**exponent  # pragma: no cover (fraction < 10)


def _ticks(low: float, high: float) -> tuple[list[float], int]:
    """Four or so round gridline values covering low..high, and the decimals to write them with."""
    if high <= low:
        high = low + 1
    step = _nice_step((high - low) / 4)
    first = math.floor(round(low / step, 9))
    last = math.ceil(round(high / step, 9))
    exponent = math.floor(math.log10(step))
    decimals = max(0, -exponent + (1 if round(step / 10**exponent, 9) == 2.5 else 0))
    return [round(i * step, decimals) for i in range(first, last + 1)], decimals


def _width(text: str) -> float:
    return len(text) * CHAR


class _Space:
    """What is already drawn, as boxes and segments, so labels can be put where they hide nothing."""

    def __init__(self, left: float, top: float, right: float, bottom: float):
        self.bounds = (left, top, right, bottom)
        self.boxes: list[tuple[float, float, float, float]] = []
        self.segments: list[tuple[float, float, float, float]] = []

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        left, top, right, bottom = self.bounds
        if x0 < left or x1 > right or y0 < top or y1 > bottom:
            return False
        if any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in self.boxes):
            return False
        for sx0, sy0, sx1, sy1 in self.segments:
            if max(sx0, sx1) < x0 or min(sx0, sx1) > x1 or max(sy0, sy1) < y0 or min(sy0, sy1) > y1:
                continue
            steps = max(1, math.ceil(math.hypot(sx1 - sx0, sy1 - sy0) / 1.5))
            for i in range(steps + 1):
                x, y = sx0 + (sx1 - sx0) * i / steps, sy0 + (sy1 - sy0) * i / steps
                if x0 <= x <= x1 and y0 <= y <= y1:
                    return False
        return True


def _text_box(x: float, baseline: float, anchor: str, text: str) -> tuple[float, float, float, float]:
    width = _width(text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left - 1, baseline - 0.8 * FONT, left + width + 1, baseline + 0.25 * FONT


def _label(space: _Space, text: str, places: list[tuple[float, float, str]], *, must: bool = False) -> tuple[float, float, str] | None:
    """The first of `places` (x, baseline, anchor) where `text` hides nothing, now taken; None if
    none is free (or, when the label `must` be drawn, the first place inside the plot)."""
    for x, baseline, anchor in places:
        box = _text_box(x, baseline, anchor, text)
        if space.free(box):
            space.boxes.append(box)
            return x, baseline, anchor
    if must:  # over something drawn, then, but inside the plot
        left, top, right, bottom = space.bounds
        inside = [
            p for p in places if (b := _text_box(p[0], p[1], p[2], text))[0] >= left and b[2] <= right and b[1] >= top and b[3] <= bottom
        ]
        x, baseline, anchor = (inside or places)[0]
        space.boxes.append(_text_box(x, baseline, anchor, text))
        return x, baseline, anchor
    return None


def _text(cls: str, x: float, y: float, text: str, anchor: str = "start") -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}"{anchor_attr} fill="currentColor">{escape(text)}</text>'


def line_chart(
    series: list[dict],
    chart_id: str,
    t: Catalogue,
    *,
    title: str,
    unit: str = "",
    target: float | None = None,
    target_date: PartialDate | None = None,
    baseline: float | None = None,
) -> Markup:
    """An SVG line chart of `series` (dicts with a PartialDate `date`, a number `value` and perhaps a
    `note`), its interface text from the catalogue `t` of the page's language. Empty when fewer than
    two points can be drawn (points with an unknown date or no number are left out; a single value is
    better shown as a number)."""
    number = t.number
    points = sorted(
        (p for p in series if isinstance(p.get("date"), PartialDate) and p["date"].known and finite(p.get("value"))),
        key=lambda p: _middle(p["date"]),
    )
    if len(points) < 2:
        return Markup("")
    if not finite(target):
        target = None
    if not finite(baseline):
        baseline = None
    if target is None or (target_date is not None and not target_date.known):
        target_date = None

    def with_unit(value: float, decimals: int | None = None) -> str:
        return f"{number(value, decimals)} {unit}".strip()

    # The description: every point, then the target, then how far the latest value has come.
    said = []
    if baseline is not None:
        said.append(t("linechart_desc_baseline", value=with_unit(baseline)))
    for point in points:
        key = "linechart_desc_point_note" if point.get("note") else "linechart_desc_point"
        said.append(t(key, date=t.date(point["date"]), value=with_unit(point["value"]), note=point.get("note") or ""))
    if target is not None:
        said.append(
            t("linechart_desc_target_dated", date=t.date(target_date), value=with_unit(target))
            if target_date
            else t("linechart_desc_target", value=with_unit(target))
        )
    summary = "; ".join(said)
    summary += "" if summary.endswith(".") else "."  # a unit such as "kr." ends the sentence itself
    summary = summary[0].upper() + summary[1:]
    share = progress_share(baseline, target, points[-1]["value"])
    if share is not None:
        if share >= 1:
            summary += " " + t("linechart_progress_reached")
        elif share < 0:
            summary += " " + t("linechart_progress_away")
        else:  # rounded down: 99.6 % of the way is not the target reached
            summary += " " + t("linechart_progress", percent=number(math.floor(share * 100)))

    # The y axis: always from zero (or below, for negative values), round gridlines covering the target.
    values = [p["value"] for p in points] + [v for v in (target, baseline) if v is not None]
    ticks, decimals = _ticks(min(0, *values), max(0, *values))
    low, high = ticks[0], ticks[-1]
    tick_texts = [with_unit(tick, decimals) for tick in ticks]
    caption = ""
    if unit and max(_width(text) for text in tick_texts) + 10 > WIDTH * 0.35:
        tick_texts = [number(tick, decimals) for tick in ticks]  # the unit once, above the axis
        caption = unit
    gutter = max(_width(text) for text in tick_texts) + 8
    plot_left, plot_right = gutter + INSET, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, TOP + PLOT_HEIGHT

    def y_of(value: float) -> float:
        return plot_bottom - (value - low) / (high - low) * PLOT_HEIGHT

    # The x axis: from the first point to the last point or the target's date, whichever is later.
    times = [_middle(p["date"]) for p in points] + ([_middle(target_date)] if target_date else [])
    start, end = min(times), max(times)

    def x_of(date: PartialDate) -> float:
        if end == start:
            return (plot_left + plot_right) / 2
        return plot_left + (_middle(date) - start) / (end - start) * (plot_right - plot_left)

    xy = [(x_of(p["date"]), y_of(p["value"])) for p in points]
    space = _Space(0, 0, WIDTH, plot_bottom - 2)
    space.segments += [(x0, y0, x1, y1) for (x0, y0), (x1, y1) in zip(xy, xy[1:], strict=False)]
    space.boxes += [(x - RADIUS - 1, y - RADIUS - 1, x + RADIUS + 1, y + RADIUS + 1) for x, y in xy]
    space.boxes.append((0, 0, gutter, plot_bottom + 1))  # the y labels

    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        cls = "linechart__zero" if tick == 0 and low < 0 else "linechart__grid"
        colour = "currentColor" if cls == "linechart__zero" else "#949494"
        parts.append(
            f'<line class="{cls}" x1="{gutter + 2:.1f}" x2="{WIDTH:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(_text("linechart__tick-label", gutter, y + 0.35 * FONT, text, "end"))
    if caption:
        parts.append(_text("linechart__unit", 0, plot_top - 10, caption))
        space.boxes.append(_text_box(0, plot_top - 10, "start", caption))

    # The target: a dashed line across the plot, a diamond at its date, and a label beside it.
    if target is not None:
        y = y_of(target)
        parts.append(
            f'<line class="linechart__target" x1="{gutter + 2:.1f}" x2="{WIDTH:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        space.segments.append((gutter + 2, y, WIDTH, y))
        label = (
            t("linechart_target_label_dated", date=t.date(target_date), value=with_unit(target))
            if target_date
            else t("linechart_target_label", value=with_unit(target))
        )
        above, below = y - 6, y + 0.8 * FONT + 5
        last_above = points[-1]["value"] > target  # put the label on the side where the series is not
        sides = [below, above] if last_above else [above, below]
        middle = (plot_left + plot_right) / 2
        places: list[tuple[float, float, str]] = [(plot_right, side, "end") for side in sides]
        places += [(plot_right - GOAL - 4, side, "end") for side in sides]
        places += [(middle, side, "middle") for side in sides] + [(plot_left, side, "start") for side in sides]
        if target_date:
            gx = x_of(target_date)
            space.boxes.append((gx - GOAL - 1, y - GOAL - 1, gx + GOAL + 1, y + GOAL + 1))
            places = [(gx - GOAL - 4, side, "end") for side in sides] + places
        # Where the dated label finds no room, the date is left to the axis and the diamond.
        labels = [label, t("linechart_target_label", value=with_unit(target))] if target_date else [label]
        for shown in labels:
            where = _label(space, shown, places)
            if where:
                break
        else:
            where = _label(space, shown, places + [(0, side, "start") for side in sides], must=True)
        assert where is not None  # a label that must be drawn always gets a place
        parts.append(_text("linechart__target-label", where[0], where[1], shown, where[2]))

    # The series: a solid line and a filled dot per point, each dot titled with its date and value.
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts.append(
        f'<polyline class="linechart__line" points="{path}" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linejoin="round"/>'
    )
    for point, (x, y) in zip(points, xy, strict=True):
        said_point = t("linechart_desc_point", date=t.date(point["date"]), value=with_unit(point["value"]))
        parts.append(
            f'<circle class="linechart__point" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" fill="currentColor" '
            f'stroke="#fff" stroke-width="1.5"><title>{escape(said_point)}</title></circle>'
        )
    if target_date:
        assert target is not None  # a target date is only kept with a target
        gx, gy = x_of(target_date), y_of(target)
        parts.append(
            f'<path class="linechart__goal" d="M{gx:.1f},{gy - GOAL:.1f}l{GOAL},{GOAL}l-{GOAL},{GOAL}l-{GOAL},-{GOAL}z" '
            f'fill="#fff" stroke="currentColor" stroke-width="2"><title>{escape(label)}</title></path>'
        )

    # The values beside their points where they hide nothing: the latest first, then the first, then the
    # rest; where the points stand closer than a value is wide, only the highest and lowest of the rest,
    # lest a value be read as its neighbour's (every value is in the description all the same).
    order = [len(points) - 1, 0] + list(range(1, len(points) - 1))
    if (xy[-1][0] - xy[0][0]) / (len(points) - 1) < max(_width(with_unit(p["value"])) for p in points):
        inner = range(1, len(points) - 1)
        order = list(
            dict.fromkeys(
                order[:2]
                + [max(inner, key=lambda i: points[i]["value"], default=0), min(inner, key=lambda i: points[i]["value"], default=0)]
            )
        )
    for index in order:
        x, y = xy[index]
        text = with_unit(points[index]["value"])
        up, down = y - RADIUS - 4, y + RADIUS + 3 + 0.8 * FONT
        ahead = [
            (x, up, "middle"),
            (x, down, "middle"),
            (x + 6, up, "start"),
            (x - 6, up, "end"),
            (x + 6, down, "start"),
            (x - 6, down, "end"),
        ]
        where = _label(space, text, ahead)
        if where:
            parts.append(_text("linechart__value", where[0], where[1], text, where[2]))

    # The dates under the plot: the first and the last always, the others where there is room.
    dated: dict[float, PartialDate] = {}
    for date in [p["date"] for p in points] + ([target_date] if target_date else []):
        dated.setdefault(round(x_of(date), 1), date)
    stops = sorted(dated.items())
    rows: list[list[tuple[float, float]]] = [[]]

    def place(x: float, text: str, row: int) -> tuple[float, str] | None:
        width = _width(text)
        if x - width / 2 < 0:
            left, anchor, at = 0.0, "start", 0.0
        elif x + width / 2 > WIDTH:
            left, anchor, at = WIDTH - width, "end", float(WIDTH)
        else:
            left, anchor, at = x - width / 2, "middle", x
        while len(rows) <= row:
            rows.append([])
        if any(left < b + 8 and a - 8 < left + width for a, b in rows[row]):
            return None
        rows[row].append((left, left + width))
        return at, anchor

    ticks_x = []
    first, *middle_stops, last = stops if len(stops) > 1 else stops * 2  # all on one date: one label
    for index, (x, date) in enumerate([first] + ([last] if last is not first else []) + middle_stops):
        text = t.date(date)
        spot = place(x, text, 0)
        if spot is None and index < 2:  # the last date does not fit beside the first: a row lower
            spot = place(x, text, 1)
            row = 1
        else:
            row = 0
        if spot:
            ticks_x.append(x)
            parts.append(_text("linechart__date", spot[0], plot_bottom + ROW * (row + 1), text, spot[1]))
    for x in ticks_x:
        parts.append(
            f'<line class="linechart__tick" x1="{x:.1f}" x2="{x:.1f}" y1="{plot_bottom:.1f}" y2="{plot_bottom + 4:.1f}" '
            f'stroke="currentColor" stroke-width="1"/>'
        )
    height = plot_bottom + ROW * len([row for row in rows if row]) + 6

    title_id, desc_id = _quote(f"{chart_id}-titel"), _quote(f"{chart_id}-beskrivelse")
    svg = (
        f'<svg class="linechart" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-size="{FONT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(summary)}</desc>{"".join(parts)}</svg>'
    )
    return Markup(svg)
